"""The person rules report every problem at once (for imports) and the first one (for the form and API)."""

import pytest

from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.validation import clean_person_data, person_data_problems
from tests.factories import person_data

pytestmark = pytest.mark.django_db


def test_every_broken_rule_is_reported_with_its_field() -> None:
    data = person_data(full_name="  ", sex="x", birth_year=None, ethnicity="77", household="rich")
    fields = [problem.field for problem in person_data_problems(data)]
    assert fields == ["full_name", "sex", "birth_year", "ethnicity", "household"]


def test_the_citizen_id_is_checked_against_the_birth_year_and_sex() -> None:
    # 020 = Lạng Sơn; century-and-sex digit 0 = a man born 1900-1999: wrong for a woman.
    data = person_data(full_name="Lương Thị Phượng", sex="female", birth_year=1975, cccd="020075000123")
    assert [problem.field for problem in person_data_problems(data)] == ["cccd"]


def test_the_form_rules_stop_at_the_first_problem() -> None:
    with pytest.raises(ApplicationError) as raised:
        clean_person_data(person_data(full_name="", sex="x"))
    assert raised.value.field == "full_name"


def test_a_valid_record_is_normalised_and_has_no_problem() -> None:
    data = person_data(
        full_name="  Hoàng   Văn Thắng ", sex="male", village=" Nà  Lầu ", phone="0912 345 678"
    )
    assert person_data_problems(data) == []
    assert (data.full_name, data.village, data.phone) == ("Hoàng Văn Thắng", "Nà Lầu", "0912345678")
