from django.apps import AppConfig


class DesignsConfig(AppConfig):
    name = "arcwise.designs"
    label = "designs"
    verbose_name = "Journey designs"
