from django.apps import AppConfig


class SponsorsConfig(AppConfig):
    name = "arcwise.sponsors"
    label = "sponsors"
    verbose_name = "Sponsors"
