from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "coproduce.workshops"
    label = "workshops"
    verbose_name = "Co-production workshops"
