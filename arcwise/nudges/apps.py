from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "arcwise.nudges"
    label = "nudges"
    verbose_name = "Outbox and reminders"
