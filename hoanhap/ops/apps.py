from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "hoanhap.ops"
    label = "ops"
