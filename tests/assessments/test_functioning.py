from datetime import date
from itertools import product

import pytest

from hoanhap.accounts.models import User
from hoanhap.assessments.functioning import (
    CFM_2_4,
    CFM_5_17,
    WG_SS,
    functioning_history,
    functioning_record,
    functioning_result,
    wg_identifiers,
)
from hoanhap.audit.models import AuditEvent
from hoanhap.core.exceptions import ApplicationError
from tests.factories import make_person

pytestmark = pytest.mark.django_db

WG_KEYS = WG_SS.keys


def wg(*values: int | None) -> dict[str, int | None]:
    return dict(zip(WG_KEYS, values, strict=True))


def identifiers(answers: dict[str, int | None]) -> tuple[bool | None, ...]:
    result = functioning_result("wg_ss", answers)
    return (result.disability1, result.disability2, result.disability3, result.disability4)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ((1, 1, 1, 1, 1, 1), (False, False, False, False)),
        ((2, 1, 1, 1, 1, 1), (True, False, False, False)),
        ((2, 2, 1, 1, 1, 1), (True, True, False, False)),
        ((1, 1, 3, 1, 1, 1), (True, True, True, False)),
        ((1, 1, 1, 1, 1, 4), (True, True, True, True)),
    ],
)
def test_wg_ss_identifiers_of_complete_answers(
    answers: tuple[int, ...], expected: tuple[bool, bool, bool, bool]
) -> None:
    assert identifiers(wg(*answers)) == expected


def test_a_missing_answer_leaves_an_identifier_unknown_unless_the_others_decide_it() -> None:
    # Walking "a lot of difficulty" decides DISABILITY1–3 whatever the unanswered seeing; not DISABILITY4.
    assert identifiers(wg(None, 1, 3, 1, 1, 1)) == (True, True, True, None)
    # Two domains with some difficulty decide DISABILITY1 and 2; the missing one could be "cannot do".
    assert identifiers(wg(2, 2, 1, None, 1, 1)) == (True, True, None, None)
    # Nothing decided yet: a missing answer could be anything, so no identifier can be "no".
    assert identifiers(wg(1, 1, 1, 1, 1, None)) == (None, None, None, None)
    result = functioning_result("wg_ss", wg(None, 1, 3, 1, 1, 1))
    assert (result.functional_difficulty, result.difficulty_domains) == (True, ("walking",))


def test_the_missing_answer_rule_agrees_with_trying_every_possible_answer() -> None:
    """Yes when every completion says yes, no when every completion says no, otherwise unknown."""
    for answers in product((1, 2, 3, 4, None), repeat=len(WG_KEYS)):
        outcomes = set()
        for filling in product((1, 2, 3, 4), repeat=answers.count(None)):
            fill = iter(filling)
            outcomes.add(wg_identifiers([next(fill) if value is None else value for value in answers]))
        expected = tuple(
            next(iter({outcome[i] for outcome in outcomes}))
            if len({outcome[i] for outcome in outcomes}) == 1
            else None
            for i in range(4)
        )
        assert identifiers(wg(*answers)) == expected, answers


def cfm_2_4(**answers: int | None) -> dict[str, int | None]:
    return dict.fromkeys(CFM_2_4.keys, 1) | answers


def cfm_5_17(**answers: int | None) -> dict[str, int | None]:
    # "No difficulty" everywhere, and "never" (5) anxious or sad: 1 there means "daily".
    return dict.fromkeys(CFM_5_17.keys, 1) | {"anxiety": 5, "depression": 5} | answers


@pytest.mark.parametrize(
    ("instrument", "answers", "difficulty", "domains"),
    [
        ("cfm_2_4", cfm_2_4(), False, ()),
        ("cfm_2_4", cfm_2_4(fine_motor=2, learning=2), False, ()),
        ("cfm_2_4", cfm_2_4(playing=3), True, ("playing",)),
        # Controlling behaviour (2–4): "more" is not the cut-off, "a lot more" is.
        ("cfm_2_4", cfm_2_4(controlling_behaviour=3), False, ()),
        ("cfm_2_4", cfm_2_4(controlling_behaviour=4), True, ("controlling_behaviour",)),
        # Understanding and being understood report one domain.
        (
            "cfm_2_4",
            cfm_2_4(communication_understanding=4, communication_understood=3),
            True,
            ("communication",),
        ),
        # Anxiety and depression: only "daily" (1); "never" (5) is a valid answer.
        ("cfm_5_17", cfm_5_17(anxiety=2, depression=5), False, ()),
        ("cfm_5_17", cfm_5_17(anxiety=1, seeing=4), True, ("seeing", "anxiety")),
        # Walking 500 m is not asked when walking 100 m is already a lot of difficulty.
        ("cfm_5_17", cfm_5_17(walking_100m=3, walking_500m=None), True, ("walking",)),
        ("cfm_5_17", cfm_5_17(walking_100m=2, walking_500m=None), None, ()),
        ("cfm_5_17", cfm_5_17(walking_100m=2, walking_500m=4), True, ("walking",)),
    ],
)
def test_child_functioning_cut_offs(
    instrument: str, answers: dict[str, int | None], difficulty: bool | None, domains: tuple[str, ...]
) -> None:
    result = functioning_result(instrument, answers)
    assert (result.functional_difficulty, result.difficulty_domains) == (difficulty, domains)
    assert result.disability3 is None


