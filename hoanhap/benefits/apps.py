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
                "benefits.payment_run.prepared": _("Monthly payment list prepared"),
                "benefits.payment_run.approved": _("Monthly payment list approved"),
                "benefits.payment_run.paid": _("Monthly payment list marked paid"),
                "benefits.payment_run.viewed": _("Monthly payment list viewed"),
                "benefits.payment_run.exported": _("Monthly payment list exported"),
                "benefits.health_insurance.listed": _("Persons due a health-insurance card listed"),
            }
        )
