"""Functioning question sets (Washington Group, UNICEF/WG) and the identifiers derived from the answers.

The questions, answer codes and cut-offs are data, below, each with its source; the computation is plain
functions of the answers, so that the figures compare with every other country's. The registry's own
disability types and severity (Law 51/2010) are a different, legal classification: these never replace a
determination.

Sources (✅ read in the source; ◐ secondary source — a copy, a presentation or a survey's tabulation plan):

- WG-SS: Washington Group on Disability Statistics, "The Washington Group Short Set on Functioning
  (WG-SS)" and "Analytic guidelines: creating disability identifiers using the WG-SS" ◐ — six domains,
  four answer categories, DISABILITY1–4.
- CFM: UNICEF/Washington Group Module on Child Functioning, questionnaires for children aged 2–4 and
  5–17 (UNICEF, 2016; Manual for interviewers, 2018), and the tabulation plan of the MICS6 tables on child
  functioning (Plan 1, ages 2–4; Plan 2, ages 5–17) ◐ — a child has a functional difficulty in a domain
  when the answer is "a lot of difficulty" or "cannot do at all"; for controlling behaviour (2–4)
  "a lot more"; for anxiety and depression (5–17) "daily".

Missing answers (refused, don't know: stored as null). An identifier is

- yes when the answered questions already make it yes,
- no only when it would be no whatever the missing answers were,
- unknown (``None``) otherwise.

For the WG-SS identifiers this is computed from two completions of the answers: every identifier can only
turn from no to yes when an answer gets worse, so it is yes for every completion exactly when it is yes with
each missing answer set to "no difficulty", and no for every completion exactly when it is no with each
missing answer set to "cannot do at all". For the CFM every question's answer list contains a cut-off
answer, so a missing answer leaves the result unknown unless another answer already meets a cut-off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoanhap.assessments.models import FunctioningAssessment, FunctioningInstrument
from hoanhap.audit.services import audit_record
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person

# --- Answer lists ------------------------------------------------------------------------------------------

DIFFICULTY: dict[int, Promise] = {
    1: gettext_lazy("No difficulty"),
    2: gettext_lazy("Some difficulty"),
    3: gettext_lazy("A lot of difficulty"),
    4: gettext_lazy("Cannot do at all"),
}
# CFM 2–4, controlling behaviour: "Compared with children of the same age, how much does (name) kick, bite or
# hit other children or adults?" ◐ (MICS6 questionnaire for children under five).
BEHAVIOUR_COMPARED: dict[int, Promise] = {
    1: gettext_lazy("Not at all"),
    2: gettext_lazy("The same or less"),
    3: gettext_lazy("More"),
    4: gettext_lazy("A lot more"),
}
# CFM 5–17, anxiety and depression: "How often does (name) seem very anxious, nervous or worried?" / "…very
# sad or depressed?" ◐. The order is the questionnaire's: 1 is the most frequent.
FREQUENCY: dict[int, Promise] = {
    1: gettext_lazy("Daily"),
    2: gettext_lazy("Weekly"),
    3: gettext_lazy("Monthly"),
    4: gettext_lazy("A few times a year"),
    5: gettext_lazy("Never"),
}

A_LOT_OR_CANNOT = frozenset({3, 4})
A_LOT_MORE = frozenset({4})
DAILY = frozenset({1})


@dataclass(frozen=True)
class Question:
    key: str  # the key in ``FunctioningAssessment.answers``
    domain: str  # the reporting domain (several questions may report one domain)
    text: Promise
    answers: Mapping[int, Promise]
    cutoff: frozenset[int]  # the answers that mean a functional difficulty (the recommended cut-off)


@dataclass(frozen=True)
class QuestionSet:
    instrument: str
    min_age: int
    max_age: int | None
    questions: tuple[Question, ...]

    @property
    def keys(self) -> list[str]:
        return [question.key for question in self.questions]

    @property
    def domains(self) -> list[str]:
        return list(dict.fromkeys(question.domain for question in self.questions))


def _difficulty(key: str, text: Promise, domain: str = "") -> Question:
    return Question(key, domain or key, text, DIFFICULTY, A_LOT_OR_CANNOT)


# --- Washington Group Short Set ◐ -------------------------------------------------------------------------
# Accepted from age 5 (designed for adults and usable from 5 ◐; for children the CFM covers more domains).
# The recommended identifier, DISABILITY3, is "a lot of difficulty" or worse in any domain.
WG_SS = QuestionSet(
    instrument=FunctioningInstrument.WG_SS,
    min_age=5,
    max_age=None,
    questions=(
        _difficulty("seeing", gettext_lazy("Difficulty seeing, even if wearing glasses")),
        _difficulty("hearing", gettext_lazy("Difficulty hearing, even if using a hearing aid")),
        _difficulty("walking", gettext_lazy("Difficulty walking or climbing steps")),
        _difficulty("remembering", gettext_lazy("Difficulty remembering or concentrating")),
        _difficulty(
            "self_care", gettext_lazy("Difficulty with self-care, such as washing all over or dressing")
        ),
        _difficulty(
            "communicating",
            gettext_lazy(
                "Difficulty communicating in the usual language (understanding or being understood)"
            ),
        ),
    ),
)

# --- UNICEF/WG Child Functioning Module, age 2–4 ◐ ---------------------------------------------------------
# Seeing and hearing: with glasses / hearing aid if used. Walking: without equipment or assistance if used,
# otherwise compared with children of the same age. Understanding and being understood report one domain,
# communication (tabulation plan 1).
CFM_2_4 = QuestionSet(
    instrument=FunctioningInstrument.CFM_2_4,
    min_age=2,
    max_age=4,
    questions=(
        _difficulty("seeing", gettext_lazy("Difficulty seeing (wearing glasses if used)")),
        _difficulty("hearing", gettext_lazy("Difficulty hearing sounds like people's voices or music")),
        _difficulty("walking", gettext_lazy("Difficulty walking, compared with children of the same age")),
        _difficulty("fine_motor", gettext_lazy("Difficulty picking up small objects with the hand")),
        _difficulty(
            "communication_understanding", gettext_lazy("Difficulty understanding you"), "communication"
        ),
        _difficulty(
            "communication_understood",
            gettext_lazy("You have difficulty understanding the child"),
            "communication",
        ),
        _difficulty("learning", gettext_lazy("Difficulty learning things")),
        _difficulty("playing", gettext_lazy("Difficulty playing")),
        Question(
            "controlling_behaviour",
            "controlling_behaviour",
            gettext_lazy(
                "How much the child kicks, bites or hits others, compared with children of the same age"
            ),
            BEHAVIOUR_COMPARED,
            A_LOT_MORE,
        ),
    ),
)

# --- UNICEF/WG Child Functioning Module, age 5–17 ◐ --------------------------------------------------------
# Walking 500 m is asked only when walking 100 m is no or some difficulty; either one at the cut-off is a
# difficulty in the walking domain (tabulation plan 2). Being understood inside and outside the household
# report one domain, communication.
CFM_5_17 = QuestionSet(
    instrument=FunctioningInstrument.CFM_5_17,
    min_age=5,
    max_age=17,
    questions=(
        _difficulty("seeing", gettext_lazy("Difficulty seeing (wearing glasses or contact lenses if used)")),
        _difficulty("hearing", gettext_lazy("Difficulty hearing sounds like people's voices or music")),
        _difficulty("walking_100m", gettext_lazy("Difficulty walking 100 metres on level ground"), "walking"),
        _difficulty("walking_500m", gettext_lazy("Difficulty walking 500 metres on level ground"), "walking"),
        _difficulty("self_care", gettext_lazy("Difficulty with self-care, such as feeding or dressing")),
        _difficulty(
            "communication_inside",
            gettext_lazy("Difficulty being understood by people inside the household"),
            "communication",
        ),
        _difficulty(
            "communication_outside",
            gettext_lazy("Difficulty being understood by people outside the household"),
            "communication",
        ),
        _difficulty("learning", gettext_lazy("Difficulty learning things")),
        _difficulty("remembering", gettext_lazy("Difficulty remembering things")),
        _difficulty("concentrating", gettext_lazy("Difficulty concentrating on an activity they enjoy")),
        _difficulty("accepting_change", gettext_lazy("Difficulty accepting changes in routine")),
        _difficulty("controlling_behaviour", gettext_lazy("Difficulty controlling their behaviour")),
        _difficulty("making_friends", gettext_lazy("Difficulty making friends")),
        Question(
            "anxiety",
            "anxiety",
            gettext_lazy("How often seems very anxious, nervous or worried"),
            FREQUENCY,
            DAILY,
        ),
        Question(
            "depression",
            "depression",
            gettext_lazy("How often seems very sad or depressed"),
            FREQUENCY,
            DAILY,
        ),
    ),
)

QUESTION_SETS: dict[str, QuestionSet] = {qs.instrument: qs for qs in (WG_SS, CFM_2_4, CFM_5_17)}


# --- Identifiers -------------------------------------------------------------------------------------------

Answers = Mapping[str, int | None]


@dataclass(frozen=True)
class FunctioningResult:
    disability1: bool | None = None
    disability2: bool | None = None
    disability3: bool | None = None
    disability4: bool | None = None
    # The recommended cut-off of the instrument (for the WG-SS, DISABILITY3), so one column counts children
    # and adults alike; ``difficulty_domains`` lists the domains that certainly meet it.
    functional_difficulty: bool | None = None
    difficulty_domains: tuple[str, ...] = ()


def wg_identifiers(values: Sequence[int]) -> tuple[bool, bool, bool, bool]:
    """DISABILITY1–4 of a complete set of WG-SS answers (1–4 each)."""
    some = sum(1 for value in values if value >= 2)
    a_lot = any(value >= 3 for value in values)
    return some >= 1, some >= 2 or a_lot, a_lot, any(value == 4 for value in values)


def _wg_ss_result(answers: Answers) -> FunctioningResult:
    values = [answers.get(key) for key in WG_SS.keys]
    best = wg_identifiers([1 if value is None else value for value in values])
    worst = wg_identifiers([4 if value is None else value for value in values])
    d1, d2, d3, d4 = (
        True if low else (False if not high else None) for low, high in zip(best, worst, strict=True)
    )
    domains = tuple(key for key, value in zip(WG_SS.keys, values, strict=True) if value in A_LOT_OR_CANNOT)
    return FunctioningResult(d1, d2, d3, d4, functional_difficulty=d3, difficulty_domains=domains)


def _cfm_result(question_set: QuestionSet, answers: Answers) -> FunctioningResult:
    met = [q.domain for q in question_set.questions if answers.get(q.key) in q.cutoff]
    missing = any(answers.get(key) is None for key in question_set.keys)
    difficulty = True if met else (None if missing else False)
    return FunctioningResult(functional_difficulty=difficulty, difficulty_domains=tuple(dict.fromkeys(met)))


def functioning_result(instrument: str, answers: Answers) -> FunctioningResult:
    """The identifiers of a set of answers (already validated; missing keys count as missing answers)."""
    if instrument == FunctioningInstrument.WG_SS:
        return _wg_ss_result(answers)
    return _cfm_result(QUESTION_SETS[instrument], answers)


# --- Recording ---------------------------------------------------------------------------------------------


def possible_ages(person: Person, on: date) -> range:
    """The ages the person may have on ``on``: one with a date of birth, two with only the year."""
    if person.birth_date is not None:
        born = person.birth_date
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        return range(age, age + 1)
    return range(max(on.year - person.birth_year - 1, 0), on.year - person.birth_year + 1)


def _clean_answers(question_set: QuestionSet, answers: Mapping[str, Any]) -> dict[str, int | None]:
    unknown = sorted(set(answers) - set(question_set.keys))
    if unknown:
        raise ApplicationError(
            _("This question set has no question %(key)s.") % {"key": unknown[0]},
            field="answers",
            extra={"question": unknown[0]},
        )
    cleaned: dict[str, int | None] = {}
    for question in question_set.questions:
        value = answers.get(question.key)
        # bool is an int in Python: True must not pass for answer 1.
        if value is not None and (isinstance(value, bool) or value not in question.answers):
            raise ApplicationError(
                _("Choose one of the answers to “%(question)s”.") % {"question": question.text},
                field="answers",
                extra={"question": question.key},
            )
        cleaned[question.key] = value
    if all(value is None for value in cleaned.values()):
        raise ApplicationError(_("Enter at least one answer."), field="answers")
    return cleaned


@transaction.atomic
def functioning_record(
    *, actor: Any, person: Person, assessed_on: date, instrument: str, answers: Mapping[str, Any]
) -> FunctioningAssessment:
    """Record an answered question set; the caller fetched ``person`` with ``access_person``.

    A person with only a year of birth may be either of two ages on the date: the question set is accepted
    if it suits one of them.
    """
    question_set = QUESTION_SETS.get(instrument)
    if question_set is None:
        raise ApplicationError(_("Choose a question set."), field="instrument")
    if assessed_on > timezone.localdate():
        raise ApplicationError(_("The date of assessment cannot be in the future."), field="assessed_on")
    if assessed_on < (person.birth_date or date(person.birth_year, 1, 1)):
        raise ApplicationError(_("The date of assessment is before the date of birth."), field="assessed_on")
    ages = possible_ages(person, assessed_on)
    top = question_set.max_age if question_set.max_age is not None else ages[-1]
    if not any(question_set.min_age <= age <= top for age in ages):
        raise ApplicationError(
            _("%(question_set)s does not suit the person's age on the date of assessment.")
            % {"question_set": FunctioningInstrument(instrument).label},
            field="instrument",
        )
    cleaned = _clean_answers(question_set, answers)
    result = functioning_result(instrument, cleaned)
    assessment = FunctioningAssessment(
        person=person,
        assessed_on=assessed_on,
        instrument=instrument,
        answers=cleaned,
        disability1=result.disability1,
        disability2=result.disability2,
        disability3=result.disability3,
        disability4=result.disability4,
        functional_difficulty=result.functional_difficulty,
        difficulty_domains=list(result.difficulty_domains),
        unit_path=person.unit_path,
        created_by=actor,
    )
    assessment.full_clean(exclude=["created_by"])
    assessment.save()
    audit_record(
        actor=actor,
        action="assessments.functioning.recorded",
        obj=assessment,
        unit_path=person.unit_path,
        new={
            "person": person.pk,
            "assessed_on": assessed_on,
            "instrument": instrument,
            "answers": cleaned,
            "disability": [result.disability1, result.disability2, result.disability3, result.disability4],
            "functional_difficulty": result.functional_difficulty,
            "difficulty_domains": list(result.difficulty_domains),
        },
    )
    return assessment


def functioning_history(*, person: Person) -> list[FunctioningAssessment]:
    """A person's assessments, latest first; the caller fetched ``person`` with ``access_person``."""
    return list(FunctioningAssessment.objects.filter(person=person).order_by("-assessed_on", "-id"))
