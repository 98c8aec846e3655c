from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "arcwise.insights"
    label = "insights"
    verbose_name = "Caseload and insight"

    def ready(self) -> None:
        # Journeys cannot import insights: its journey page asks here for the mentor section.
        from arcwise.insights.mentoring import mentor_review_section
        from arcwise.journeys.hooks import register_journey_section

        register_journey_section(mentor_review_section)

        # Momentum alerts: nudges never imports insights, so its planner calls ours.
        from arcwise.insights.alerts import plan_momentum_alerts
        from arcwise.nudges.planner import register as register_planner

        register_planner(plan_momentum_alerts)

        # Momentum (state and every signal with its reason) on the journey page and prep.
        from arcwise.insights.caseload import momentum_section

        register_journey_section(momentum_section)
