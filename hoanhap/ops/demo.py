"""Demo data: agencies, one account per role, generated persons, and the allowances of the demo commune
(``demo_benefits``), in real units of Lạng Sơn and former Kon Tum.

Kon Tum province was merged into Quảng Ngãi on 1 July 2025, so its demo accounts are scoped to Quảng Ngãi
and to Phường Kon Tum, the ward that continues the former provincial capital. Demo passwords are random,
generated on the first run and kept in the data directory, so no password is written in the code. The
persons are generated (``hoanhap.ops.generator``): plausible, never real individuals.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.accounts.roles import Role
from hoanhap.accounts.services.users import user_create
from hoanhap.agencies.models import Agency, AgencyKind
from hoanhap.agencies.services import agency_create
from hoanhap.core.text import fold
from hoanhap.geo.models import AdminUnit, Edition
from hoanhap.ops.demo_benefits import demo_benefits
from hoanhap.ops.demo_provision import demo_provision
from hoanhap.ops.generator import persons_generate
from hoanhap.people.models import Person
from hoanhap.people.selectors import neighbouring_communes
from hoanhap.plans.facts.build import facts_rebuild
from hoanhap.plans.seed import seed_plans_load

LANG_SON, BAC_SON = "20", "06325"
QUANG_NGAI, KON_TUM_WARD = "51", "23293"
DEMO_PERSONS = 1500
DEMO_SEED = 2025

DEMO_AGENCIES = [
    (LANG_SON, "Ủy ban nhân dân tỉnh Lạng Sơn", AgencyKind.PEOPLES_COMMITTEE),
    (LANG_SON, "Sở Y tế tỉnh Lạng Sơn", AgencyKind.HEALTH_DEPARTMENT),
    (LANG_SON, "Sở Nội vụ tỉnh Lạng Sơn", AgencyKind.HOME_AFFAIRS),
    (LANG_SON, "Sở Giáo dục và Đào tạo tỉnh Lạng Sơn", AgencyKind.EDUCATION),
    (LANG_SON, "Sở Tư pháp tỉnh Lạng Sơn", AgencyKind.JUSTICE),
    (LANG_SON, "Hội Liên hiệp Phụ nữ tỉnh Lạng Sơn", AgencyKind.WOMENS_UNION),
    (LANG_SON, "Ngân hàng Chính sách xã hội chi nhánh tỉnh Lạng Sơn", AgencyKind.SOCIAL_POLICY_BANK),
    (LANG_SON, "Bảo hiểm xã hội tỉnh Lạng Sơn", AgencyKind.SOCIAL_INSURANCE),
    (LANG_SON, "Hội Người khuyết tật tỉnh Lạng Sơn", AgencyKind.PWD_ASSOCIATION),
    (BAC_SON, "Ủy ban nhân dân xã Bắc Sơn", AgencyKind.PEOPLES_COMMITTEE),
    (BAC_SON, "Phòng Văn hóa - Xã hội xã Bắc Sơn", AgencyKind.CULTURE_SOCIAL),
    (BAC_SON, "Trạm Y tế xã Bắc Sơn", AgencyKind.HEALTH_CENTRE),
    (BAC_SON, "Hội Liên hiệp Phụ nữ xã Bắc Sơn", AgencyKind.WOMENS_UNION),
    (BAC_SON, "Ủy ban Mặt trận Tổ quốc Việt Nam xã Bắc Sơn", AgencyKind.FATHERLAND_FRONT),
    (QUANG_NGAI, "Sở Y tế tỉnh Quảng Ngãi", AgencyKind.HEALTH_DEPARTMENT),
    (KON_TUM_WARD, "Ủy ban nhân dân phường Kon Tum", AgencyKind.PEOPLES_COMMITTEE),
    (KON_TUM_WARD, "Trạm Y tế phường Kon Tum", AgencyKind.HEALTH_CENTRE),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    units: tuple[str, ...]
    full_name: str
    agency: str = ""


DEMO_ACCOUNTS = [
    DemoAccount("demo-admin", Role.ADMIN, (), "Quản trị hệ thống"),
    DemoAccount("demo-tinh", Role.PROVINCE, (LANG_SON,), "Nguyễn Thị Lan"),
    DemoAccount("demo-xa", Role.COMMUNE, (BAC_SON,), "Hoàng Văn Sơn"),
    DemoAccount("demo-xa-kontum", Role.COMMUNE, (KON_TUM_WARD,), "Y Hương"),
    DemoAccount("demo-coquan", Role.AGENCY, (BAC_SON,), "Lương Thị Mai", agency="Trạm Y tế xã Bắc Sơn"),
    DemoAccount("demo-xem", Role.VIEWER, (QUANG_NGAI,), "Trần Văn Minh"),
]


def _passwords_file() -> Path:
    return Path(settings.DATA_DIR) / "demo_logins.json"


def _demo_passwords() -> dict[str, str]:
    path = _passwords_file()
    known: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for account in DEMO_ACCOUNTS:
        if account.username not in known:
            known[account.username] = "Hn-" + secrets.token_urlsafe(9)
            changed = True
    if changed:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(known, handle, indent=2)
    return known


def _unit(code: str) -> AdminUnit:
    return AdminUnit.objects.get(edition=Edition.CURRENT, code=code)


def demo_persons() -> int:
    """Generated persons with determinations in the demo communes and their neighbours, only into an empty
    registry (so running the demo again adds nothing); how many were added."""
    if Person.objects.exists():
        return 0
    communes = {
        unit.pk: unit for code in (BAC_SON, KON_TUM_WARD) for unit in neighbouring_communes(_unit(code))
    }
    report = persons_generate(
        actor=None,
        count=DEMO_PERSONS,
        communes=sorted(communes.values(), key=lambda unit: unit.path),
        seed=DEMO_SEED,
        with_determinations=True,
        units_named=[BAC_SON, KON_TUM_WARD],
    )
    return report.persons


@transaction.atomic
def demo_prepare() -> list[tuple[DemoAccount, str]]:
    """Create what is missing (agencies, accounts, persons); existing rows are left as they are."""
    for code, name, kind in DEMO_AGENCIES:
        unit = _unit(code)
        if not Agency.objects.filter(unit=unit, name_folded=fold(name)).exists():
            agency_create(actor=None, name=name, kind=kind, unit=unit)
    passwords = _demo_passwords()
    for account in DEMO_ACCOUNTS:
        if User.objects.filter(username=account.username).exists():
            continue
        agency = Agency.objects.get(name_folded=fold(account.agency)) if account.agency else None
        user_create(
            actor=None,
            username=account.username,
            password=passwords[account.username],
            role=account.role,
            units=[_unit(code) for code in account.units],
            agency=agency,
            full_name=account.full_name,
        )
    demo_persons()
    demo_benefits(officer=User.objects.get(username="demo-xa"), commune=_unit(BAC_SON))
    demo_provision(officer=User.objects.get(username="demo-xa"), commune=_unit(BAC_SON))
    seed_plans_load(actor=None)  # the seed plans' objectives, targets and tasks; idempotent
    this_year = timezone.localdate().year
    facts_rebuild(list(range(this_year - 4, this_year + 1)))  # the dashboards' five-year trend, read quickly
    return [(account, passwords[account.username]) for account in DEMO_ACCOUNTS]
