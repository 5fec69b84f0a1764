from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "coproduce.consent"
    label = "consent"
    verbose_name = "Consent"

    def ready(self) -> None:
        from .personal_data import consent_sources_register

        consent_sources_register()
