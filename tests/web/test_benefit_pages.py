"""The benefit pages: a person's decisions and what the rules give, recording a decision, the changes due in
an area, and where the navigation offers them (the rules' pages: ``test_benefit_rule_pages``)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hoanhap.accounts.models import User
from hoanhap.audit.models import AuditEvent
from hoanhap.benefits.models import BenefitDecision
from hoanhap.benefits.parameters import first_of_month
from hoanhap.benefits.selectors import add_months, arrears, arrears_by_decision, decision_history
from hoanhap.people.models import Person
from tests.benefits.test_decisions import adult, determined, record
from tests.factories import BAC_SON, DONG_DANG, make_person, signed_in
from tests.web.test_persons_pages import english

pytestmark = pytest.mark.django_db

ALLOWANCE = "monthly_allowance"


def this_month() -> date:
    return first_of_month(timezone.localdate())


def benefits_url(person: Person) -> str:
    return reverse("web:person_benefits", kwargs={"person_id": person.pk})


def decision_url(person: Person) -> str:
    return reverse("web:person_benefit_decision_create", kwargs={"person_id": person.pk})


def decision_form(**overrides: Any) -> dict[str, Any]:
    today, month = timezone.localdate(), this_month()
    data = {
        "kind": ALLOWANCE,
        "action": "start",
        "number": "15/QĐ-UBND",
        "signed_on_0": str(today.day),
        "signed_on_1": str(today.month),
        "signed_on_2": str(today.year),
        "effective_from_0": str(month.month),
        "effective_from_1": str(month.year),
        "children_under_36_months": "0",
    }
    data.update(overrides)
    return data


def started(actor: User, person: Person, months_back: int = 0, **overrides: Any) -> BenefitDecision:
    """A start of the monthly allowance signed today, taking effect ``months_back`` months ago."""
    values = {"signed_on": timezone.localdate(), "effective_from": add_months(this_month(), -months_back)}
    return record(actor, person, **{**values, **overrides})


# --- A person's support ------------------------------------------------------------------------------------


def test_the_page_shows_each_decision_with_its_explanation_and_what_the_rules_give(
    commune_user: User,
) -> None:
    person = adult("severe")
    decision = started(commune_user, person, number="7/QĐ-UBND")
    html = english(commune_user).get(benefits_url(person)).content.decode()
    assert "7/QĐ-UBND: Monthly allowance, Start" in html
    assert f"{decision.effective_from:%m/%Y}" in html
    assert "1.5" in html  # the decided coefficient, as English writes it
    assert "750,000 VND" in html  # 500,000 × 1.5, as decided and as the rules give this month
    assert decision.explanation["en"][0] in html
    assert "In force" in html
    assert "How it was calculated" in html
    assert "standard level 500,000 VND" in html  # the engine's explanation of today's entitlement
    assert "Record a decision" in html
    # The read of the person's record is audited, as on the person's own page.
    viewed = AuditEvent.objects.filter(action="people.person.viewed", object_id=str(person.pk))
    assert viewed.get().actor_id == commune_user.pk
    vietnamese = signed_in(commune_user).get(benefits_url(person)).content.decode()
    assert "750.000 đ" in vietnamese
    assert decision.explanation["vi"][0] in vietnamese


def test_a_decision_taking_effect_in_the_past_shows_the_arrears_it_produces(commune_user: User) -> None:
    person = adult("severe")
    decision = started(commune_user, person, months_back=3)
    expected = arrears(
        person=person, kind=ALLOWANCE, decided_on=decision.signed_on, effective_from=decision.effective_from
    )
    assert [item.dong for item in expected] == [750_000] * 3
    html = english(commune_user).get(benefits_url(person)).content.decode()
    assert "2,250,000 VND of arrears in all" in html
    assert html.count('<td class="govuk-table__cell">Arrears</td>') == 3


def test_a_stop_taking_effect_in_the_past_shows_the_recovery(commune_user: User) -> None:
    person = adult("severe")
    two_months_ago = add_months(this_month(), -2)
    started(commune_user, person, signed_on=two_months_ago, effective_from=two_months_ago)
    record(
        commune_user,
        person,
        action="stop",
        reason="moved_away",
        signed_on=timezone.localdate(),
        effective_from=add_months(this_month(), -1),
    )
    html = english(commune_user).get(benefits_url(person)).content.decode()
    assert "750,000 VND to recover in all" in html
    assert html.count('<td class="govuk-table__cell">Recovery</td>') == 1
    assert "Moved away" in html
    assert "arrears in all" not in html  # the start took effect in the month it was signed


def test_the_arrears_of_every_decision_at_once_agree_with_the_arrears_of_each(commune_user: User) -> None:
    person = adult("particularly_severe")
    started(
        commune_user,
        person,
        signed_on=add_months(this_month(), -3),
        effective_from=add_months(this_month(), -5),
    )
    record(
        commune_user,
        person,
        action="stop",
        reason="other",
        signed_on=add_months(this_month(), -1),
        effective_from=add_months(this_month(), -2),
    )
    record(commune_user, person, kind="health_insurance", signed_on=this_month(), effective_from=this_month())
    decisions = decision_history(person=person)
    together = arrears_by_decision(decisions=decisions)
    assert set(together) == {decision.pk for decision in decisions if decision.kind == ALLOWANCE}
    for decision in decisions:
        if decision.pk in together:
            one = arrears(
                person=person,
                kind=decision.kind,
                decided_on=decision.signed_on,
                effective_from=decision.effective_from,
            )
            assert together[decision.pk] == one
            assert one  # two months of arrears, then one month recovered


def test_a_person_with_no_determination_is_explained_not_computed(commune_user: User) -> None:
    person = make_person(None, birth_year=1975)
    html = english(commune_user).get(benefits_url(person)).content.decode()
    assert "No disability determination is recorded" in html
    assert "No benefit decision is recorded yet." in html


def test_the_person_page_costs_the_same_queries_for_one_decision_or_many(
    commune_user: User, django_assert_max_num_queries: Any
) -> None:
    person = adult("particularly_severe")
    started(commune_user, person, months_back=6)
    client = english(commune_user)
    client.get(benefits_url(person))  # the session and the site are read once
    with django_assert_max_num_queries(13) as few:
        client.get(benefits_url(person))
    today = timezone.localdate()
    record(
        commune_user, person, action="change", signed_on=today, effective_from=add_months(this_month(), -4)
    )
    record(
        commune_user,
        person,
        action="stop",
        reason="other",
        signed_on=today,
        effective_from=add_months(this_month(), -2),
    )
    record(
        commune_user,
        person,
        kind="health_insurance",
        signed_on=today,
        effective_from=add_months(this_month(), -4),
    )
    assert BenefitDecision.objects.filter(person=person).count() >= 4
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(benefits_url(person))


def test_the_person_page_links_to_the_support_page(commune_user: User) -> None:
    person = adult()
    html = english(commune_user).get(reverse("web:person_detail", kwargs={"person_id": person.pk})).content
    assert f'href="{benefits_url(person)}"' in html.decode()


# --- Recording a decision ----------------------------------------------------------------------------------


def test_an_officer_records_a_start_through_the_form(commune_user: User) -> None:
    person = adult("severe")
    client = english(commune_user)
    assert 'name="number"' in client.get(decision_url(person)).content.decode()
    response = client.post(decision_url(person), decision_form())
    assert response.status_code == 302
    assert response["Location"] == benefits_url(person)
    decision = BenefitDecision.objects.get(person=person)
    assert (decision.number, decision.coefficient, decision.monthly_amount) == (
        "15/QĐ-UBND",
        Decimal("1.5"),
        750_000,
    )
    assert decision.created_by == commune_user
    assert AuditEvent.objects.filter(action="benefits.decision.recorded").count() == 1
    assert "Decision 15/QĐ-UBND for" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "anchor", "message"),
    [
        ({"kind": ""}, "id_kind_0", "Choose the kind of support."),
        ({"number": " "}, "id_number", "Enter the decision number."),
        ({"effective_from_0": "13"}, "id_effective_from_0", "Enter the month as a number from 1 to 12."),
        (
            {"action": "stop", "reason": "death"},
            "id_action_0",
            "This support is not in force: record a start first.",
        ),
        ({"action": "start", "kind": "care_support"}, "id_children_under_36_months", "Care support needs"),
    ],
)
def test_mistakes_are_shown_on_their_field_in_english_and_nothing_is_recorded(
    commune_user: User, overrides: dict[str, str], anchor: str, message: str
) -> None:
    person = adult("severe")
    response = english(commune_user).post(decision_url(person), decision_form(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert f'href="#{anchor}"' in html
    assert f'id="{anchor}"' in html
    assert message in html
    assert not BenefitDecision.objects.exists()


def test_mistakes_are_shown_in_vietnamese(commune_user: User) -> None:
    person = adult("severe")
    html = signed_in(commune_user).post(decision_url(person), decision_form(number="")).content.decode()
    assert "Có lỗi cần khắc phục" in html
    assert "Hãy nhập số quyết định." in html


def test_a_refusal_naming_no_field_leads_to_the_first_input(commune_user: User) -> None:
    person = determined(make_person(None, birth_year=1975), "mild")
    html = english(commune_user).post(decision_url(person), decision_form()).content.decode()
    assert 'href="#id_kind_0"' in html
    assert "mild or unknown" in html


def test_a_number_already_used_in_the_commune_is_refused_on_its_field(commune_user: User) -> None:
    started(commune_user, adult(), number="15/QĐ-UBND")
    html = english(commune_user).post(decision_url(adult()), decision_form()).content.decode()
    assert 'href="#id_number"' in html
    assert "is already recorded in this commune" in html


def test_the_form_is_filled_in_from_a_link(commune_user: User) -> None:
    person = adult()
    query = "?kind=monthly_allowance&action=stop&reason=death&effective_from=2026-12"
    html = english(commune_user).get(decision_url(person) + query).content.decode()
    assert re.search(r'value="stop"[^>]* checked>', html)
    assert re.search(r'value="death"[^>]* checked>', html)
    assert re.search(r'value="monthly_allowance"[^>]* checked>', html)
    unknown = english(commune_user).get(decision_url(person) + "?kind=junk&effective_from=2026-13")
    assert " checked>" not in unknown.content.decode()
    assert 'name="effective_from_0" value="12"' in html
    assert 'name="effective_from_1" value="2026"' in html


def test_an_agency_reporter_reads_the_decisions_but_cannot_record(
    commune_user: User, agency_user: User
) -> None:
    person = adult()
    started(commune_user, person, number="3/QĐ-UBND")
    html = english(agency_user).get(benefits_url(person)).content.decode()
    assert "3/QĐ-UBND" in html
    assert "Record a decision" not in html
    assert english(agency_user).post(decision_url(person), decision_form(number="4/x")).status_code == 403
    assert BenefitDecision.objects.count() == 1


# --- The changes due ---------------------------------------------------------------------------------------

CHANGES = "/benefits/changes/"


def test_the_changes_due_summarise_and_link_to_the_prefilled_form(
    commune_user: User, other_commune_user: User
) -> None:
    next_month = add_months(this_month(), 1)
    # Turns 16 this month: the child's coefficient ends from next month.
    birthday = date(this_month().year - 16, this_month().month, 3)
    child = determined(
        make_person(None, full_name="Lò Văn Nhỏ", birth_date=birthday, birth_year=birthday.year),
        "particularly_severe",
    )
    started(commune_user, child, number="1/QĐ-UBND")
    regraded = adult("severe", full_name="Hà Văn Nặng")
    started(commune_user, regraded, number="2/QĐ-UBND")
    determined(regraded, "particularly_severe", decided_on=timezone.localdate())
    client = english(commune_user)
    html = client.get(CHANGES).content.decode()
    month = f"{next_month:%Y-%m}"
    assert "1 person reaches the age of 16 by" in html
    assert "1 person has a re-determined severity" in html
    assert "Lò Văn Nhỏ" in html
    assert "Hà Văn Nặng" in html
    link = f"{decision_url(child)}?kind=monthly_allowance&amp;action=change&amp;effective_from={month}"
    assert link in html
    listed = AuditEvent.objects.filter(action="people.person.listed").latest("id")
    assert listed.new_values is not None
    assert sorted(listed.new_values["ids"]) == sorted([child.pk, regraded.pk])
    # Another commune's officer sees none of them; a unit outside one's area is refused.
    assert "No change is due." in english(other_commune_user).get(CHANGES).content.decode()
    refused = client.get(CHANGES, {"area": DONG_DANG}).content.decode()
    assert "This unit is outside your area." in refused
    assert 'href="#id_area"' in refused
    in_commune = client.get(CHANGES, {"area": BAC_SON}).content.decode()
    assert "in Xã Bắc Sơn" in in_commune
    assert "Lò Văn Nhỏ" in in_commune


def test_the_changes_due_cost_the_same_queries_for_one_person_or_many(
    commune_user: User, django_assert_max_num_queries: Any
) -> None:
    def regraded() -> None:
        person = adult("severe")
        started(commune_user, person, number=f"{BenefitDecision.objects.count() + 1}/QĐ")
        determined(person, "particularly_severe", decided_on=timezone.localdate())

    regraded()
    client = english(commune_user)
    client.get(CHANGES)
    with django_assert_max_num_queries(10) as few:
        client.get(CHANGES)
    for _ in range(4):
        regraded()
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(CHANGES).content.decode()
    assert "5 persons have a re-determined severity" in html


def test_the_navigation_offers_the_benefit_pages_to_officers_only(
    commune_user: User, agency_user: User
) -> None:
    officer = english(commune_user).get("/").content.decode()
    assert 'href="/benefits/changes/"' in officer
    assert 'href="/benefits/rules/"' in officer
    reporter = english(agency_user).get("/").content.decode()
    assert 'href="/benefits/changes/"' not in reporter
    assert 'href="/benefits/rules/"' not in reporter
