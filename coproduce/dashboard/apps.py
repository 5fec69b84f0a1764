from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "coproduce.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
