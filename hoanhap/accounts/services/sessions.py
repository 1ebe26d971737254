from __future__ import annotations

from hoanhap.accounts.models import User
from hoanhap.audit.services import audit_record


def session_signed_in(*, user: User, two_factor: bool) -> None:
    audit_record(actor=user, action="accounts.session.signed_in", obj=user, new={"two_factor": two_factor})


def session_signed_out(*, user: User) -> None:
    audit_record(actor=user, action="accounts.session.signed_out", obj=user)
