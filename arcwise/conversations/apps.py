from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "arcwise.conversations"
    label = "conversations"
    verbose_name = "Messages between coach and client inside a journey"
