"""Name search on PostgreSQL: the trigram index exists and the plan chosen for it keeps the list order.

Behaviour only; the timings are measured by bench/registry_search.py.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection

from hoanhap.accounts.models import User
from hoanhap.core.text import fold, search_terms
from hoanhap.people import search_postgres
from hoanhap.people.models import Person
from hoanhap.people.selectors import PersonFilters, person_list
from hoanhap.people.sorting import vietnamese_sort_key
from tests.factories import DONG_DANG, make_person, unit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the trigram index and its plan exist only on PostgreSQL"
    ),
]

SURNAMES = ["Nguyễn", "Nông", "Hoàng", "Lương", "Triệu", "Vi", "Đinh", "Lý", "Hà"]
MIDDLES = ["Văn", "Thị", "Thị Thu", "Đức", ""]
GIVEN = ["Hoa", "Hoà", "Hòa", "Khoa", "An", "Anh", "Ăn", "Ân", "Slao", "Hương", "Mai", "Hùng", "Lan", "Thìn"]
QUERIES = ["slao", "hoa", "thi", "nguyen van", "an", "hoang thi mai", "vi thi", "thu hoa", "xyz"]


def _register(actor: User, count: int) -> list[Person]:
    rng = random.Random(20)
    persons = []
    for index in range(count):
        name = " ".join(
            part for part in (rng.choice(SURNAMES), rng.choice(MIDDLES), rng.choice(GIVEN)) if part
        )
        commune = unit(DONG_DANG) if index % 4 == 0 else None
        extra = {"commune": commune} if commune else {}
        persons.append(make_person(actor, full_name=name, **extra))
    # The same name twice (the id breaks the tie), and the rarer fragments searched for.
    for name in ("Hoàng Thị Mai", "Hoàng Thị Mai", "Nguyễn Văn Slao", "Lò Thị Slao", "Nguyễn Văn An"):
        persons.append(make_person(actor, full_name=name))
    return persons


def _expected(persons: list[Person], query: str, *, commune_code: str | None = None) -> list[int]:
    terms = search_terms(query)
    matching = [
        person
        for person in persons
        if all(term in fold(person.full_name) for term in terms)
        and (commune_code is None or person.commune.code == commune_code)
    ]
    matching.sort(key=lambda person: (vietnamese_sort_key(person.full_name), person.pk))
    return [person.pk for person in matching]


def test_trigram_index_exists_after_migrations() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
            ["people_person", "person_name_trgm"],
        )
        row = cursor.fetchone()
    assert row is not None
    definition = row[0]
    assert "gin" in definition
    assert "gin_trgm_ops" in definition
    assert "merged_into_id IS NULL" in definition


def test_each_province_has_its_trigram_index_and_the_list_order_is_covered() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'people_person'")
        indexes = dict(cursor.fetchall())
    provinces = [name for name in indexes if name.startswith("person_name_trgm_p")]
    assert len(provinces) == 34
    assert "(unit_path)::text >= '/c/20/'" in indexes["person_name_trgm_p20"]
    assert "INCLUDE (unit_path, name_folded)" in indexes["person_sort_cover"]


@pytest.fixture(params=["filter first", "walk the order"])
def plan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both plans person_list chooses between: sort the matches, or walk the list order."""
    if request.param == "walk the order":
        monkeypatch.setattr(search_postgres, "FILTER_FIRST_MAX_ROWS", -1)
    return str(request.param)


@pytest.mark.parametrize("query", QUERIES)
def test_name_search_keeps_the_vietnamese_order(
    admin_user: User, province_user: User, query: str, plan: str
) -> None:
    persons = _register(admin_user, 60)
    expected = _expected(persons, query)
    assert [p.sort_key for p in persons] == [vietnamese_sort_key(p.full_name) for p in persons]
    for viewer in (admin_user, province_user):  # everything; Lạng Sơn holds both communes
        found = list(
            person_list(viewer=viewer, filters=PersonFilters(query=query)).values_list("pk", flat=True)
        )
        assert found == expected, (viewer.username, query)
    if query != "xyz":
        assert expected  # the set exercises the query


def test_name_search_within_a_commune_keeps_the_order(
    admin_user: User, commune_user: User, plan: str
) -> None:
    persons = _register(admin_user, 40)
    for query in ("hoa", "thi", "slao", "an"):
        found = list(
            person_list(viewer=commune_user, filters=PersonFilters(query=query)).values_list("pk", flat=True)
        )
        assert found == _expected(persons, query, commune_code="06325"), query


def test_first_page_is_the_head_of_the_full_order(admin_user: User, plan: str) -> None:
    persons = _register(admin_user, 60)
    expected = _expected(persons, "thi")
    page = [person.pk for person in person_list(viewer=admin_user, filters=PersonFilters(query="thi"))[:5]]
    assert page == expected[:5]


def test_few_matches_are_found_first_and_sorted(admin_user: User, plan: str) -> None:
    """The plan switch itself: ordering by an expression no index serves, only under the threshold."""
    _register(admin_user, 5)
    sql = str(person_list(viewer=admin_user, filters=PersonFilters(query="slao")).query)
    filtered_first = "|| '')" in sql.split("ORDER BY")[1]
    assert filtered_first == (plan == "filter first")


def test_a_commune_officer_walks_the_communes_own_list(admin_user: User, commune_user: User) -> None:
    """A commune's persons are few: walking them in order beats reading the province's matches."""
    _register(admin_user, 5)
    sql = str(person_list(viewer=commune_user, filters=PersonFilters(query="slao")).query)
    assert "|| '')" not in sql.split("ORDER BY")[1]
    sql = str(person_list(viewer=admin_user, filters=PersonFilters(query="slao")).query)
    assert "|| '')" in sql.split("ORDER BY")[1]  # the same rare fragment, searched nationally: sorted
