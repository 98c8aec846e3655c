from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "arcwise.clients"
    label = "clients"
    verbose_name = "Clients"
