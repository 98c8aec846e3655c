from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "arcwise.nudges"
    label = "nudges"
    verbose_name = "Outbox and reminders"

    def ready(self) -> None:
        # Accounts sits below nudges: the account page asks here for the calendar section,
        # and invitations and password resets go through the outbox like every message.
        from arcwise.accounts.outgoing import register_mail_writer
        from arcwise.accounts.sections import register_account_section
        from arcwise.nudges.feed_views import feed_account_section
        from arcwise.nudges.outbox import enqueue_account_mail

        register_account_section(feed_account_section)
        register_mail_writer(enqueue_account_mail)
