from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "coproduce.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations"
