"""Forms of the functioning pages: choosing a question set, then answering it.

The answers form is built from the question set's data (``hoanhap.assessments.functioning``): one group of
radios per question, labelled with the official answer categories, so a question added there appears here
without a change. The identifiers are computed by the service, never entered.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoanhap.assessments.functioning import QUESTION_SETS, QuestionSet, possible_ages
from hoanhap.assessments.models import FunctioningInstrument
from hoanhap.core.exceptions import ApplicationError
from hoanhap.people.models import Person
from hoanhap.web.forms_admin import add_application_error
from hoanhap.web.forms_registry import ErrorLink, GovukDateField, RegistryFormMixin

# The radio for "no answer": the service stores it as null (refused, don't know, or not asked, as walking
# 500 metres is not when walking 100 metres is already a lot of difficulty).
NO_ANSWER = "none"
# The anchor of the question set's block on the answers page (the instrument is not an input there).
INSTRUMENT_ANCHOR = "question-set"
# Preferred order when several sets suit the person: the child modules cover more domains for children.
PREFERENCE = (FunctioningInstrument.CFM_2_4, FunctioningInstrument.CFM_5_17, FunctioningInstrument.WG_SS)
# The reporting domains of every question set (``Question.domain``), as the person's page names them.
DOMAIN_LABELS = {
    "seeing": _("Seeing"),
    "hearing": _("Hearing"),
    "walking": _("Walking"),
    "fine_motor": _("Fine motor"),
    "remembering": _("Remembering"),
    "concentrating": _("Concentrating"),
    "self_care": _("Self-care"),
    "communicating": _("Communicating"),
    "communication": _("Communication"),
    "learning": _("Learning"),
    "playing": _("Playing"),
    "controlling_behaviour": _("Controlling behaviour"),
    "accepting_change": _("Accepting change"),
    "making_friends": _("Making friends"),
    "anxiety": _("Anxiety"),
    "depression": _("Depression"),
}


def suits(question_set: QuestionSet, age: int) -> bool:
    return question_set.min_age <= age and (question_set.max_age is None or age <= question_set.max_age)


def suggested_instruments(person: Person, on: date) -> list[str]:
    """The question sets that suit the person's age on ``on`` (two possible ages with a year of birth
    alone), the most fitting first; empty for a child under 2."""
    ages = possible_ages(person, on)
    return [
        instrument for instrument in PREFERENCE if any(suits(QUESTION_SETS[instrument], age) for age in ages)
    ]


class InstrumentChoiceForm(RegistryFormMixin, forms.Form):
    """The first step: which question set is answered (sent by GET, it only chooses the next page)."""

    instrument = forms.ChoiceField(
        label=_("Question set"),
        choices=FunctioningInstrument.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a question set."),
            "invalid_choice": _("Choose one of the question sets."),
        },
    )

    def __init__(self, *args: Any, suggested: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if suggested:
            labels = ", ".join(str(FunctioningInstrument(value).label) for value in suggested)
            self.fields["instrument"].help_text = gettext("Suggested for the person's age: %(sets)s.") % {
                "sets": labels
            }
            self.fields["instrument"].initial = suggested[0]
        else:
            self.fields["instrument"].help_text = gettext(
                "None of the question sets is meant for a child under 2."
            )
        self.apply_govuk()


class FunctioningForm(RegistryFormMixin, forms.Form):
    """The date of assessment and one radio group per question of ``question_set``.

    The question's key is the field's name, so a service error naming a question lands on its group.
    """

    assessed_on = GovukDateField(
        label=_("Date of assessment"),
        error_messages={"required": _("Enter the date of assessment.")},
        help_text=_("For example 27 3 2025."),
    )
    # Never an input (the question set comes from the address): it holds the service's errors about the
    # question set, shown on the page's question-set block.
    instrument = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, question_set: QuestionSet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question_set = question_set
        # "Enter at least one answer" names no question: the summary leads to the first one.
        self.non_field_anchor = f"id_{question_set.keys[0]}_0"
        for question in question_set.questions:
            self.fields[question.key] = forms.ChoiceField(
                label=str(question.text),
                choices=[
                    *((str(code), label) for code, label in question.answers.items()),
                    (NO_ANSWER, gettext("Not asked, refused or does not know")),
                ],
                widget=forms.RadioSelect,
                error_messages={
                    "required": gettext("Choose an answer to “%(question)s”.") % {"question": question.text},
                    "invalid_choice": gettext("Choose one of the answers to “%(question)s”.")
                    % {"question": question.text},
                },
            )
        self.apply_govuk()

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[question.key] for question in self.question_set.questions]

    @property
    def instrument_label(self) -> str:
        return str(FunctioningInstrument(self.question_set.instrument).label)

    def answers(self) -> dict[str, int | None]:
        data = self.cleaned_data
        return {
            question.key: None if data[question.key] == NO_ANSWER else int(data[question.key])
            for question in self.question_set.questions
        }

    def show_service_error(self, error: ApplicationError) -> None:
        """The service's error on its field: a question named in ``extra``, the date, or the question set
        (not an input on this page: shown on its block, which the error summary links to)."""
        question = error.extra.get("question")
        if error.field == "answers" and question in self.fields:
            error.field = question
        add_application_error(self, error)

    @property
    def error_links(self) -> list[ErrorLink]:
        instrument = [ErrorLink(INSTRUMENT_ANCHOR, message) for message in self.errors.get("instrument", [])]
        return instrument + super().error_links
