from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Plans with their objectives, targets and tasks, and the indicators that measure the targets live from
    the registry, the services, the activities, the campaigns and the aggregate entries."""

    name = "hoanhap.plans"
    label = "plans"
    verbose_name = _("Plans and indicators")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "plans.plan.created": _("Plan created"),
                "plans.plan.changed": _("Plan changed"),
                "plans.plan.issued": _("Plan issued"),
                "plans.phase.added": _("Phase added to a plan"),
                "plans.objective.created": _("Objective added to a plan"),
                "plans.target.created": _("Target set"),
                "plans.task.created": _("Task added to a plan"),
                "plans.task.update_posted": _("Progress reported on a task"),
                "plans.task.evidence_downloaded": _("Evidence of a task downloaded"),
                "plans.indicator.created": _("Indicator defined"),
                "plans.indicator.changed": _("Indicator definition changed"),
            }
        )
