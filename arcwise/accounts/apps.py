from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "arcwise.accounts"
    label = "accounts"
    verbose_name = "Accounts and practices"
