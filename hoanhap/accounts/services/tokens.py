from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.accounts.models import ApiToken, User
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError

# Not a secret: the marker that tells a hoanhap token from other bearer tokens in logs and scanners.
TOKEN_PREFIX = "hnp_"  # noqa: S105


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``actor``; returns the row and the secret, which is never stored nor shown again."""
    name = name.strip()
    if not name:
        raise ApplicationError(
            _("Give the token a name, for example the program that will use it."), field="name"
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name[:100], prefix=raw[:12], key_hash=token_hash(raw))
    audit_record(actor=actor, action="accounts.api_token.created", obj=token, new={"name": token.name})
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="accounts.api_token.revoked", obj=token)


def api_token_authenticate(raw: str) -> User | None:
    """The active user owning an unrevoked token, or None. Records when the token was last used."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
