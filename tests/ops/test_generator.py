import io
import random
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from hoanhap.assessments.models import Certificate, CertificateReason, DisabilityDetermination
from hoanhap.audit.actions import registered_actions
from hoanhap.audit.models import AuditEvent
from hoanhap.core.text import fold
from hoanhap.ops.demo import DEMO_PERSONS, demo_persons
from hoanhap.ops.generator import generation_communes, persons_generate
from hoanhap.ops.generator.draw import draw_name
from hoanhap.ops.generator.names import STYLES
from hoanhap.ops.generator.proportions import ETHNIC_MIX
from hoanhap.people.cccd import cccd_problems
from hoanhap.people.data_types import PersonData
from hoanhap.people.models import Ethnicity, Person
from hoanhap.people.sorting import vietnamese_sort_key
from hoanhap.people.validation import clean_person_data, legacy_province_codes
from tests.factories import BAC_SON, KON_TUM_WARD, LANG_SON

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 15)
KINH, TAY, NUNG, DAO, BA_NA, XO_DANG = "01", "02", "07", "09", "13", "14"


def generate(count: int, *, provinces: tuple[str, ...] = (), communes: tuple[str, ...] = (), seed: int = 1):
    return persons_generate(
        actor=None,
        count=count,
        communes=generation_communes(provinces=provinces, communes=communes),
        seed=seed,
        with_determinations=True,
        today=TODAY,
    )


def test_generated_rows_pass_the_registry_rules_and_carry_the_services_derived_columns() -> None:
    generate(400, provinces=(LANG_SON, "51"))
    persons = list(Person.objects.select_related("commune").prefetch_related("special_groups"))
    assert len(persons) == 400
    for person in persons[::4]:
        data = PersonData(
            full_name=person.full_name,
            sex=person.sex,
            commune=person.commune,
            birth_date=person.birth_date,
            birth_year=person.birth_year,
            ethnicity=person.ethnicity_id,
            cccd=person.cccd,
            village=person.village,
            phone=person.phone,
            carer_name=person.carer_name,
            household=person.household,
            special_groups=[group.group for group in person.special_groups.all()],
        )
        clean_person_data(data, today=TODAY)  # raises at the first broken rule
        assert (data.full_name, data.village, data.cccd) == (person.full_name, person.village, person.cccd)
        if person.cccd:
            assert not cccd_problems(
                person.cccd,
                sex=person.sex,
                birth_year=person.birth_year,
                province_codes=legacy_province_codes(),
            )
        assert person.name_folded == fold(person.full_name)
        assert person.sort_key == vietnamese_sort_key(person.full_name)
        assert person.unit_path == person.commune.path
        assert person.province_code == person.commune.province_code
    cccds = [person.cccd for person in persons if person.cccd]
    assert len(cccds) == len(set(cccds))
    assert 0.3 < len(cccds) / len(persons) < 0.8
    assert 0.6 < sum(person.birth_date is not None for person in persons) / len(persons) < 0.8


def test_ethnic_groups_and_citizen_id_places_follow_the_former_province() -> None:
    generate(300, communes=(BAC_SON,))
    generate(300, communes=("23332",), seed=2)  # Xã Đăk Rơ Wa, in Quảng Ngãi, formerly in Kon Tum
    lang_son = Counter(Person.objects.filter(commune__code=BAC_SON).values_list("ethnicity_id", flat=True))
    assert lang_son[TAY] + lang_son[NUNG] > 150
    assert lang_son[KINH] + lang_son[DAO] > 20
    assert lang_son[BA_NA] == 0
    kon_tum = Counter(Person.objects.filter(commune__code="23332").values_list("ethnicity_id", flat=True))
    assert kon_tum[BA_NA] + kon_tum[XO_DANG] > 60
    assert kon_tum[TAY] == 0
    places = {cccd[:3] for cccd in Person.objects.exclude(cccd="").values_list("cccd", flat=True)}
    assert places == {"020", "062"}


def test_every_ethnic_mix_names_known_groups_with_a_name_style() -> None:
    codes = set(Ethnicity.objects.values_list("code", flat=True))
    for mix in ETHNIC_MIX.values():
        assert set(mix) <= codes
        assert set(mix) <= set(STYLES)


