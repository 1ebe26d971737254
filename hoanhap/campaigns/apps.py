from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Campaigns such as the screening of children and free surgery: registration, screening, surgery and
    follow-up, per commune."""

    name = "hoanhap.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")
