"""Time-based one-time passwords (TOTP, RFC 6238) through django-otp's TOTP device."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from hoanhap.accounts.models import User
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError


def totp_confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@transaction.atomic
def totp_enrolment_begin(*, user: User) -> TOTPDevice:
    """An unconfirmed device whose secret the user loads into their authenticator app."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user: User, code: str) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        raise ApplicationError(_("Start the set-up again."), field="code")
    if not device.verify_token(code.strip().replace(" ", "")):
        raise ApplicationError(
            _("The code is not correct. Check the time on your phone and try again."), field="code"
        )
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="accounts.two_factor.enabled", obj=user)
    return device


@transaction.atomic
def totp_disable(*, user: User) -> None:
    if user.requires_two_factor:
        raise ApplicationError(_("Two-step verification is required for your role."), field="code")
    deleted, _details = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, action="accounts.two_factor.disabled", obj=user)


def totp_verify(*, user: User, code: str) -> TOTPDevice | None:
    """The confirmed device if ``code`` is valid for it (each code is accepted once)."""
    device = totp_confirmed_device(user)
    if device is not None and device.verify_token(code.strip().replace(" ", "")):
        return device
    return None
