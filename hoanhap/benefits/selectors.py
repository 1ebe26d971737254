"""Reading the entitlement rules. They are public rules, not personal data: no viewer, no audit."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from hoanhap.benefits.models import BenefitParameter
from hoanhap.benefits.parameters import Parameter, ParameterSet, first_of_month


def enclosing_paths(unit_path: str) -> list[str]:
    """``"/c/20/06325/"`` → ``["", "/c/", "/c/20/", "/c/20/06325/"]``: the national scope and every unit
    above and at the path, shortest first."""
    paths = [""]
    parts = [part for part in unit_path.split("/") if part]
    for depth in range(1, len(parts) + 1):
        paths.append("/" + "/".join(parts[:depth]) + "/")
    return paths


def parameters_at(*, month: date, unit_path: str = "") -> ParameterSet:
    """The rules in force in ``month`` for a unit (national rules for ``""``), in one query.

    Where a province (or any unit above ``unit_path``) has its own row of a rule, the most specific row
    wins over the national one.
    """
    start = first_of_month(month)
    scopes = enclosing_paths(unit_path)
    rows = BenefitParameter.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start), unit_path__in=scopes, valid_from__lte=start
    )
    chosen: dict[str, BenefitParameter] = {}
    for row in rows:
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
