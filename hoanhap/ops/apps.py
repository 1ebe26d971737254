from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "hoanhap.ops"
    label = "ops"

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions({"people.persons.generated": _("Generated persons added (test or demo data)")})
