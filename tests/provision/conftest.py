"""Service types and agencies for the provision tests."""

from __future__ import annotations

from typing import Any

import pytest

from hoanhap.agencies.models import Agency, AgencyKind
from hoanhap.provision.models import ServiceType
from tests.factories import BAC_SON, DONG_DANG, make_agency


@pytest.fixture
def rehabilitation(db: Any) -> ServiceType:
    """Seeded by the migration: needs the provider agency and the outcome."""
    return ServiceType.objects.get(code="rehabilitation")


@pytest.fixture
def legal_aid(db: Any) -> ServiceType:
    return ServiceType.objects.get(code="legal-aid")


@pytest.fixture
def health_centre(agency_user: Any) -> Agency:
    """The agency of ``agency_user``: the health station of Bắc Sơn."""
    agency: Agency = agency_user.agency
    return agency


@pytest.fixture
def dong_dang_centre(db: Any) -> Agency:
    return make_agency("Trạm Y tế xã Đồng Đăng", DONG_DANG, AgencyKind.HEALTH_CENTRE)


@pytest.fixture
def bac_son_school(db: Any) -> Agency:
    return make_agency("Trường Tiểu học Bắc Sơn", BAC_SON, AgencyKind.SCHOOL)
