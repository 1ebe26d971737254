from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hoanhap.api"
    label = "api"
