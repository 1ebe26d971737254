from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "hoanhap.geo"
    label = "geo"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from hoanhap.audit.actions import register_actions

        register_actions(
            {
                "geo.units.loaded": _("Administrative units loaded or updated"),
            }
        )
