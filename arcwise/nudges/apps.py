from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "arcwise.nudges"
    label = "nudges"
    verbose_name = "Outbox and reminders"

    def ready(self) -> None:
        from arcwise.accounts.outgoing import register_mail_writer
        from arcwise.nudges.outbox import enqueue_account_mail

        # Invitations and password resets go through the outbox like every other message.
        register_mail_writer(enqueue_account_mail)
