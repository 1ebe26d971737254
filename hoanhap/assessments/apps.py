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
                "assessments.functioning.recorded": _("Functioning assessment recorded"),
                "assessments.duplicate.flagged": _("Possible duplicate records flagged"),
                "assessments.duplicate.scanned": _("Registry scanned for duplicate records"),
                "assessments.duplicate.dismissed": _("Possible duplicates marked as different persons"),
                # Written by hoanhap.assessments.duplicates.person_merge, on both records.
                "people.person.merged": _("Person's records merged"),
                "assessments.certificate.printed": _("Disability certificate printed"),
            }
        )