def test_names_follow_each_groups_conventions() -> None:
    rng = random.Random(3)
    ba_na_women = [draw_name(rng, BA_NA, male=False) for _ in range(200)]
    assert any(name.startswith("Y ") for name in ba_na_women)
    assert not any(name.startswith("A ") for name in ba_na_women)
    assert any(name.startswith(("Đinh ", "Lê ", "Nguyễn ")) for name in ba_na_women)
    kinh_men = [draw_name(rng, KINH, male=True) for _ in range(500)]
    surnames = Counter(name.split()[0] for name in kinh_men)
    assert surnames.most_common(1)[0][0] == "Nguyễn"
    assert all(" Thị " not in name for name in kinh_men)
    ede_women = [draw_name(rng, "12", male=False) for _ in range(20)]
    assert all(
        name.startswith("H'") and name.split()[-1] in {s for s, _w in STYLES["12"].surnames}
        for name in ede_women
    )


def test_determinations_and_certificates_follow_each_other_in_time() -> None:
    report = generate(300, communes=(BAC_SON, KON_TUM_WARD))
    assert report.determinations >= 300
    assert DisabilityDetermination.objects.count() == report.determinations
    for determination in DisabilityDetermination.objects.select_related("person"):
        person = determination.person
        born = person.birth_date or date(person.birth_year, 1, 1)
        assert born <= determination.decided_on <= TODAY
        assert determination.types
        assert determination.unit_path == person.unit_path
    certificates = list(Certificate.objects.select_related("determination", "replaces"))
    assert len(certificates) == report.certificates > 0.7 * report.determinations
    for certificate in certificates:
        assert certificate.determination.decided_on <= certificate.issued_on <= TODAY
        assert (certificate.reason == CertificateReason.FIRST_ISSUE) == (certificate.replaces is None)
        if certificate.replaces:
            assert certificate.replaces.person_id == certificate.person_id
            assert certificate.replaces.issued_on <= certificate.issued_on
    for person in Person.objects.exclude(status="active"):
        assert person.status_date is not None
        assert person.status_date <= TODAY


def test_the_same_seed_gives_the_same_persons() -> None:
    def run(seed: int) -> list[tuple[object, ...]]:
        with transaction.atomic():
            generate(100, communes=(BAC_SON,), seed=seed)
            rows = list(
                Person.objects.order_by("id").values_list(
                    "full_name", "birth_year", "cccd", "village", "status"
                )
            )
            transaction.set_rollback(True)
        return rows

    first = run(7)
    assert run(7) == first
    assert run(8) != first


def test_a_run_records_one_audit_event_with_the_count_and_the_units() -> None:
    out = io.StringIO()
    call_command(
        "generate_persons", "--count", "60", "--communes", f"{BAC_SON},06184", "--seed", "4", stdout=out
    )
    assert "added 60 persons in 2 communes" in out.getvalue()
    assert Person.objects.count() == 60
    assert not DisabilityDetermination.objects.exists()
    event = AuditEvent.objects.get(action="people.persons.generated")
    assert event.new_values["count"] == 60
    assert event.new_values["units"] == [BAC_SON, "06184"]
    assert event.unit_path == "/c/20/"
    assert event.channel == "command"
    assert "people.persons.generated" in registered_actions()


def test_unknown_units_are_refused() -> None:
    with pytest.raises(CommandError, match="99999"):
        call_command("generate_persons", "--count", "5", "--communes", "99999")
    with pytest.raises(CommandError, match="unknown current province code 62"):
        call_command("generate_persons", "--count", "5", "--province", "62")
    assert not Person.objects.exists()


def test_the_demo_fills_an_empty_registry_once() -> None:
    assert demo_persons() == DEMO_PERSONS
    communes = set(Person.objects.values_list("commune__code", flat=True))
    assert {BAC_SON, KON_TUM_WARD} <= communes
    assert {code[:2] for code in Person.objects.values_list("province_code", flat=True)} == {LANG_SON, "51"}
    assert DisabilityDetermination.objects.count() >= DEMO_PERSONS
    assert demo_persons() == 0
    assert Person.objects.count() == DEMO_PERSONS
