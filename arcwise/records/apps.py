from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "arcwise.records"
    label = "records"
    verbose_name = "Records"
