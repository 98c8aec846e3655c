from django.apps import AppConfig


class NudgesConfig(AppConfig):
    name = "arcwise.nudges"
    label = "nudges"
    verbose_name = "Outbox and reminders"

    def ready(self) -> None:
        # Accounts sits below nudges: the account page asks here for the calendar section.
        from arcwise.accounts.sections import register_account_section
        from arcwise.nudges.feed_views import feed_account_section

        register_account_section(feed_account_section)
