from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "coproduce.workshops"
    label = "workshops"
    verbose_name = "Co-production workshops"

    def ready(self) -> None:
        from coproduce.consent.erasure import register_erasure_step

        from .erasure import workshops_erase

        register_erasure_step(workshops_erase)
