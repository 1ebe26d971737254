"""Monthly payment runs: preparing a commune's list from the decisions in force, approving it, marking it
paid.

A run is prepared for one commune, one month and one kind of support paid monthly (``PAID_MONTHLY``); a
province officer may prepare every commune of the province at once. Preparing reads, whatever the number
of persons, a fixed number of queries — the runs, the decisions, the persons, the standard levels and the
lines of earlier runs that matter — computes in memory (``hoanhap.benefits.payment_compute``) and writes
the lines in bulk. Preparing a draft again replaces its lines. Approval locks the run and its lines; a
locked run only becomes paid. Runs go forward: no run is prepared or approved for a month before one
already approved.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hoanhap.audit.services import audit_record
from hoanhap.benefits.explain import Line
from hoanhap.benefits.levels import StandardLevels
from hoanhap.benefits.models import (
    PAID_MONTHLY,
    BenefitDecision,
    BenefitKind,
    PaymentLine,
    PaymentRun,
    PaymentRunStatus,
)
from hoanhap.benefits.parameters import first_of_month
from hoanhap.benefits.payment_compute import ComputedLine, compute_line
from hoanhap.benefits.payment_inputs import (
    LOCKED_STATUSES,
    commune_states,
    decisions_by_person,
    paid_months,
)
from hoanhap.benefits.selectors import MANAGE, add_months
from hoanhap.core.bulk import insert_rows
from hoanhap.core.exceptions import ApplicationError
from hoanhap.core.scope import subtree_q
from hoanhap.geo.models import AdminUnit, Edition, Tier
from hoanhap.people.models import Person

# Approving the list commits the commune's money: the commune chair's act, done by the commune's officers
# in the system (and by the province and administrators, whose scope covers the commune).
APPROVE = "benefits.payments.approve"


@dataclass(frozen=True)
class ProvincePreparation:
    """What preparing a province did: the runs prepared, and the communes left as they were because their
    run of the month (or of a later month) is already approved."""

    runs: list[PaymentRun]
    skipped: list[AdminUnit]


def _checked_kind(kind: str) -> str:
    if kind not in PAID_MONTHLY:
        raise ApplicationError(_("Choose a kind of support that is paid monthly."), field="kind")
    return kind


def _checked_month(month: date) -> date:
    run_month = first_of_month(month)
    if run_month > add_months(first_of_month(timezone.localdate()), 1):
        raise ApplicationError(_("A run can be prepared for next month at the latest."), field="month")
    return run_month


def _checked_unit(unit: AdminUnit, tier: str, field: str) -> None:
    if unit.edition != Edition.CURRENT or unit.tier != tier:
        message = (
            _("Choose one of today's communes.")
            if tier == Tier.COMMUNE
            else _("Choose one of today's provinces.")
        )
        raise ApplicationError(message, field=field)


# --- Writing the runs -------------------------------------------------------------------------------------


class _CachedReader:
    """Reads explanation lines in the active language, each message and value read once: a province's
    lines repeat the same few messages, sums and months."""

    def __init__(self) -> None:
        self.messages: dict[int, str] = {}
        self.values: dict[object, str] = {}

    def __call__(self, line: Line) -> str:
        message = self.messages.get(id(line.message))
        if message is None:
            message = self.messages[id(line.message)] = str(line.message)
        filled = {}
        for name, value in line.values.items():
            text = self.values.get(value)
            if text is None:
                text = self.values[value] = str(value)
            filled[name] = text
        return message % filled


def _explanations(computed: Sequence[ComputedLine], run_month: date) -> list[dict[str, list[str]]]:
    """Each line's explanation in Vietnamese and English."""
    lines = [item.explanation(run_month) for item in computed]
    texts: list[dict[str, list[str]]] = [{} for _item in computed]
    for language in ("vi", "en"):
        with translation.override(language):
            read = _CachedReader()
            for text, explanation in zip(texts, lines, strict=True):
                text[language] = [read(line) for line in explanation]
    return texts


LINE_COLUMNS = (
    "run_id",
    "position",
    "person_id",
    "decision_id",
    "full_name",
    "payee_name",
    "birth_year",
    "village",
    "severity",
    "coefficient",
    "regular",
    "arrears",
    "recoveries",
    "total",
    "months",
    "explanation",
)


@dataclass(frozen=True)
class _LineRow:
    """A line as written: its values in the order of ``LINE_COLUMNS`` (the run's key is set on write)."""

    run: PaymentRun
    values: tuple[Any, ...]
    regular: int
    arrears: int
    recoveries: int
    total: int


def _line_rows(
    run: PaymentRun, computed: list[ComputedLine], persons: dict[int, Person], run_month: date
) -> list[_LineRow]:
    computed.sort(
        key=lambda item: (persons[item.person_id].village, persons[item.person_id].sort_key, item.person_id)
    )
    rows = []
    for position, (item, explanation) in enumerate(
        zip(computed, _explanations(computed, run_month), strict=True), start=1
    ):
        person = persons[item.person_id]
        regular, arrears, recoveries, total = item.regular, item.arrears, item.recoveries, item.total
        values = (
            position,
            item.person_id,
            item.decision.pk,
            person.full_name,
            _payee(person, run.kind),
            person.birth_year,
            person.village,
            item.decision.severity,
            item.decision.coefficient,
            regular,
            arrears,
            recoveries,
            total,
            item.months_json(run_month),
            explanation,
        )
        rows.append(_LineRow(run, values, regular, arrears, recoveries, total))
    return rows


