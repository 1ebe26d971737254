from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hoanhap.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "audit.events.viewed": _("Audit trail read"),
                "audit.events.exported": _("Audit trail exported"),
            }
        )
