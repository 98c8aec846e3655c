from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "arcwise.journeys"
    label = "journeys"
    verbose_name = "Journeys"
