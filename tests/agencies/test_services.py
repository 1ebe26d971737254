import pytest

from hoanhap.accounts.models import User
from hoanhap.agencies.models import AgencyKind
from hoanhap.agencies.selectors import access_agency_for_change, agency_list
from hoanhap.agencies.services import agency_create, agency_update
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from tests.factories import BAC_SON, KON_TUM_WARD, unit

pytestmark = pytest.mark.django_db


def test_a_province_officer_creates_an_agency_in_their_province(province_user: User) -> None:
    agency = agency_create(
        actor=province_user,
        name="  Trạm  Y tế xã Bắc Sơn ",
        kind=AgencyKind.HEALTH_CENTRE,
        unit=unit(BAC_SON),
    )
    assert agency.name == "Trạm Y tế xã Bắc Sơn"
    assert agency.unit_path == "/c/20/06325/"
    event = AuditEvent.objects.get(action="agencies.agency.created")
    assert (event.actor_id, event.unit_path) == (province_user.pk, "/c/20/06325/")


def test_agencies_outside_the_officers_province_are_refused(province_user: User) -> None:
    with pytest.raises(ApplicationError) as error:
        agency_create(
            actor=province_user,
            name="Trạm Y tế phường Kon Tum",
            kind=AgencyKind.HEALTH_CENTRE,
            unit=unit(KON_TUM_WARD),
        )
    assert error.value.code == "out_of_scope"


def test_duplicate_names_in_a_unit_and_legacy_units_are_refused(province_user: User) -> None:
    agency_create(actor=province_user, name="Trạm Y tế", kind=AgencyKind.HEALTH_CENTRE, unit=unit(BAC_SON))
    with pytest.raises(ApplicationError) as duplicate:
        agency_create(
            actor=province_user, name="TRẠM Y TẾ", kind=AgencyKind.HEALTH_CENTRE, unit=unit(BAC_SON)
        )
    assert duplicate.value.field == "name"
    with pytest.raises(ApplicationError) as legacy:
        agency_create(actor=province_user, name="Cũ", kind=AgencyKind.OTHER, unit=unit("06328", "legacy"))
    assert legacy.value.field == "unit"


def test_update_records_only_what_changed(province_user: User) -> None:
    agency = agency_create(
        actor=province_user, name="Trạm Y tế", kind=AgencyKind.HEALTH_CENTRE, unit=unit(BAC_SON)
    )
    agency_update(actor=province_user, agency=agency, data={"name": "Trạm Y tế xã", "kind": agency.kind})
    event = AuditEvent.objects.get(action="agencies.agency.updated")
    assert event.old_values == {"name": "Trạm Y tế"}
    assert event.new_values == {"name": "Trạm Y tế xã"}
    agency_update(actor=province_user, agency=agency, data={"name": "Trạm Y tế xã"})
    assert AuditEvent.objects.filter(action="agencies.agency.updated").count() == 1


def test_an_officer_cannot_move_an_agency_out_of_their_province(province_user: User) -> None:
    agency = agency_create(
        actor=province_user, name="Trạm Y tế", kind=AgencyKind.HEALTH_CENTRE, unit=unit(BAC_SON)
    )
    with pytest.raises(ApplicationError):
        agency_update(actor=province_user, agency=agency, data={"unit": unit(KON_TUM_WARD)})


def test_change_access_is_limited_to_the_scope(province_user: User, other_province_user: User) -> None:
    agency = agency_create(
        actor=province_user, name="Trạm Y tế", kind=AgencyKind.HEALTH_CENTRE, unit=unit(BAC_SON)
    )
    assert access_agency_for_change(viewer=province_user, agency_id=agency.pk) == agency
    with pytest.raises(type(agency).DoesNotExist):
        access_agency_for_change(viewer=other_province_user, agency_id=agency.pk)


def test_agency_search_ignores_diacritics_and_filters_by_area(province_user: User) -> None:
    agency_create(
        actor=province_user, name="Trạm Y tế xã Bắc Sơn", kind=AgencyKind.HEALTH_CENTRE, unit=unit(BAC_SON)
    )
    assert [a.name for a in agency_list(query="tram y te")] == ["Trạm Y tế xã Bắc Sơn"]
    assert not agency_list(within=unit("51")).exists()
    assert agency_list(within=unit("20"), kind=AgencyKind.HEALTH_CENTRE).count() == 1
