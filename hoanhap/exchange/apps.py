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
                "exchange.import.uploaded": _("Person list uploaded for import"),
                "exchange.import.analysed": _("Person list checked for import"),
                "exchange.import.mapped": _("Columns of an imported list mapped"),
                "exchange.import.decided": _("Decisions taken on an imported list's rows"),
                "exchange.import.cancelled": _("Import of a person list cancelled"),
                "exchange.import.committed": _("Person list imported"),
                "exchange.import.viewed": _("Import of a person list viewed"),
                "exchange.import.errors_downloaded": _("Rows of an import needing correction downloaded"),
            }
        )
