from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "hoanhap.people"
    label = "people"
    verbose_name = _("Persons with disabilities")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "people.person.registered": _("Person registered"),
                "people.person.updated": _("Person's record changed"),
                "people.person.moved": _("Person moved to another commune"),
                "people.person.status_changed": _("Person's status changed"),
                "people.person.viewed": _("Person's record opened"),
                "people.person.listed": _("Persons listed"),
                "people.identity.verified": _("Identity checked against the national population database"),
                "people.identity.event_reported": _(
                    "Death or move reported to the national population database"
                ),
            }
        )
