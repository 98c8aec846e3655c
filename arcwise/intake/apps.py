from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "arcwise.intake"
    label = "intake"
    verbose_name = "Intake answers"
