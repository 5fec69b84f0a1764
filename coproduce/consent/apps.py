from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "coproduce.consent"
    label = "consent"
    verbose_name = "Consent"
