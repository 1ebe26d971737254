from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoanhap.accounts.models import User
from hoanhap.assessments.duplicates import (
    duplicate_dismiss,
    duplicate_flag,
    duplicate_queue,
    duplicate_scan,
    person_merge,
)
from hoanhap.assessments.functioning import functioning_history, functioning_record
from hoanhap.assessments.models import CertificateReason, DuplicateStatus, PossibleDuplicate
from hoanhap.assessments.selectors import (
    certificate_history,
    current_certificate,
    current_determination,
    determination_history,
)
from hoanhap.assessments.services import DeterminationData, certificate_issue, determination_record
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person, PersonStatus
from hoanhap.people.selectors import person_queryset
from hoanhap.people.services import StaleVersion, person_set_status
from tests.factories import BAC_SON, DONG_DANG, KON_TUM_WARD, make_cccd, make_person, unit

pytestmark = pytest.mark.django_db

LANG_SON_PATH = "/c/20/"


def pairs(viewer: User) -> set[tuple[str, str, str]]:
    return {
        (*sorted((entry.person.full_name, entry.other.full_name)), entry.reason)
        for entry in duplicate_queue(viewer=viewer)
    }


def same_id_pair(actor: User) -> tuple[Person, Person]:
    """The same citizen ID twice: a person who moved away and was registered again where they live now."""
    cccd = make_cccd(sex="male", birth_year=1980)
    first = make_person(actor, full_name="Hoàng Văn Sơn", sex="male", birth_year=1980, cccd=cccd)
    person_set_status(
        actor=actor, person=first, expected_version=first.version, status="moved", since=date(2024, 1, 1)
    )
    second = make_person(
        actor, full_name="Hoàng Sơn", sex="male", birth_year=1980, cccd=cccd, commune=unit(DONG_DANG)
    )
    return first, second


def test_a_scan_flags_same_id_and_same_name_and_year_pairs_in_the_province(
    province_user: User, admin_user: User
) -> None:
    same_id_pair(province_user)
    make_person(province_user, full_name="Đặng Thị Ánh", birth_year=1975)
    make_person(province_user, full_name="ĐẶNG THỊ ÁNH", birth_year=1975, commune=unit(DONG_DANG))
    make_person(province_user, full_name="Đặng Thị Ánh", birth_year=1976)  # another year
    make_person(
        admin_user, full_name="Đặng Thị Ánh", birth_year=1975, commune=unit(KON_TUM_WARD)
    )  # elsewhere
    gone = make_person(province_user, full_name="Đặng Thị Ánh", birth_year=1975)
    person_set_status(
        actor=province_user,
        person=gone,
        expected_version=gone.version,
        status="removed",
        since=date(2024, 1, 1),
        reason="entered by mistake",
    )

    assert duplicate_scan(actor=province_user, within_path=LANG_SON_PATH) == 2
    assert pairs(province_user) == {
        ("Hoàng Sơn", "Hoàng Văn Sơn", "same_cccd"),
        ("ĐẶNG THỊ ÁNH", "Đặng Thị Ánh", "same_name_birth_year"),
    }
    # Scanning again, or the whole country, adds nothing: the same name in another province is not a pair.
    assert duplicate_scan(actor=province_user, within_path=LANG_SON_PATH) == 0
    assert duplicate_scan(actor=admin_user, within_path="/c/") == 0
    event = AuditEvent.objects.filter(action="assessments.duplicate.scanned").order_by("id").first()
    assert event is not None
    assert (event.unit_path, event.new_values["flagged"]) == (LANG_SON_PATH, 2)


