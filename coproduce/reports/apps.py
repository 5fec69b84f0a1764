from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "coproduce.reports"
    label = "reports"
    verbose_name = "Reports and publication"
