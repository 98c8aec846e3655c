from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "arcwise.privacy"
    label = "privacy"
    verbose_name = "Privacy"