def _payee(person: Person, kind: str) -> str:
    """Who receives the money: the carer for the support to the caring household, else the person (or
    whoever signs for them)."""
    if kind == BenefitKind.CARER_SUPPORT:
        carer = person.carer.full_name if person.carer is not None else person.carer_name
        return carer or person.full_name
    return person.full_name


def _set_totals(run: PaymentRun, lines: Sequence[_LineRow]) -> None:
    run.payees = len(lines)
    run.regular = sum(line.regular for line in lines)
    run.arrears = sum(line.arrears for line in lines)
    run.recoveries = sum(line.recoveries for line in lines)
    run.total = sum(line.total for line in lines)


def _prepare(
    *, actor: Any, communes: Sequence[AdminUnit], where: Q, run_month: date, kind: str, strict: bool
) -> ProvincePreparation:
    """Prepare the runs of ``communes`` (all those ``where`` selects by ``unit_path``). ``strict`` refuses,
    rather than skips, a commune whose run cannot be prepared, and writes a run even with no line."""
    states = commune_states(communes, where, run_month, kind)
    skipped = []
    for state in states.values():
        if state.later_locked or (state.run is not None and state.run.is_locked):
            if strict:
                if state.later_locked:
                    raise ApplicationError(
                        _("A later month is already approved for this commune: runs go forward."),
                        code="later_run_approved",
                        field="month",
                    )
                raise ApplicationError(
                    _("This run is approved: it cannot be prepared again."), code="locked", field="month"
                )
            skipped.append(state.commune)
    open_states = {path: state for path, state in states.items() if state.commune not in skipped}

    decisions = decisions_by_person(where, kind, run_month)
    decisions = {key: value for key, value in decisions.items() if key[0] in open_states}
    needed = {}
    for (path, person_id), items in decisions.items():
        history = open_states[path].history
        start = history.first_month_to_look_at(items, run_month)
        if history.last_month is not None and start <= history.last_month:
            needed[(path, person_id)] = start
    paid = paid_months(open_states, needed)
    levels = StandardLevels.for_units(list(open_states))

    computed: dict[str, list[ComputedLine]] = defaultdict(list)
    for (path, person_id), items in decisions.items():
        line = compute_line(
            person_id=person_id,
            decisions=items,
            run_month=run_month,
            history=open_states[path].history,
            paid=paid.get((path, person_id), {}),
            levels=levels,
        )
        if line is not None:
            computed[path].append(line)
    person_ids = {line.person_id for lines in computed.values() for line in lines}
    persons = {
        person.pk: person
        for person in Person.objects.filter(
            pk__in=BenefitDecision.objects.filter(where, kind=kind).values("person_id")
        )
        .select_related("carer")
        .only("id", "full_name", "birth_year", "village", "sort_key", "carer_name", "carer__full_name")
        if person.pk in person_ids
    }

    now = timezone.now()
    runs: list[PaymentRun] = []
    lines: list[_LineRow] = []
    replaced = [state.run.pk for state in open_states.values() if state.run is not None]
    if replaced:
        PaymentLine.objects.filter(run_id__in=replaced).delete()
    new_runs: list[PaymentRun] = []
    changed_runs: list[PaymentRun] = []
    for path, state in open_states.items():
        if state.run is None and not computed.get(path) and not strict:
            continue
        run = state.run or PaymentRun(
            commune=state.commune, unit_path=path, month=run_month, kind=kind, created_by=actor
        )
        run.prepared_at, run.prepared_by, run.previous_run = now, actor, state.previous_run
        run_lines = _line_rows(run, computed.get(path, []), persons, run_month)
        _set_totals(run, run_lines)
        (changed_runs if state.run is not None else new_runs).append(run)
        runs.append(run)
        lines.extend(run_lines)
    PaymentRun.objects.bulk_create(new_runs)
    if changed_runs:
        PaymentRun.objects.bulk_update(
            changed_runs,
            [
                "prepared_at",
                "prepared_by",
                "previous_run",
                "payees",
                "regular",
                "arrears",
                "recoveries",
                "total",
            ],
        )
    # The lines go in as plain rows (``bulk_create`` spends most of a province's time building them); the
    # runs are drafts, locked above or just created, so the guard of ``PaymentLine.objects`` holds.
    insert_rows(PaymentLine, LINE_COLUMNS, ((row.run.pk, *row.values) for row in lines))
    for run in runs:
        audit_record(
            actor=actor,
            action="benefits.payment_run.prepared",
            obj=run,
            unit_path=run.unit_path,
            new={
                "month": run.month,
                "kind": run.kind,
                "payees": run.payees,
                "regular": run.regular,
                "arrears": run.arrears,
                "recoveries": run.recoveries,
                "total": run.total,
                "replaced": run.pk in replaced,
            },
        )
    return ProvincePreparation(runs=runs, skipped=skipped)


