"""Writes on what happens to a registered child: screening sessions and results, surgery, follow-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoanhap.audit.services import audit_record
from hoanhap.campaigns.models import (
    Campaign,
    ConditionGroup,
    FollowUp,
    FollowUpStatus,
    FundingSource,
    Registration,
    ScreeningResult,
    ScreeningSession,
    Surgery,
    SurgeryOutcome,
)
from hoanhap.campaigns.services import check_campaign_open, check_commune_of_campaign
from hoanhap.core.exceptions import ApplicationError
from hoanhap.geo.models import AdminUnit


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ApplicationError(_("The date cannot be in the future."), field=field)


def _in_scope(actor: Any, registration: Registration) -> None:
    if not actor.scope.covers(registration.unit_path):
        raise ApplicationError(_("This child is outside your area."), code="out_of_scope")


@transaction.atomic
def screening_session_create(
    *, actor: Any, campaign: Campaign, commune: AdminUnit, held_on: date, place: str, team: str
) -> ScreeningSession:
    """A screening day in a commune, within the period of the campaign."""
    check_campaign_open(campaign)
    check_commune_of_campaign(actor=actor, campaign=campaign, commune=commune, field="commune")
    if not campaign.starts_on <= held_on <= campaign.ends_on:
        raise ApplicationError(
            _("The date must lie within the campaign, from %(start)s to %(end)s.")
            % {"start": f"{campaign.starts_on:%d/%m/%Y}", "end": f"{campaign.ends_on:%d/%m/%Y}"},
            field="held_on",
        )
    if not place.strip():
        raise ApplicationError(_("Enter the place of the screening."), field="place")
    if not team.strip():
        raise ApplicationError(_("Enter the team or the hospital that screens."), field="team")
    session = ScreeningSession(
        campaign=campaign,
        commune=commune,
        unit_path=commune.path,
        held_on=held_on,
        place=place.strip(),
        team=team.strip(),
        created_by=actor,
    )
    session.full_clean(exclude=["created_by", "campaign", "commune"])
    session.save()
    audit_record(
        actor=actor,
        action="campaigns.session.created",
        obj=session,
        unit_path=session.unit_path,
        new={"campaign": campaign.pk, "held_on": held_on, "place": session.place, "team": session.team},
    )
    return session


@dataclass(frozen=True)
class ResultData:
    registration_id: int
    condition_confirmed: bool
    surgery_indicated: bool
    confirmed_group: str = ""
    referral: str = ""
    notes: str = ""


def _checked_result(data: ResultData, registration: Registration) -> None:
    if data.condition_confirmed and data.confirmed_group not in ConditionGroup.values:
        raise ApplicationError(
            _("%(name)s: choose the group of the condition found.") % {"name": registration.person.full_name},
            field="confirmed_group",
            extra={"registration": registration.pk},
        )
    if data.surgery_indicated and not data.condition_confirmed:
        raise ApplicationError(
            _("%(name)s: surgery can be indicated only for a confirmed condition.")
            % {"name": registration.person.full_name},
            field="surgery_indicated",
            extra={"registration": registration.pk},
        )
    if not data.surgery_indicated and hasattr(registration, "surgery"):
        raise ApplicationError(
            _("%(name)s has had surgery: the indication cannot be withdrawn.")
            % {"name": registration.person.full_name},
            field="surgery_indicated",
            extra={"registration": registration.pk},
        )


def _values(result: ScreeningResult) -> dict[str, Any]:
    return {
        "session": result.session_id,
        "condition_confirmed": result.condition_confirmed,
        "confirmed_group": result.confirmed_group,
        "surgery_indicated": result.surgery_indicated,
        "referral": result.referral,
        "notes": result.notes,
    }


@transaction.atomic
def screening_results_record(
    *, actor: Any, session: ScreeningSession, results: Sequence[ResultData]
) -> list[ScreeningResult]:
    """The results of a screening day, all or none: a child screened again has their result replaced."""
    check_campaign_open(session.campaign)
    wanted = [data.registration_id for data in results]
    registrations = {
        registration.pk: registration
        for registration in Registration.objects.filter(
            pk__in=wanted, campaign_id=session.campaign_id, commune_id=session.commune_id
        ).select_related("person", "result", "surgery")
    }
    recorded = []
    for data in results:
        registration = registrations.get(data.registration_id)
        if registration is None:
            raise ApplicationError(
                _("A child is not on this commune's list for the campaign."), code="not_registered"
            )
        _in_scope(actor, registration)
        _checked_result(data, registration)
        recorded.append(_record_one(actor, session, registration, data))
    return recorded


def _record_one(
    actor: Any, session: ScreeningSession, registration: Registration, data: ResultData
) -> ScreeningResult:
    existing: ScreeningResult | None = getattr(registration, "result", None)
    old = _values(existing) if existing is not None else None
    result = existing or ScreeningResult(registration=registration)
    result.session = session
    result.condition_confirmed = data.condition_confirmed
    result.confirmed_group = data.confirmed_group if data.condition_confirmed else ""
    result.surgery_indicated = data.surgery_indicated
    result.referral = data.referral.strip()
    result.notes = data.notes.strip()
    result.recorded_by = actor
    result.full_clean(exclude=["recorded_by", "registration", "session"])
    if existing is None:
        result.save()
    else:
        result.save(
            update_fields=[
                "session",
                "condition_confirmed",
                "confirmed_group",
                "surgery_indicated",
                "referral",
                "notes",
                "recorded_by",
                "recorded_at",
            ]
        )
    audit_record(
        actor=actor,
        action="campaigns.result.recorded" if existing is None else "campaigns.result.changed",
        obj=result,
        unit_path=registration.unit_path,
        old=old,
        new={"registration": registration.pk, **_values(result)},
    )
    return result


@transaction.atomic
def surgery_record(
    *,
    actor: Any,
    registration: Registration,
    hospital: str,
    operated_on: date,
    paid_by: str,
    outcome: str,
    cost: int | None = None,
    notes: str = "",
) -> Surgery:
    """The surgery of a child whose screening indicated it."""
    _in_scope(actor, registration)
    result: ScreeningResult | None = getattr(registration, "result", None)
    if result is None or not result.surgery_indicated:
        raise ApplicationError(
            _("Surgery is recorded only for a child whose screening indicated it."), code="not_indicated"
        )
    if Surgery.objects.filter(registration=registration).exists():
        raise ApplicationError(_("This child's surgery is already recorded."), code="already_operated")
    if not hospital.strip():
        raise ApplicationError(_("Enter the hospital."), field="hospital")
    _not_in_future(operated_on, "operated_on")
    if paid_by not in FundingSource.values:
        raise ApplicationError(_("Choose who paid."), field="paid_by")
    if outcome not in SurgeryOutcome.values:
        raise ApplicationError(_("Choose the outcome."), field="outcome")
    surgery = Surgery(
        registration=registration,
        hospital=hospital.strip(),
        operated_on=operated_on,
        cost=cost,
        paid_by=paid_by,
        outcome=outcome,
        notes=notes.strip(),
        recorded_by=actor,
    )
    surgery.full_clean(exclude=["recorded_by", "registration"])
    surgery.save()
    audit_record(
        actor=actor,
        action="campaigns.surgery.recorded",
        obj=surgery,
        unit_path=registration.unit_path,
        new={
            "registration": registration.pk,
            "hospital": surgery.hospital,
            "operated_on": operated_on,
            "cost": cost,
            "paid_by": paid_by,
            "outcome": outcome,
        },
    )
    return surgery


@transaction.atomic
def follow_up_record(
    *, actor: Any, registration: Registration, followed_on: date, status: str, note: str = ""
) -> FollowUp:
    """A follow-up visit or a step of rehabilitation, for a child already screened."""
    _in_scope(actor, registration)
    if not ScreeningResult.objects.filter(registration=registration).exists():
        raise ApplicationError(_("Follow-up is recorded after the screening."), code="not_screened")
    _not_in_future(followed_on, "followed_on")
    if status not in FollowUpStatus.values:
        raise ApplicationError(_("Choose the status."), field="status")
    follow_up = FollowUp(
        registration=registration,
        followed_on=followed_on,
        status=status,
        note=note.strip(),
        recorded_by=actor,
    )
    follow_up.full_clean(exclude=["recorded_by", "registration"])
    follow_up.save()
    audit_record(
        actor=actor,
        action="campaigns.follow_up.recorded",
        obj=follow_up,
        unit_path=registration.unit_path,
        new={"registration": registration.pk, "followed_on": followed_on, "status": status},
    )
    return follow_up
