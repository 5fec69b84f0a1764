from django.apps import AppConfig


class ContextConfig(AppConfig):
    name = "coproduce.context"
    label = "context"
    verbose_name = "Local context"
