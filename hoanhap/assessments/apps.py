from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "hoanhap.assessments"
    label = "assessments"
    verbose_name = _("Disability determination")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "assessments.determination.recorded": _("Disability determination recorded"),
                "assessments.certificate.issued": _("Disability certificate issued"),
            }
        )
