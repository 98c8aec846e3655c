from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "arcwise.ui"
    label = "ui"
    verbose_name = "Layout and shared page parts"
