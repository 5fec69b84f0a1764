from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    name = "coproduce.interviews"
    label = "interviews"
    verbose_name = "Interviews"

    def ready(self) -> None:
        from coproduce.consent.erasure import register_erasure_step

        from .erasure import interviews_erase

        register_erasure_step(interviews_erase)
