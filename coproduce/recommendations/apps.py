from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "coproduce.recommendations"
    label = "recommendations"
    verbose_name = "Recommendations"

    def ready(self) -> None:
        from .personal_data import recommendations_personal_data_register

        recommendations_personal_data_register()
