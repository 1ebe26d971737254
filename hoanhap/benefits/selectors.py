"""Reading the entitlement rules, and what the recorded decisions say each person is owed.

The rules are public, not personal data: no viewer, no audit. ``amounts_due`` and ``arrears`` take a person
the caller has already fetched inside its scope; ``changes_due`` takes the viewer and keeps to its area.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.models import DisabilityDetermination
from hoanhap.benefits.ages import age_in_month
from hoanhap.benefits.engine import ELIGIBLE, monthly_allowance
from hoanhap.benefits.explain import Line
from hoanhap.benefits.levels import StandardLevels, owed
from hoanhap.benefits.models import BenefitDecision, BenefitKind, BenefitParameter, DecisionAction, StopReason
from hoanhap.benefits.parameters import (
    Parameter,
    ParameterSet,
    add_months,
    enclosing_paths,
    first_of_month,
    last_day_of_month,
    months_between,
)
from hoanhap.core.scope import Viewer
from hoanhap.people.models import Person, PersonStatus

# Who decides on support sees the changes that are due.
MANAGE = "registry.manage"


def parameters_at(*, month: date, unit_path: str = "") -> ParameterSet:
    """The rules in force in ``month`` for a unit (national rules for ``""``), in one query.

    Where a province (or any unit above ``unit_path``) has its own row of a rule, the most specific row
    wins over the national one.
    """
    start = first_of_month(month)
    return _parameter_set(start, unit_path, list(_rows_in_force(start, enclosing_paths(unit_path))))


def parameters_by_path(*, month: date, unit_paths: Iterable[str]) -> dict[str, ParameterSet]:
    """``parameters_at`` for several units at once, in one query whatever their number."""
    start = first_of_month(month)
    wanted = set(unit_paths)
    scopes = {scope for path in wanted for scope in enclosing_paths(path)}
    rows = list(_rows_in_force(start, sorted(scopes)))
    return {path: _parameter_set(start, path, rows) for path in wanted}


def _rows_in_force(start: date, scopes: list[str]) -> QuerySet[BenefitParameter]:
    return BenefitParameter.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start), unit_path__in=scopes, valid_from__lte=start
    )


def _parameter_set(start: date, unit_path: str, rows: list[BenefitParameter]) -> ParameterSet:
    """The rows that apply to ``unit_path`` among ``rows`` (all in force in ``start``), the most specific
    scope winning."""
    scopes = set(enclosing_paths(unit_path))
    chosen: dict[str, BenefitParameter] = {}
    for row in rows:
        if row.unit_path not in scopes:
            continue
        held = chosen.get(row.code)
        if held is None or len(row.unit_path) > len(held.unit_path):
            chosen[row.code] = row
    return ParameterSet(
        month=start,
        unit_path=unit_path,
        rules={
            code: Parameter(
                code=row.code,
                value=row.value,
                text_value=row.text_value,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                unit_path=row.unit_path,
                legal_basis=row.legal_basis,
                confidence=row.confidence,
            )
            for code, row in chosen.items()
        },
    )


def parameter_history(*, code: str = "") -> QuerySet[BenefitParameter]:
    """Every recorded row, by rule, scope and start: the history an administrator reviews."""
    rows = BenefitParameter.objects.select_related("unit").order_by("code", "unit_path", "valid_from")
    return rows.filter(code=code) if code else rows


# --- What the decisions say is owed ----------------------------------------------------------------------
#
# A decision in force in a month is the person's latest decision of that kind (by ``effective_from``, then
# by the order of recording) taking effect in or before the month; a stop in force means nothing is owed.
# A month's sum is the standard level in force in that month, in the deciding commune, × the decided
# coefficient: a new standard level applies by itself, without a new decision, while a new coefficient
# (an age threshold crossed, a severity re-determined) needs one (see ``changes_due``). Funeral support is
# owed once, in the month it takes effect; the health-insurance card is not paid in money.


@dataclass(frozen=True)
class MonthAmount:
    """A sum owed for one month: negative for a recovery of what was paid and is no longer owed."""

    month: date
    dong: int


@dataclass(frozen=True)
class AmountDue:
    """What the run of ``month`` pays: that month's sum and the corrections of earlier months."""

    month: date
    regular: int
    adjustments: tuple[MonthAmount, ...]

    @property
    def total(self) -> int:
        return self.regular + sum(item.dong for item in self.adjustments)


def _decisions_signed_by(*, person: Person, kind: str, day: date) -> list[BenefitDecision]:
    return list(BenefitDecision.objects.filter(person=person, kind=kind, signed_on__lte=day))


