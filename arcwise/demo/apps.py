from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "arcwise.demo"
    label = "demo"
    verbose_name = "Demo practice"
