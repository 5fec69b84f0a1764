from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    name = "coproduce.workshops"
    label = "workshops"
    verbose_name = "Co-production workshops"

    def ready(self) -> None:
        from .personal_data import workshops_personal_data_register

        workshops_personal_data_register()
