from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "coproduce.jobs"
    label = "jobs"
    verbose_name = "Background work"

    def ready(self) -> None:
        from . import checks  # noqa: F401 registers the deployment check
