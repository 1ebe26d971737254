from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "hoanhap.exchange"
    label = "exchange"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "people.persons.exported": _("Person list exported"),
                "exchange.files.purged": _("Expired export files deleted"),
            }
        )
