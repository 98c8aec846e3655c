from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "arcwise.insights"
    label = "insights"
    verbose_name = "Caseload and insight"

    def ready(self) -> None:
        # Momentum on the journey page and session prep (journeys cannot import insights).
        from arcwise.insights.caseload import momentum_section
        from arcwise.journeys.hooks import register_journey_section

        register_journey_section(momentum_section)
