"""Benchmark: preparing the monthly payment runs of a whole province.

    .venv/bin/python bench/payment_run.py                   # PostgreSQL, 50,000 beneficiaries in Lạng Sơn
    .venv/bin/python bench/payment_run.py --count 20000 --runs 5

Migrates the database ``hoanhap_bench_payments`` (created if missing; or ``--database-url``), generates the
persons of one province if it holds fewer (``hoanhap.ops.generator``, with determinations) and gives
``--count`` of them a monthly-allowance start in bulk (July 2024), a share of them decided late in October
(arrears from July) and a share stopped in October from August (recoveries). Then it measures
``payment_runs_prepare_province`` for October 2024 (the first run creates the drafts, the next ones
prepare them again), and beside it, in the same run, one SQL aggregate over the same decisions: the sum of
the monthly amounts in force, by commune. It checks that the runs' monthly sums equal the aggregate.

Not run in CI. See bench/README.md.
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._common import configure, print_table

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/hoanhap_bench_payments"
PROVINCE = "20"  # Lạng Sơn
MONTH = date(2024, 10, 1)
TARGET_SECONDS = 30.0
LATE_SHARE = 0.05  # decided in October, effective from July: three months of arrears
STOPPED_SHARE = 0.02  # stopped in October from August: two months recovered
GENERATION_CHUNK = 25_000

AGGREGATE_SQL = """
SELECT d.unit_path, SUM(d.monthly_amount)
FROM benefits_benefitdecision d
WHERE d.kind = 'monthly_allowance' AND d.unit_path >= %(low)s AND d.unit_path < %(high)s
  AND d.effective_from <= %(month)s AND d.signed_on <= %(end)s AND d.action <> 'stop'
  AND NOT EXISTS (
    SELECT 1 FROM benefits_benefitdecision n
    WHERE n.person_id = d.person_id AND n.kind = d.kind AND n.unit_path = d.unit_path
      AND n.effective_from <= %(month)s AND n.signed_on <= %(end)s
      AND (n.effective_from > d.effective_from OR (n.effective_from = d.effective_from AND n.id > d.id))
  )