@transaction.atomic
def payment_run_prepare(*, actor: Any, commune: AdminUnit, month: date, kind: str) -> PaymentRun:
    """Prepare (or prepare again, replacing the lines of the draft) the run of ``commune`` for ``month``
    and ``kind``: every person the commune's decisions pay that month, with arrears and recoveries of
    earlier months. Audited as ``benefits.payment_run.prepared``."""
    if not actor.has_capability(MANAGE) or not actor.scope.covers(commune.path):
        raise PermissionDenied
    _checked_unit(commune, Tier.COMMUNE, "commune")
    kind = _checked_kind(kind)
    run_month = _checked_month(month)
    # Lock the commune's run of the month (if any) so that two officers do not prepare it at once.
    list(PaymentRun.objects.select_for_update().filter(commune=commune, month=run_month, kind=kind))
    result = _prepare(
        actor=actor,
        communes=[commune],
        where=Q(unit_path=commune.path),
        run_month=run_month,
        kind=kind,
        strict=True,
    )
    return result.runs[0]


@transaction.atomic
def payment_runs_prepare_province(
    *, actor: Any, province: AdminUnit, month: date, kind: str
) -> ProvincePreparation:
    """``payment_run_prepare`` for every commune of ``province`` that has something to pay (or a draft),
    in one pass; a commune whose run is already approved is skipped and listed."""
    if not actor.has_capability(MANAGE) or not actor.scope.covers(province.path):
        raise PermissionDenied
    _checked_unit(province, Tier.PROVINCE, "province")
    kind = _checked_kind(kind)
    run_month = _checked_month(month)
    communes = list(
        AdminUnit.objects.filter(subtree_q("path", province.path), edition=Edition.CURRENT, tier=Tier.COMMUNE)
    )
    return _prepare(
        actor=actor,
        communes=communes,
        where=subtree_q("unit_path", province.path),
        run_month=run_month,
        kind=kind,
        strict=False,
    )


def _locked_for_update(run: PaymentRun) -> PaymentRun:
    return PaymentRun.objects.select_for_update().get(pk=run.pk)


@transaction.atomic
def payment_run_approve(*, actor: Any, run: PaymentRun) -> PaymentRun:
    """Approve a draft: from now on the run and its lines are locked. Refused when an earlier run was
    approved since the draft was prepared (prepare it again) or a later month is approved. Audited as
    ``benefits.payment_run.approved``."""
    if not actor.has_capability(APPROVE) or not actor.scope.covers(run.unit_path):
        raise PermissionDenied
    run = _locked_for_update(run)
    if run.status != PaymentRunStatus.DRAFT:
        raise ApplicationError(_("This run is already approved."), code="locked", field="status")
    approved = PaymentRun.objects.filter(commune_id=run.commune_id, kind=run.kind, status__in=LOCKED_STATUSES)
    if approved.filter(month__gt=run.month).exists():
        raise ApplicationError(
            _("A later month is already approved for this commune: runs go forward."),
            code="later_run_approved",
            field="month",
        )
    latest = approved.filter(month__lt=run.month).order_by("-month").values_list("pk", flat=True).first()
    if latest != run.previous_run_id:
        raise ApplicationError(
            _("An earlier month was approved after this run was prepared: prepare it again."),
            code="stale",
            field="status",
        )
    run.status = PaymentRunStatus.APPROVED
    run.approved_at, run.approved_by = timezone.now(), actor
    run.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(
        actor=actor,
        action="benefits.payment_run.approved",
        obj=run,
        unit_path=run.unit_path,
        old={"status": PaymentRunStatus.DRAFT},
        new={"status": run.status, "payees": run.payees, "total": run.total},
    )
    return run


@transaction.atomic
def payment_run_mark_paid(*, actor: Any, run: PaymentRun) -> PaymentRun:
    """Record that the money of an approved run was paid out. Audited as ``benefits.payment_run.paid``."""
    if not actor.has_capability(MANAGE) or not actor.scope.covers(run.unit_path):
        raise PermissionDenied
    run = _locked_for_update(run)
    if run.status != PaymentRunStatus.APPROVED:
        message = (
            _("Approve the run before marking it paid.")
            if run.status == PaymentRunStatus.DRAFT
            else _("This run is already marked paid.")
        )
        raise ApplicationError(message, code="status", field="status")
    run.status = PaymentRunStatus.PAID
    run.paid_at, run.paid_by = timezone.now(), actor
    run.save(update_fields=["status", "paid_at", "paid_by"])
    audit_record(
        actor=actor,
        action="benefits.payment_run.paid",
        obj=run,
        unit_path=run.unit_path,
        old={"status": PaymentRunStatus.APPROVED},
        new={"status": run.status, "total": run.total},
    )
    return run