def test_recording_computes_the_identifiers_and_is_audited(commune_user: User) -> None:
    person = make_person(commune_user, birth_year=1960)
    assessment = functioning_record(
        actor=commune_user,
        person=person,
        assessed_on=date(2024, 5, 2),
        instrument="wg_ss",
        answers={"seeing": 2, "walking": 3, "hearing": None},
    )
    assessment.refresh_from_db()
    assert assessment.answers == {
        "seeing": 2,
        "hearing": None,
        "walking": 3,
        "remembering": None,
        "self_care": None,
        "communicating": None,
    }
    assert (assessment.disability1, assessment.disability2, assessment.disability3) == (True, True, True)
    assert assessment.disability4 is None
    assert (assessment.functional_difficulty, assessment.difficulty_domains) == (True, ["walking"])
    assert assessment.unit_path == person.unit_path
    event = AuditEvent.objects.get(action="assessments.functioning.recorded")
    assert (event.object_id, event.unit_path) == (str(assessment.pk), person.unit_path)
    assert event.new_values["disability"] == [True, True, True, None]


def test_the_question_set_must_suit_the_age_on_the_date(commune_user: User) -> None:
    toddler = make_person(commune_user, full_name="Bé Na", birth_year=None, birth_date=date(2021, 6, 1))
    adult = make_person(commune_user, birth_year=1975)
    for person, instrument in [(toddler, "wg_ss"), (toddler, "cfm_5_17"), (adult, "cfm_5_17"), (adult, "x")]:
        with pytest.raises(ApplicationError) as refused:
            functioning_record(
                actor=commune_user,
                person=person,
                assessed_on=date(2025, 1, 1),
                instrument=instrument,
                answers={"seeing": 1},
            )
        assert refused.value.field == "instrument"
    assert (
        functioning_record(
            actor=commune_user,
            person=toddler,
            assessed_on=date(2025, 1, 1),
            instrument="cfm_2_4",
            answers=cfm_2_4(),
        ).functional_difficulty
        is False
    )
    # Turning 5 on 1 June 2026: the day before is still the 2–4 questionnaire.
    with pytest.raises(ApplicationError) as not_yet:
        functioning_record(
            actor=commune_user,
            person=toddler,
            assessed_on=date(2026, 5, 31),
            instrument="cfm_5_17",
            answers={},
        )
    assert not_yet.value.field == "instrument"
    on_the_birthday = functioning_record(
        actor=commune_user,
        person=toddler,
        assessed_on=date(2026, 6, 1),
        instrument="cfm_5_17",
        answers=cfm_5_17(),
    )
    assert on_the_birthday.functional_difficulty is False


def test_with_only_a_year_of_birth_either_possible_age_is_accepted(commune_user: User) -> None:
    child = make_person(commune_user, full_name="Bé Lan", birth_year=2020)  # 4 or 5 during 2025
    for instrument in ("cfm_2_4", "cfm_5_17", "wg_ss"):
        functioning_record(
            actor=commune_user,
            person=child,
            assessed_on=date(2025, 3, 1),
            instrument=instrument,
            answers={"seeing": 1},
        )
    assert len(functioning_history(person=child)) == 3
    with pytest.raises(ApplicationError) as too_young:
        functioning_record(
            actor=commune_user,
            person=child,
            assessed_on=date(2024, 3, 1),
            instrument="wg_ss",
            answers={"seeing": 1},
        )
    assert too_young.value.field == "instrument"


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"seeing": 5}, "answers"),
        ({"seeing": True}, "answers"),
        ({"seeing": "2"}, "answers"),
        ({"anxiety": 1}, "answers"),  # a CFM 5–17 question, not a WG-SS one
        ({"disability3": True}, "answers"),  # identifiers are computed, never given
        ({"seeing": None}, "answers"),
    ],
)
def test_invalid_answers_are_refused(commune_user: User, answers: dict[str, object], field: str) -> None:
    person = make_person(commune_user, birth_year=1975)
    with pytest.raises(ApplicationError) as refused:
        functioning_record(
            actor=commune_user,
            person=person,
            assessed_on=date(2024, 1, 1),
            instrument="wg_ss",
            answers=answers,
        )
    assert refused.value.field == field


def test_dates_are_checked(commune_user: User) -> None:
    person = make_person(commune_user, birth_year=1975)
    for on in (date(2099, 1, 1), date(1974, 12, 31)):
        with pytest.raises(ApplicationError) as refused:
            functioning_record(
                actor=commune_user, person=person, assessed_on=on, instrument="wg_ss", answers={"seeing": 1}
            )
        assert refused.value.field == "assessed_on"


def test_history_is_latest_first(commune_user: User) -> None:
    person = make_person(commune_user, birth_year=1975)
    older = functioning_record(
        actor=commune_user,
        person=person,
        assessed_on=date(2020, 1, 1),
        instrument="wg_ss",
        answers={"seeing": 1},
    )
    newer = functioning_record(
        actor=commune_user,
        person=person,
        assessed_on=date(2023, 1, 1),
        instrument="wg_ss",
        answers={"seeing": 4},
    )
    assert functioning_history(person=person) == [newer, older]
