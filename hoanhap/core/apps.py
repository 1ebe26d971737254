from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "hoanhap.core"
    label = "core"