def test_a_scan_takes_a_fixed_number_of_queries(province_user: User) -> None:
    def scan_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            duplicate_scan(actor=province_user, within_path=LANG_SON_PATH)
        return len(queries)

    make_person(province_user, full_name="Lê Văn Một", sex="male", birth_year=1950)
    make_person(province_user, full_name="Lê Văn Một", sex="male", birth_year=1950, commune=unit(DONG_DANG))
    few = scan_queries()
    for index in range(6):
        for commune in (BAC_SON, DONG_DANG):
            make_person(
                province_user, full_name=f"Lê Văn Hai {index}", birth_year=1960, commune=unit(commune)
            )
    assert scan_queries() == few
    assert PossibleDuplicate.objects.count() == 7


def test_the_queue_shows_only_pairs_of_records_the_viewer_may_both_see(
    commune_user: User, other_commune_user: User, province_user: User, other_province_user: User
) -> None:
    same_id_pair(province_user)  # Bắc Sơn and Đồng Đăng
    make_person(commune_user, full_name="Nông Thị Hoa", birth_year=1990)
    make_person(commune_user, full_name="Nong Thi Hoa", birth_year=1990)
    assert duplicate_scan(actor=commune_user, within_path=unit(BAC_SON).path) == 1
    assert pairs(commune_user) == {("Nong Thi Hoa", "Nông Thị Hoa", "same_name_birth_year")}
    assert duplicate_scan(actor=province_user, within_path=LANG_SON_PATH) == 1
    assert len(pairs(province_user)) == 2
    assert pairs(commune_user) == {("Nong Thi Hoa", "Nông Thị Hoa", "same_name_birth_year")}
    assert pairs(other_commune_user) == set()
    assert pairs(other_province_user) == set()
    with pytest.raises(ApplicationError) as outside:
        duplicate_scan(actor=commune_user, within_path=LANG_SON_PATH)
    assert outside.value.code == "out_of_scope"


def test_the_queue_reads_both_persons_in_one_query(
    province_user: User, django_assert_num_queries: Any
) -> None:
    for index in range(4):
        for commune in (BAC_SON, DONG_DANG):
            make_person(
                province_user, full_name=f"Vi Văn {index}", sex="male", birth_year=1970, commune=unit(commune)
            )
    duplicate_scan(actor=province_user, within_path=LANG_SON_PATH)
    province_user.scope  # noqa: B018  (the user's areas are read once per request)
    with django_assert_num_queries(1):
        shown = [
            (e.person.full_name, e.other.commune.name, e.person.commune.code)
            for e in duplicate_queue(viewer=province_user)
        ]
    assert len(shown) == 4


def test_flagging_keeps_one_entry_per_pair_whatever_the_order(
    commune_user: User, other_commune_user: User
) -> None:
    older = make_person(commune_user, full_name="Lục Văn Bình", sex="male", birth_year=1965)
    newer = make_person(commune_user, full_name="Lục Văn Bình", sex="male", birth_year=1965)
    far = make_person(
        other_commune_user, full_name="Lục Văn Bình", sex="male", birth_year=1965, commune=unit(DONG_DANG)
    )
    flagged = duplicate_flag(
        actor=commune_user, person=newer, others=[older, far, newer], reason="same_name_birth_year"
    )
    assert [(entry.person_id, entry.other_id) for entry in flagged] == [
        (older.pk, newer.pk),
        (newer.pk, far.pk),
    ]
    assert (
        duplicate_flag(actor=commune_user, person=older, others=[newer], reason="same_name_birth_year") == []
    )
    assert duplicate_scan(actor=commune_user, within_path=unit(BAC_SON).path) == 0
    assert AuditEvent.objects.filter(action="assessments.duplicate.flagged").count() == 2
    # The pair with a record of another commune waits for someone who may see both.
    assert len(pairs(commune_user)) == 1
    with pytest.raises(ApplicationError) as outside:
        duplicate_flag(actor=other_commune_user, person=newer, others=[far], reason="same_name_birth_year")
    assert outside.value.code == "out_of_scope"
    with pytest.raises(ApplicationError) as reason:
        duplicate_flag(actor=commune_user, person=newer, others=[older], reason="looks alike")
    assert reason.value.field == "reason"


