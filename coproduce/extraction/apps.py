from django.apps import AppConfig


class ExtractionConfig(AppConfig):
    name = "coproduce.extraction"
    label = "extraction"
    verbose_name = "Extraction and appraisal"
