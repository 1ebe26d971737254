from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvisionConfig(AppConfig):
    """Services delivered to persons, activities (trainings, events) and their participants, and the
    aggregate figures a unit reports where persons are not counted one by one."""

    name = "hoanhap.provision"
    label = "provision"
    verbose_name = _("Services and activities")
