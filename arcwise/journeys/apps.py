from django.apps import AppConfig


class JourneysConfig(AppConfig):
    name = "arcwise.journeys"
    label = "journeys"
    verbose_name = "Journeys"

    def ready(self) -> None:
        # Lower apps cannot import journeys: the client page and member removal ask here.
        from arcwise.accounts.removal import register_removal_check
        from arcwise.clients.sections import register_client_section
        from arcwise.journeys.endings.queries import open_journeys_block_removal
        from arcwise.journeys.pages.access import client_journeys_section

        register_client_section(client_journeys_section)
        register_removal_check(open_journeys_block_removal)
