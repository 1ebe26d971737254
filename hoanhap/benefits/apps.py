from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "hoanhap.benefits"
    label = "benefits"
    verbose_name = _("Entitlements")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "benefits.parameter.added": _("Entitlement rule added"),
                "benefits.parameter.ended": _("Entitlement rule ended by a newer one"),
                "benefits.decision.recorded": _("Benefit decision recorded"),
            }
        )
