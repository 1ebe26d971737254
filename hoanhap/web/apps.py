from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hoanhap.web"
    label = "web"
