from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Campaigns such as the screening of children and free surgery: registration, screening, surgery and
    follow-up, per commune."""

    name = "hoanhap.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "campaigns.campaign.created": _("Campaign created"),
                "campaigns.campaign.updated": _("Campaign changed"),
                "campaigns.registration.added": _("Child registered for a campaign"),
                "campaigns.session.created": _("Screening session recorded"),
                "campaigns.result.recorded": _("Screening result recorded"),
                "campaigns.result.changed": _("Screening result changed"),
                "campaigns.surgery.recorded": _("Surgery recorded"),
                "campaigns.follow_up.recorded": _("Follow-up recorded"),
            }
        )
