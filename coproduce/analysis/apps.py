from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "coproduce.analysis"
    label = "analysis"
    verbose_name = "Qualitative analysis"

    def ready(self) -> None:
        from coproduce.interviews.services.transcripts import register_offset_listener

        from .personal_data import analysis_personal_data_register
        from .services.codings import codings_follow_text

        register_offset_listener(codings_follow_text)
        analysis_personal_data_register()
