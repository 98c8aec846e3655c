from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "arcwise.outcomes"
    label = "outcomes"
    verbose_name = "Goals, measures and closing"