def arrears(*, person: Person, kind: str, decided_on: date, effective_from: date) -> list[MonthAmount]:
    """Each month from ``effective_from`` to the month before ``decided_on``'s, with what the decisions
    signed on ``decided_on`` change in it: arrears (positive) or recoveries (negative).

    Assumption: every one of those months was paid, in its own run, under the decisions signed before
    ``decided_on``; so a start yields the full sums, a stop recovers the sums paid, a change the difference.
    Two queries whatever the number of months.
    """
    decisions = _decisions_signed_by(person=person, kind=kind, day=decided_on)
    before = [decision for decision in decisions if decision.signed_on < decided_on]
    levels = StandardLevels.for_units({decision.unit_path for decision in decisions})
    return [
        MonthAmount(month, owed(decisions, month, levels) - owed(before, month, levels))
        for month in months_between(effective_from, decided_on)
    ]


def amounts_due(*, person: Person, kind: str, month: date, paid_through: date | None = None) -> AmountDue:
    """What the run of ``month`` owes the person for ``kind``, by the decisions signed by the month's end.

    ``regular`` is the month's own sum. ``adjustments`` correct earlier months: with ``paid_through``
    empty, every earlier month is taken to have been paid in its own run under the decisions known then,
    so only the decisions signed during ``month`` change them (``arrears``); with ``paid_through`` (a month
    before ``month``), the months after it were not paid at all and are owed in full.
    """
    run = first_of_month(month)
    if paid_through is not None and first_of_month(paid_through) >= run:
        raise ValueError("paid_through must be a month before the run's month")
    decisions = _decisions_signed_by(person=person, kind=kind, day=last_day_of_month(run))
    before = [decision for decision in decisions if decision.signed_on < run]
    levels = StandardLevels.for_units({decision.unit_path for decision in decisions})
    unpaid_from = add_months(first_of_month(paid_through), 1) if paid_through is not None else run
    changed_from = min((d.effective_from for d in decisions if d.signed_on >= run), default=run)
    first_owed = min((d.effective_from for d in decisions), default=run)
    adjustments = []
    for earlier in months_between(min(changed_from, max(unpaid_from, first_owed)), run):
        due = owed(decisions, earlier, levels)
        if earlier < unpaid_from:
            due -= owed(before, earlier, levels)
        if due:
            adjustments.append(MonthAmount(earlier, due))
    return AmountDue(month=run, regular=owed(decisions, run, levels), adjustments=tuple(adjustments))


# --- The changes that are due ----------------------------------------------------------------------------


class ChangeKind(models.TextChoices):
    AGE = "age", _("Age threshold crossed")
    SEVERITY = "severity", _("Severity re-determined")
    DECEASED = "deceased", _("Deceased")
    MOVED = "moved", _("Moved away")


@dataclass(frozen=True)
class ChangeProposal:
    """A decision to propose: ``action`` change (with the new coefficient and amount) or stop."""

    person: Person
    in_force: BenefitDecision
    change: ChangeKind
    action: DecisionAction
    effective_from: date
    coefficient: Decimal | None = None
    monthly_amount: int | None = None
    reason: str = ""
    explanation: tuple[Line, ...] = ()


def _allowances_in_force(*, viewer: Viewer, month: date) -> QuerySet[BenefitDecision]:
    """The newest allowance decision of each person in the viewer's area, when it is a start or a change
    taking effect by ``month``, with the person and their current severity. A person whose newest decision
    takes effect after ``month`` is left out: a decision about them is already on its way."""
    newer = BenefitDecision.objects.filter(person=OuterRef("person"), kind=OuterRef("kind")).filter(
        Q(effective_from__gt=OuterRef("effective_from"))
        | Q(effective_from=OuterRef("effective_from"), pk__gt=OuterRef("pk"))
    )
    latest_severity = DisabilityDetermination.objects.filter(person=OuterRef("person")).order_by(
        "-decided_on", "-id"
    )
    return (
        BenefitDecision.objects.filter(
            viewer.scope.q("unit_path"),
            kind=BenefitKind.MONTHLY_ALLOWANCE,
            action__in=[DecisionAction.START, DecisionAction.CHANGE],
            effective_from__lte=month,
        )
        .filter(~Exists(newer))
        .select_related("person")
        .annotate(current_severity=Subquery(latest_severity.values("severity")[:1]))
    )


