from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "arcwise.portal"
    label = "portal"
    verbose_name = "Client portal"

    def ready(self) -> None:
        # Journeys and clients cannot import portal: their pages and services ask here.
        from arcwise.clients.sections import register_client_section
        from arcwise.journeys.hooks import (
            register_experiment_notes,
            register_held_hook,
            register_journey_section,
        )
        from arcwise.nudges.planner import register as register_planner
        from arcwise.portal.prompts import plan_portal_messages
        from arcwise.portal.queries import (
            check_in_notes,
            portal_link_section,
            reflections_section,
            session_check_in_section,
        )
        from arcwise.portal.services import reflections_request

        register_held_hook(reflections_request)
        register_client_section(portal_link_section)
        register_journey_section(reflections_section)
        register_journey_section(session_check_in_section)
        register_experiment_notes(check_in_notes)
        register_planner(plan_portal_messages)
