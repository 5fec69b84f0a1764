from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "coproduce.evidence"
    label = "evidence"
    verbose_name = "Evidence review"