def _status_proposal(decision: BenefitDecision, month: date) -> ChangeProposal | None:
    person = decision.person
    if person.status == PersonStatus.DECEASED:
        change, reason = ChangeKind.DECEASED, StopReason.DEATH
    elif person.status == PersonStatus.MOVED:
        change, reason = ChangeKind.MOVED, StopReason.MOVED_AWAY
    else:
        return None
    # The allowance of the month of death (or of the move) is still paid: it stops from the month after.
    effective = add_months(first_of_month(person.status_date), 1) if person.status_date else month
    return ChangeProposal(
        person=person,
        in_force=decision,
        change=change,
        action=DecisionAction.STOP,
        effective_from=effective,
        reason=reason,
    )


def _coefficient_proposal(
    decision: BenefitDecision, severity: str | None, params: ParameterSet
) -> ChangeProposal | None:
    person = decision.person
    change = ChangeKind.SEVERITY if severity != decision.severity else ChangeKind.AGE
    if severity not in ELIGIBLE:
        return ChangeProposal(
            person=person,
            in_force=decision,
            change=change,
            action=DecisionAction.STOP,
            effective_from=params.month,
            reason=StopReason.NO_LONGER_ELIGIBLE,
        )
    age = age_in_month(params=params, birth_date=person.birth_date, birth_year=person.birth_year)
    allowance = monthly_allowance(params=params, severity=severity, age=age)
    if change == ChangeKind.AGE and allowance.coefficient == decision.coefficient:
        return None
    return ChangeProposal(
        person=person,
        in_force=decision,
        change=change,
        action=DecisionAction.CHANGE,
        effective_from=params.month,
        coefficient=allowance.coefficient,
        monthly_amount=allowance.dong,
        explanation=(*age.explanation, *allowance.explanation),
    )


def changes_due(*, viewer: Viewer, month: date) -> list[ChangeProposal]:
    """The monthly-allowance decisions the viewer's area should take for ``month``, one per person:

    * a deceased or moved-away person whose allowance is in force: stop, from the month after;
    * a person whose latest determination's severity differs from the one their decision was computed
      from: change to the coefficient of the new severity, or stop when it no longer qualifies;
    * a person whose coefficient for ``month`` (age by the crossing rule in force) differs from the one
      decided: the 16 or 60 threshold crossed in ``month``, or crossed earlier and not yet decided.

    Three queries whatever the number of persons. Only officers who keep the registry see them.
    """
    if not viewer.has_capability(MANAGE):
        raise PermissionDenied
    run = first_of_month(month)
    decisions = list(_allowances_in_force(viewer=viewer, month=run))
    params = parameters_by_path(month=run, unit_paths={decision.unit_path for decision in decisions})
    proposals = []
    for decision in decisions:
        proposal = _status_proposal(decision, run) or _coefficient_proposal(
            decision, getattr(decision, "current_severity", None), params[decision.unit_path]
        )
        if proposal is not None:
            proposals.append(proposal)
    return sorted(proposals, key=lambda proposal: (proposal.person.sort_key, proposal.person.pk))


# --- A person's decisions, as their page shows them ------------------------------------------------------


def decision_history(*, person: Person) -> list[BenefitDecision]:
    """The person's decisions of every kind, the latest to take effect first, in one query. The caller has
    fetched the person inside its scope (and recorded the read)."""
    return list(
        BenefitDecision.objects.filter(person=person)
        .select_related("created_by")
        .order_by("-effective_from", "-id")
    )


def arrears_by_decision(*, decisions: Sequence[BenefitDecision]) -> dict[int, list[MonthAmount]]:
    """``arrears`` of every decision among ``decisions`` (all of one person's) that takes effect before the
    month it was signed in, by decision id: the months already paid that it corrects. A decision taking
    effect in its own month or later corrects nothing and is left out. One query (the standard levels)
    whatever the number of decisions, where calling ``arrears`` for each would cost two per decision."""
    late = [
        decision for decision in decisions if decision.effective_from < first_of_month(decision.signed_on)
    ]
    if not late:
        return {}
    levels = StandardLevels.for_units({decision.unit_path for decision in decisions})
    corrections = {}
    for decision in late:
        signed_by = [
            other
            for other in decisions
            if other.kind == decision.kind and other.signed_on <= decision.signed_on
        ]
        before = [other for other in signed_by if other.signed_on < decision.signed_on]
        corrections[decision.pk] = [
            MonthAmount(month, owed(signed_by, month, levels) - owed(before, month, levels))
            for month in months_between(decision.effective_from, decision.signed_on)
        ]
    return corrections
