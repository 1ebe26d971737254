"""The two-step paginator gives exactly the pages of Django's own, rows complete, in two queries a page."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hoanhap.accounts.models import User
from hoanhap.core.pagination import IdsFirstPaginator
from hoanhap.people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db

NAMES = ["Lương Thị Phượng", "Hoàng Văn Thắng", "Nông Đức Mạnh", "Vi Thị Hoa", "Đặng Thị Ánh", "Lò Văn Slao"]


def test_pages_match_djangos_paginator_with_annotations_and_joins(commune_user: User) -> None:
    for name in NAMES * 2:  # equal names: the id breaks the tie
        make_person(commune_user, full_name=name)
    ordered = (
        Person.objects.select_related("commune")
        .annotate(label=Concat(F("full_name"), Value(" / "), F("village")))
        .order_by("sort_key", "id")
    )
    plain, two_step = Paginator(ordered, 5), IdsFirstPaginator(ordered, 5)
    assert two_step.num_pages == plain.num_pages == 3
    for number in (1, 2, 3):
        expected = [(person.pk, person.label, person.commune.name) for person in plain.page(number)]
        page = two_step.page(number)
        assert [(person.pk, person.label, person.commune.name) for person in page] == expected
    assert two_step.page(3).has_next() is False


def test_a_page_costs_two_queries_whatever_its_length(commune_user: User) -> None:
    for name in NAMES:
        make_person(commune_user, full_name=name)
    paginator = IdsFirstPaginator(Person.objects.select_related("commune").order_by("sort_key", "id"), 4)
    paginator.count  # noqa: B018 - counted once, before the page is read
    with CaptureQueriesContext(connection) as queries:
        rows = list(paginator.page(1))
        for person in rows:
            person.commune.name  # noqa: B018 - joined, not fetched one by one
    assert len(rows) == 4
    assert len(queries) == 2


def test_counting_stops_at_the_limit_and_says_so(commune_user: User) -> None:
    for name in NAMES:
        make_person(commune_user, full_name=name)
    ordered = Person.objects.order_by("sort_key", "id")
    capped = IdsFirstPaginator(ordered, 2, count_limit=4)
    assert (capped.count, capped.count_capped, capped.num_pages) == (4, True, 2)
    assert [person.pk for person in capped.page(2)] == [person.pk for person in ordered[2:4]]
    exact = IdsFirstPaginator(ordered, 2, count_limit=6)
    assert (exact.count, exact.count_capped) == (6, False)


def test_the_person_list_says_more_than_when_the_count_is_capped(
    commune_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hoanhap.web.views import persons as person_views
    from tests.factories import signed_in

    for name in NAMES:
        make_person(commune_user, full_name=name)
    monkeypatch.setattr(person_views, "LIST_COUNT_LIMIT", 3)
    with translation.override("en"):
        page = signed_in(commune_user).get("/persons/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 3 persons" in page