GROUP BY d.unit_path
"""


def _actor() -> Any:
    from hoanhap.accounts.models import User
    from hoanhap.accounts.roles import Role
    from hoanhap.accounts.services.users import user_create
    from hoanhap.geo.models import AdminUnit, Edition

    user = User.objects.filter(username="bench-tinh").first()
    if user is None:
        user = user_create(
            actor=None,
            username="bench-tinh",
            password="Bench-" + secrets.token_urlsafe(12),
            role=Role.PROVINCE,
            units=[AdminUnit.objects.get(edition=Edition.CURRENT, code=PROVINCE)],
            full_name="Benchmark bench-tinh",
        )
    return user


def _ensure_persons(count: int) -> None:
    from hoanhap.core.request_context import RequestContext, request_context
    from hoanhap.geo.loading import geo_load_units
    from hoanhap.geo.models import AdminUnit
    from hoanhap.ops.generator import generation_communes, persons_generate
    from hoanhap.people.models import Person

    if not AdminUnit.objects.exists():
        print("loading administrative units …", flush=True)
        geo_load_units(actor=None)
    have = Person.objects.filter(province_code=PROVINCE).count()
    # Not everyone generated is a beneficiary: generate a margin over the count.
    missing = int(count * 1.1) - have
    communes = generation_communes(provinces=[PROVINCE])
    with request_context(RequestContext(channel="command")):
        while missing > 0:
            size = min(GENERATION_CHUNK, missing)
            report = persons_generate(
                actor=None, count=size, communes=communes, seed=have + missing, with_determinations=True
            )
            missing -= size
            print(
                f"generated {report.persons:,} persons in {report.seconds:.1f} s ({missing:,} to go)",
                flush=True,
            )


def _ensure_decisions(count: int, actor: Any) -> None:
    """``count`` persons of the province with an allowance start, some late, some stopped, in bulk."""
    from decimal import Decimal

    from django.db import transaction
    from django.utils import timezone

    from hoanhap.benefits.models import BenefitDecision, BenefitKind, DecisionAction, PaymentRun, StopReason
    from hoanhap.people.models import Person

    have = BenefitDecision.objects.filter(unit_path__startswith=f"/c/{PROVINCE}/", kind="monthly_allowance")
    if have.values("person_id").distinct().count() >= count:
        print(f"{count:,} beneficiaries already decided: nothing to generate", flush=True)
        return
    # The bench's runs are drafts: they go, and their lines with them, before the decisions they name.
    PaymentRun.objects.filter(unit_path__startswith=f"/c/{PROVINCE}/").delete()
    have.delete()
    rng = random.Random(20)  # noqa: S311 - a repeatable draw, not a secret
    persons = list(
        Person.objects.filter(province_code=PROVINCE, status="active")
        .order_by("id")
        .values_list("id", "unit_path")[:count]
    )
    if len(persons) < count:
        raise SystemExit(f"only {len(persons):,} active persons in province {PROVINCE}")
    now = timezone.now()
    rows = []

    def decision(person_id: int, path: str, number: int, **values: Any) -> BenefitDecision:
        return BenefitDecision(
            person_id=person_id,
            unit_path=path,
            kind=BenefitKind.MONTHLY_ALLOWANCE,
            number=f"{number}/QĐ-BENCH",
            explanation={},
            created_at=now,
            created_by=actor,
            **values,
        )

    started = time.perf_counter()
    for index, (person_id, path) in enumerate(persons):
        severe = rng.random() < 0.6
        coefficient = Decimal("1.5") if severe else Decimal("2.0")
        start = {
            "action": DecisionAction.START,
            "severity": "severe" if severe else "particularly_severe",
            "coefficient": coefficient,
            "monthly_amount": int(500_000 * coefficient),
        }
        draw = rng.random()
        if draw < LATE_SHARE:
            rows.append(
                decision(
                    person_id,
                    path,
                    2 * index,
                    signed_on=date(2024, 10, 15),
                    effective_from=date(2024, 7, 1),
                    **start,
                )
            )
            continue
        rows.append(
            decision(
                person_id,
                path,
                2 * index,
                signed_on=date(2024, 7, 5),
                effective_from=date(2024, 7, 1),
                **start,
            )
        )
        if draw < LATE_SHARE + STOPPED_SHARE:
            rows.append(
                decision(
                    person_id,
                    path,
                    2 * index + 1,
                    action=DecisionAction.STOP,
                    reason=StopReason.OTHER,
                    signed_on=date(2024, 10, 3),
                    effective_from=date(2024, 8, 1),
                )
            )
    with transaction.atomic():
        BenefitDecision.objects.bulk_create(rows, batch_size=5000)
    print(f"recorded {len(rows):,} decisions in {time.perf_counter() - started:.1f} s", flush=True)


def _aggregate() -> dict[str, int]:
    from django.db import connection

    from hoanhap.benefits.parameters import last_day_of_month

    low = f"/c/{PROVINCE}/"
    with connection.cursor() as cursor:
        cursor.execute(
            AGGREGATE_SQL, {"low": low, "high": low + "~", "month": MONTH, "end": last_day_of_month(MONTH)}
        )
        return {path: int(total) for path, total in cursor.fetchall()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=50_000, help="beneficiaries in the province")
    parser.add_argument("--runs", type=int, default=3, help="preparations measured")
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    if args.database_url.startswith("sqlite"):
        raise SystemExit("this benchmark measures PostgreSQL")
    print("database:", configure(sqlite=False, database_url=args.database_url), flush=True)

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    _ensure_persons(args.count)
    actor = _actor()
    _ensure_decisions(args.count, actor)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")

    from hoanhap.benefits.models import PaymentLine, PaymentRun
    from hoanhap.benefits.payments import payment_runs_prepare_province
    from hoanhap.geo.models import AdminUnit, Edition

    province = AdminUnit.objects.get(edition=Edition.CURRENT, code=PROVINCE)
    PaymentRun.objects.filter(unit_path__startswith=province.path, month=MONTH).delete()
    prepare_seconds, sql_seconds = [], []
    result = None
    for _run in range(args.runs):
        started = time.perf_counter()
        result = payment_runs_prepare_province(
            actor=actor, province=province, month=MONTH, kind="monthly_allowance"
        )
        prepare_seconds.append(time.perf_counter() - started)
        started = time.perf_counter()
        aggregate = _aggregate()
        sql_seconds.append(time.perf_counter() - started)
    if result is None:
        raise SystemExit("--runs must be at least 1")
    by_commune = {run.unit_path: run.regular for run in result.runs}
    if {path: total for path, total in by_commune.items() if total} != aggregate:
        raise SystemExit("the runs' monthly sums differ from the SQL aggregate")
    lines = PaymentLine.objects.filter(run__in=result.runs)
    print()
    print_table(
        ["measure", "value"],
        [
            ["communes (runs)", f"{len(result.runs):,}"],
            ["payees (lines)", f"{lines.count():,}"],
            [
                "lines with arrears / recoveries",
                f"{lines.filter(arrears__gt=0).count():,} / {lines.filter(recoveries__gt=0).count():,}",
            ],
            ["total paid (đồng)", f"{sum(run.total for run in result.runs):,}"],
            ["prepare province, first (creates drafts)", f"{prepare_seconds[0]:.2f} s"],
            [
                "prepare province, again (best of rest)",
                f"{min(prepare_seconds[1:] or prepare_seconds):.2f} s",
            ],
            ["SQL aggregate (best)", f"{min(sql_seconds) * 1000:.0f} ms"],
            ["ratio prepare / SQL (best of each)", f"{min(prepare_seconds) / min(sql_seconds):.0f}×"],
            [
                "target",
                f"≤ {TARGET_SECONDS:.0f} s: {'met' if max(prepare_seconds) <= TARGET_SECONDS else 'MISSED'}",
            ],
        ],
    )


if __name__ == "__main__":
    main()
