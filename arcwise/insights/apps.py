from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "arcwise.insights"
    label = "insights"
    verbose_name = "Caseload and insight"

    def ready(self) -> None:
        # Momentum alerts: nudges never imports insights, so its planner calls ours.
        from arcwise.insights.alerts import plan_momentum_alerts
        from arcwise.nudges.planner import register as register_planner

        register_planner(plan_momentum_alerts)
