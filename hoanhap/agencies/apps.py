from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "hoanhap.agencies"
    label = "agencies"
    verbose_name = _("Agencies")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "agencies.agency.created": _("Agency created"),
                "agencies.agency.updated": _("Agency changed"),
            }
        )
