from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "arcwise.api"
    label = "api"
    verbose_name = "API"