def test_dismissing_takes_the_pair_out_of_the_queue_for_good(
    commune_user: User, other_commune_user: User
) -> None:
    make_person(commune_user, full_name="Hà Thị Mai", birth_year=2001)
    make_person(commune_user, full_name="Hà Thị Mai", birth_year=2001)
    duplicate_scan(actor=commune_user, within_path=unit(BAC_SON).path)
    entry = duplicate_queue(viewer=commune_user).get()
    with pytest.raises(ApplicationError) as outside:
        duplicate_dismiss(actor=other_commune_user, duplicate=entry)
    assert outside.value.code == "out_of_scope"
    duplicate_dismiss(actor=commune_user, duplicate=entry)
    entry.refresh_from_db()
    assert (entry.status, entry.decided_by) == (DuplicateStatus.NOT_DUPLICATE, commune_user)
    assert entry.decided_at is not None
    assert pairs(commune_user) == set()
    assert duplicate_scan(actor=commune_user, within_path=unit(BAC_SON).path) == 0
    with pytest.raises(ApplicationError) as again:
        duplicate_dismiss(actor=commune_user, duplicate=entry)
    assert again.value.code == "already_decided"
    event = AuditEvent.objects.get(action="assessments.duplicate.dismissed")
    assert event.object_id == str(entry.pk)


def determined(actor: User, person: Person, on: date, severity: str) -> Any:
    return determination_record(
        actor=actor,
        person=person,
        data=DeterminationData(decided_on=on, body="commune_council", severity=severity, types=["mobility"]),
    )


def test_merging_keeps_both_histories_on_the_survivor(province_user: User) -> None:
    survivor = make_person(province_user, full_name="Đặng Thị Ánh", birth_year=1975)
    merged_away = make_person(
        province_user, full_name="Đặng Thị Anh", birth_year=1975, commune=unit(DONG_DANG)
    )
    # The survivor: determined in 2019, certificate in force since 2019.
    first = determined(province_user, survivor, date(2019, 4, 1), "mild")
    survivor_certificate = certificate_issue(
        actor=province_user,
        person=survivor,
        determination=first,
        number="05/2019",
        issued_on=date(2019, 4, 10),
        reason=CertificateReason.FIRST_ISSUE,
    )
    # The other record: determined in 2021, certificate issued and re-issued, and a functioning assessment.
    later = determined(province_user, merged_away, date(2021, 2, 1), "severe")
    lost = certificate_issue(
        actor=province_user,
        person=merged_away,
        determination=later,
        number="11/2021",
        issued_on=date(2021, 2, 15),
        reason=CertificateReason.FIRST_ISSUE,
    )
    reissued = certificate_issue(
        actor=province_user,
        person=merged_away,
        determination=later,
        number="02/2023",
        issued_on=date(2023, 1, 5),
        reason=CertificateReason.LOST_OR_DAMAGED,
    )
    assessment = functioning_record(
        actor=province_user,
        person=merged_away,
        assessed_on=date(2022, 3, 1),
        instrument="wg_ss",
        answers={"walking": 3},
    )
    duplicate_flag(actor=province_user, person=merged_away, others=[survivor], reason="same_name_birth_year")
    versions = (survivor.version, merged_away.version)

    person_merge(actor=province_user, survivor=survivor, merged_away=merged_away)

    assert [d.decided_on for d in determination_history(person=survivor)] == [
        date(2021, 2, 1),
        date(2019, 4, 1),
    ]
    assert current_determination(person=survivor) == later
    assert {c.number for c in certificate_history(person=survivor)} == {"05/2019", "11/2021", "02/2023"}
    # Chains are kept as issued; the certificate in force is the latest one nothing replaces.
    reissued.refresh_from_db()
    survivor_certificate.refresh_from_db()
    assert (reissued.replaces, survivor_certificate.replaces) == (lost, None)
    assert current_certificate(person=survivor) == reissued
    next_one = certificate_issue(
        actor=province_user,
        person=survivor,
        determination=current_determination(person=survivor),
        number="09/2025",
        issued_on=date(2025, 9, 1),
        reason=CertificateReason.CHANGED,
    )
    assert next_one.replaces == reissued
    assert functioning_history(person=survivor) == [assessment]

    merged_away.refresh_from_db()
    survivor.refresh_from_db()
    assert merged_away.merged_into == survivor
    assert (merged_away.status, merged_away.status_reason) == (
        PersonStatus.REMOVED,
        f"merged into #{survivor.pk}",
    )
    assert (survivor.version, merged_away.version) == (versions[0] + 1, versions[1] + 1)
    assert list(person_queryset(viewer=province_user)) == [survivor]
    assert PossibleDuplicate.objects.get().status == DuplicateStatus.MERGED
    assert pairs(province_user) == set()

    events = AuditEvent.objects.filter(action="people.person.merged").order_by("id")
    assert [(e.object_id, e.unit_path) for e in events] == [
        (str(merged_away.pk), merged_away.unit_path),
        (str(survivor.pk), survivor.unit_path),
    ]
    for event in events:
        assert event.new_values["determinations"] == [later.pk]
        assert event.new_values["certificates"] == [lost.pk, reissued.pk]
        assert event.new_values["functioning_assessments"] == [assessment.pk]


