from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "coproduce.jobs"
    label = "jobs"
    verbose_name = "Background work"
