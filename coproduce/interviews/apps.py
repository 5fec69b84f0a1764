from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "coproduce.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from .personal_data import interviews_personal_data_register

        interviews_personal_data_register()
