from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "coproduce.frameworks"
    label = "frameworks"
    verbose_name = "Frameworks"

    def ready(self) -> None:
        from coproduce.consent.registry import declare_not_personal

        from .models import EvidenceLink

        declare_not_personal(
            EvidenceLink,
            reason="The team's link from a framework element to evidence (it may point at a workshop "
            "card, statement or interview quote, exported and erased with them); it records nothing "
            "about a person.",
        )
