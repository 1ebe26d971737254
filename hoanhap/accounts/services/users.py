from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hoanhap.accounts.models import UnitAssignment, User
from hoanhap.accounts.roles import ASSIGNABLE_TIER, Role
from hoanhap.agencies.models import Agency
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit, Edition


def _check_assignment(role: str, units: Sequence[AdminUnit], agency: Agency | None) -> None:
    """A role's units must be current units of the right tier; agency reporters need their agency."""
    if role not in Role.values:
        raise ApplicationError(_("Unknown role."), field="role")
    if role != Role.ADMIN and not units:
        raise ApplicationError(_("Assign at least one administrative unit."), field="units")
    tier = ASSIGNABLE_TIER[Role(role)]
    for unit in units:
        if unit.edition != Edition.CURRENT:
            raise ApplicationError(
                _("%(unit)s is a former unit; assign a current one.") % {"unit": unit.name}, field="units"
            )
        if tier is not None and unit.tier != tier:
            raise ApplicationError(
                _("%(unit)s is not a unit of the tier this role works at.") % {"unit": unit.name},
                field="units",
            )
    if role == Role.AGENCY and agency is None:
        raise ApplicationError(_("An agency reporter must belong to an agency."), field="agency")


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), code="weak_password", field="password") from None


def _describe(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "email": user.email,
        "role": user.role,
        "agency": user.agency_id,
        "is_active": user.is_active,
        "units": sorted(user.unit_assignments.values_list("unit__code", flat=True)),
    }


def _set_units(user: User, units: Sequence[AdminUnit]) -> None:
    UnitAssignment.objects.filter(user=user).exclude(unit__in=units).delete()
    have = set(UnitAssignment.objects.filter(user=user).values_list("unit_id", flat=True))
    UnitAssignment.objects.bulk_create(
        [UnitAssignment(user=user, unit=unit) for unit in units if unit.pk not in have]
    )
    user.forget_scope()


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    units: Sequence[AdminUnit] = (),
    agency: Agency | None = None,
    full_name: str = "",
    email: str = "",
) -> User:
    username = username.strip()
    if not username:
        raise ApplicationError(_("Enter a user name."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("This user name is already taken."), code="duplicate", field="username")
    _check_assignment(role, units, agency)
    first, _sep, last = full_name.strip().rpartition(" ")
    user = User(
        username=username, role=role, agency=agency, email=email.strip(), first_name=first, last_name=last
    )
    _check_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _set_units(user, units)
    audit_record(actor=actor, action="accounts.user.created", obj=user, new=_describe(user))
    return user


@transaction.atomic
def user_update(
    *,
    actor: Any,
    user: User,
    role: str,
    units: Sequence[AdminUnit],
    agency: Agency | None,
    full_name: str,
    email: str,
    is_active: bool,
) -> User:
    if actor is not None and actor.pk == user.pk and (role != user.role or not is_active):
        raise ApplicationError(_("You cannot change your own role or deactivate yourself."), field="role")
    _check_assignment(role, units, agency)
    old = _describe(user)
    first, _sep, last = full_name.strip().rpartition(" ")
    user.role, user.agency, user.email, user.is_active = role, agency, email.strip(), is_active
    user.first_name, user.last_name = first, last
    user.full_clean(exclude=["password"])
    user.save(update_fields=["role", "agency", "email", "is_active", "first_name", "last_name"])
    _set_units(user, units)
    new = _describe(user)
    changed = {key for key in new if new[key] != old[key]}
    if changed:
        audit_record(
            actor=actor,
            action="accounts.user.updated",
            obj=user,
            old={key: old[key] for key in changed},
            new={key: new[key] for key in changed},
        )
    return user


@transaction.atomic
def user_set_password(*, actor: Any, user: User, password: str) -> None:
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="accounts.user.password_set", obj=user)


@transaction.atomic
def user_unlock(*, actor: Any, user: User) -> int:
    """Clear the failed sign-ins that lock ``user`` out; returns how many attempt records were removed."""
    removed = AccessAttempt.objects.filter(username=user.username).delete()[0]
    if removed:
        audit_record(
            actor=actor, action="accounts.user.unlocked", obj=user, new={"attempts_cleared": removed}
        )
    return removed
