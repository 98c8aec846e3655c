from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "arcwise.portal"
    label = "portal"
    verbose_name = "Client portal"
