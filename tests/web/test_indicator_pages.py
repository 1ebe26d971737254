"""The indicator list and editor: a definition written in fields, its mistakes shown on the fields the
parser names, and a preview of its value for a unit and a period before it is saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.plans.models import IndicatorDefinition
from tests.factories import BAC_SON, QUANG_NGAI, make_person
from tests.factories import signed_in as signed_in_vi
from tests.web.test_plan_pages import an_indicator

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = signed_in_vi(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def posted(**extra: Any) -> dict[str, Any]:
    return {
        "name": "Persons aged up to 15",
        "code": "children-15",
        "period_type": "year",
        "is_active": "on",
        "numerator-source": "persons",
        "numerator-age_max": "15",
        "denominator-source": "",
        **extra,
    }


def test_the_list_shows_every_definition_and_links_to_the_editor_for_its_writers(
    viewer_user: User, province_user: User
) -> None:
    indicator_id = an_indicator()["indicator_id"]
    edit = reverse("web:indicator_edit", args=[indicator_id])
    viewer = signed_in(viewer_user).get(reverse("web:indicator_list")).content.decode()
    assert "Persons registered" in viewer
    assert edit not in viewer
    assert edit in signed_in(province_user).get(reverse("web:indicator_list")).content.decode()


def test_an_indicator_is_written_in_fields(province_user: User) -> None:
    response = signed_in(province_user).post(
        reverse("web:indicator_create"),
        posted(**{"numerator-sexes": ["female"], "disaggregations": ["sex", "unit"], "save": "1"}),
    )
    indicator = IndicatorDefinition.objects.get(code="children-15")
    assert response["Location"] == reverse("web:indicator_edit", args=[indicator.pk])
    assert indicator.numerator == {"source": "persons", "persons": {"age_max": 15, "sexes": ["female"]}}
    assert indicator.denominator is None
    assert indicator.disaggregations == ["sex", "unit"]
    assert AuditEvent.objects.filter(action="plans.indicator.created").count() == 1


def test_a_percentage_is_written_and_changed(province_user: User) -> None:
    client = signed_in(province_user)
    data = posted(**{"denominator-source": "persons", "numerator-source": "service_records"})
    data["numerator-service_domains"] = ["health"]
    client.post(reverse("web:indicator_create"), {**data, "save": "1"})
    indicator = IndicatorDefinition.objects.get(code="children-15")
    assert indicator.numerator == {
        "source": "service_records",
        "persons": {"age_max": 15},
        "services": {"domains": ["health"]},
    }
    assert indicator.denominator == {"source": "persons"}
    url = reverse("web:indicator_edit", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert 'value="15"' in page  # the fields hold the saved definition
    client.post(url, {**data, "name": "Children served", "save": "1"})
    indicator.refresh_from_db()
    assert indicator.name == "Children served"
    assert indicator.numerator["services"] == {"domains": ["health"]}


def test_the_parsers_mistakes_show_on_the_fields_they_name(province_user: User) -> None:
    response = signed_in(province_user).post(
        reverse("web:indicator_create"), posted(**{"numerator-source": "campaign", "save": "1"})
    )
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_numerator-stage"' in content
    assert 'id="id_numerator-stage-error-1"' in content
    assert not IndicatorDefinition.objects.exists()
    response = signed_in(province_user).post(
        reverse("web:indicator_create"),
        posted(**{"numerator-age_min": "20", "save": "1"}),
    )
    assert "The lowest age cannot be above the highest." in response.content.decode()
    assert 'href="#id_numerator-age_min"' in response.content.decode()
    response = signed_in(province_user).post(
        reverse("web:indicator_create"), posted(name="", code="Bad code", save="1")
    )
    assert 'href="#id_name"' in response.content.decode()


def test_the_preview_shows_the_value_without_saving(province_user: User) -> None:
    for _index in range(3):
        make_person(None)
    response = signed_in(province_user).post(
        reverse("web:indicator_create"),
        posted(
            **{
                "numerator-age_max": "",
                "preview-unit": BAC_SON,
                "preview-period": str(timezone.localdate().year),
                "preview": "1",
            }
        ),
    )
    content = response.content.decode()
    assert 'id="preview-value"' in content
    assert "Bắc Sơn" in content
    assert ">3<" in content.replace(" ", "").replace("\n", "").replace("</p>", "<")
    assert not IndicatorDefinition.objects.exists()


def test_the_preview_keeps_to_the_editors_area(province_user: User) -> None:
    response = signed_in(province_user).post(
        reverse("web:indicator_create"), posted(**{"preview-unit": QUANG_NGAI, "preview": "1"})
    )
    content = response.content.decode()
    assert "This unit lies outside your area." in content
    assert 'href="#id_preview-unit"' in content
    assert 'id="preview-value"' not in content


def test_an_indicator_that_does_not_exist_is_not_found(province_user: User) -> None:
    assert signed_in(province_user).get(reverse("web:indicator_edit", args=[999999])).status_code == 404
