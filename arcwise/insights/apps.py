from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "arcwise.insights"
    label = "insights"
    verbose_name = "Caseload and insight"