def test_merging_across_areas_is_refused(commune_user: User, other_commune_user: User) -> None:
    here = make_person(commune_user, full_name="Triệu Văn Lâm", sex="male", birth_year=1955)
    there = make_person(
        other_commune_user, full_name="Triệu Văn Lâm", sex="male", birth_year=1955, commune=unit(DONG_DANG)
    )
    for survivor, merged_away in ((here, there), (there, here)):
        with pytest.raises(ApplicationError) as refused:
            person_merge(actor=commune_user, survivor=survivor, merged_away=merged_away)
        assert refused.value.code == "out_of_scope"
    there.refresh_from_db()
    assert there.merged_into is None
    assert not AuditEvent.objects.filter(action="people.person.merged").exists()
    with pytest.raises(ApplicationError) as itself:
        person_merge(actor=commune_user, survivor=here, merged_away=here)
    assert itself.value.field == "merged_away"


def test_merging_a_record_changed_meanwhile_is_refused(commune_user: User) -> None:
    survivor = make_person(commune_user, full_name="Mã Thị Xuân", birth_year=1988)
    merged_away = make_person(commune_user, full_name="Mã Thị Xuân", birth_year=1988)
    stale = Person.objects.get(pk=merged_away.pk)
    person_set_status(
        actor=commune_user,
        person=merged_away,
        expected_version=merged_away.version,
        status="deceased",
        since=date(2025, 1, 1),
    )
    with pytest.raises(StaleVersion):
        person_merge(actor=commune_user, survivor=survivor, merged_away=stale)
    assert Person.objects.get(pk=merged_away.pk).merged_into is None
    survivor.refresh_from_db()
    assert survivor.version == 1


def test_open_pairs_of_the_merged_record_pass_to_the_survivor(commune_user: User) -> None:
    survivor, merged_away, third, fourth = (
        make_person(commune_user, full_name="Sầm Văn Tú", sex="male", birth_year=1999) for _ in range(4)
    )
    duplicate_flag(
        actor=commune_user,
        person=merged_away,
        others=[survivor, third, fourth],
        reason="same_name_birth_year",
    )
    duplicate_flag(actor=commune_user, person=survivor, others=[fourth], reason="same_name_birth_year")
    person_merge(actor=commune_user, survivor=survivor, merged_away=merged_away)
    open_pairs = {(e.person_id, e.other_id) for e in duplicate_queue(viewer=commune_user)}
    assert open_pairs == {(survivor.pk, third.pk), (survivor.pk, fourth.pk)}
