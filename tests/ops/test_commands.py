import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.audit.models import AuditEvent
from hoanhap.ops.demo import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


def run(*args: str, stdin: str = "") -> str:
    out = io.StringIO()
    import sys

    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command(*args, stdout=out)
    finally:
        sys.stdin = old_stdin
    return out.getvalue()


def test_stats_json_is_the_inventory_of_units_and_accounts(commune_user: User) -> None:
    data = json.loads(run("stats", "--json"))
    assert data["units"]["current"]["by_tier"] == {"province": 34, "commune": 3321}
    assert data["units"]["legacy"]["by_tier"]["province"] == 63
    assert data["successions"]["legacy_communes_without_successor"] == 0
    assert data["successions"]["legacy_communes_split"] == 440
    assert data["users"]["by_role"] == {"commune": 1}
    assert data["persons"]["total"] == 0


def test_stats_counts_persons_by_status_severity_and_type(commune_user: User) -> None:
    from datetime import date

    from hoanhap.assessments.services import DeterminationData, determination_record
    from tests.factories import make_person

    first = make_person(commune_user)
    make_person(commune_user, full_name="Hoàng Văn Sơn", sex="male")
    for on, severity, types in (
        (date(2019, 1, 1), "mild", ["other"]),
        (date(2024, 1, 1), "severe", ["vision"]),
    ):
        determination_record(
            actor=commune_user,
            person=first,
            data=DeterminationData(decided_on=on, body="commune_council", severity=severity, types=types),
        )
    persons = json.loads(run("stats", "--json"))["persons"]
    assert persons["by_status"] == {"active": 2}
    assert persons["active_by_severity"] == {"severe": 1}  # the latest determination only
    assert persons["active_by_type"]["vision"] == 1
    assert persons["active_by_type"]["other"] == 0
    assert persons["active_without_determination"] == 1


def test_user_add_creates_a_scoped_account_from_standard_input() -> None:
    output = run(
        "user_add",
        "xa-moi",
        "--role",
        "commune",
        "--unit",
        "06325",
        "--password-stdin",
        stdin="Mat-khau-rat-manh-9\n",
    )
    assert "created xa-moi" in output
    user = User.objects.get(username="xa-moi")
    assert user.role == Role.COMMUNE
    assert user.check_password("Mat-khau-rat-manh-9")
    assert user.scope.paths == ("/c/20/06325/",)
    event = AuditEvent.objects.get(action="accounts.user.created", object_id=str(user.pk))
    assert event.channel == "command"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "commune", "--unit", "99999"], "unknown current unit code 99999"),
        (["--role", "commune", "--unit", "20"], "units"),
        (["--role", "agency", "--unit", "06325", "--agency", "999"], "unknown agency 999"),
    ],
)
def test_user_add_explains_what_is_wrong(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("user_add", "x", *args, "--password-stdin", stdin="Mat-khau-rat-manh-9\n")
    assert not User.objects.filter(username="x").exists()


def test_demo_prepares_one_account_per_role_and_keeps_their_passwords(settings: object) -> None:
    output = run("demo", "--no-serve")
    roles = set(User.objects.filter(username__startswith="demo-").values_list("role", flat=True))
    assert roles == set(Role.values)
    passwords = json.loads((Path(settings.DATA_DIR) / "demo_logins.json").read_text())  # type: ignore[attr-defined]
    for account in DEMO_ACCOUNTS:
        assert account.username in output
        assert passwords[account.username] in output
        assert User.objects.get(username=account.username).check_password(passwords[account.username])
    commune = User.objects.get(username="demo-xa")
    assert commune.scope.paths == ("/c/20/06325/",)
    again = run("demo", "--no-serve")
    assert User.objects.filter(username__startswith="demo-").count() == len(DEMO_ACCOUNTS)
    assert passwords["demo-xa"] in again


def test_the_demo_commune_has_allowance_decisions_an_approved_list_and_a_draft_with_arrears() -> None:
    from hoanhap.benefits.models import BenefitDecision, PaymentRun, PaymentRunStatus

    run("demo", "--no-serve")

    decisions = BenefitDecision.objects.filter(unit_path="/c/20/06325/")
    assert decisions.count() > 10
    runs = list(PaymentRun.objects.filter(unit_path="/c/20/06325/").order_by("month"))
    assert [payment_run.status for payment_run in runs] == [PaymentRunStatus.APPROVED, PaymentRunStatus.DRAFT]
    assert runs[0].payees > 0
    assert runs[1].payees == decisions.count()
    assert runs[1].arrears > 0  # the decisions signed this month that take effect three months earlier
    run("demo", "--no-serve")
    assert BenefitDecision.objects.filter(unit_path="/c/20/06325/").count() == decisions.count()


def test_the_demo_commune_has_services_activities_and_figures_the_plans_count() -> None:
    from django.utils import timezone

    from hoanhap.plans.figures import indicator_value
    from hoanhap.plans.models import IndicatorDefinition
    from hoanhap.plans.periods import year
    from hoanhap.provision.models import Activity, ServiceRecord

    run("demo", "--no-serve")

    officer = User.objects.get(username="demo-xa")
    services = ServiceRecord.objects.filter(unit_path="/c/20/06325/")
    assert services.count() > 100
    assert Activity.objects.filter(unit_path="/c/20/06325/").count() == 2
    this_year = year(timezone.localdate().year)
    figures = {
        code: indicator_value(
            viewer=officer,
            indicator=IndicatorDefinition.objects.get(code=code),
            unit=_bac_son(),
            period=this_year,
            dimensions=(),
        ).total
        for code in ("pwd-health-services", "staff-trained", "pwd-preferential-loans")
    }
    for code, total in figures.items():
        assert total.numerator, code  # computed from the demo's records, not 0
        assert total.denominator, code
    run("demo", "--no-serve")
    assert ServiceRecord.objects.filter(unit_path="/c/20/06325/").count() == services.count()


def _bac_son() -> Any:
    from hoanhap.geo.models import AdminUnit, Edition

    return AdminUnit.objects.get(edition=Edition.CURRENT, code="06325")
