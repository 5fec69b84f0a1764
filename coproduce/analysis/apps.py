from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "coproduce.analysis"
    label = "analysis"
    verbose_name = "Qualitative analysis"

    def ready(self) -> None:
        from coproduce.interviews.offsets import OffsetListener, register_offset_listener

        from .personal_data import analysis_personal_data_register
        from .selectors.coding import coding_losses, coding_spans
        from .services.codings import codings_follow_text

        register_offset_listener(
            OffsetListener(spans=coding_spans, follow=codings_follow_text, losses=coding_losses)
        )
        analysis_personal_data_register()
