from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvisionConfig(AppConfig):
    """Services delivered to persons, activities (trainings, events) and their participants, and the
    aggregate figures a unit reports where persons are not counted one by one."""

    name = "hoanhap.provision"
    label = "provision"
    verbose_name = _("Services and activities")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "provision.service_type.added": _("Service type added to the catalogue"),
                "provision.service_type.changed": _("Service type changed"),
                "provision.service.recorded": _("Service recorded"),
                "provision.service.changed": _("Service record changed"),
                "provision.service.removed": _("Service record removed"),
                "provision.service.listed": _("Service records listed"),
                "provision.activity.created": _("Activity recorded"),
                "provision.activity.viewed": _("Activity participants viewed"),
                "provision.activity.listed": _("Activities listed"),
                "provision.activity.participant_added": _("Participant added to an activity"),
                "provision.activity.participant_removed": _("Participant removed from an activity"),
                "provision.activity.head_counts_recorded": _("Activity head-counts recorded"),
                "provision.aggregate.recorded": _("Aggregate figure recorded"),
                "provision.aggregate.changed": _("Aggregate figure changed"),
            }
        )
