"""The narrative report (sections written in Markdown; figures come from the data) and the public page."""

from django.conf import settings
from django.db import models

from coproduce.core.models import BaseModel
from coproduce.projects.models import Project


class SectionKey(models.TextChoices):
    SUMMARY = "summary", "Executive summary"
    CONTEXT = "context", "The local context"
    METHOD = "method", "Method"
    FINDINGS = "findings", "Findings"
    WORKSHOPS = "workshops", "Workshops"
    FRAMEWORK = "framework", "The framework"
    RECOMMENDATIONS = "recommendations", "Recommendations"
    APPENDICES = "appendices", "Appendices"


class Report(BaseModel):
    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="report")
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=300, blank=True)
    authors = models.CharField(max_length=300, blank=True, help_text="As they should appear on the cover.")

    def __str__(self) -> str:
        return self.title


class ReportSection(models.Model):
    """The narrative a researcher writes for one section; the section's figures and tables are computed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=20, choices=SectionKey.choices)
    body = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="one_section_per_key")]

    def __str__(self) -> str:
        return self.get_key_display()


class Publication(BaseModel):
    """The project's optional public page: read-only, nothing personal. Off until a lead turns it on.

    The page shows what the lead checked and published (`content`, `report_content`), not the project as it
    is now: later changes reach the public only when the lead runs the checklist and publishes again.
    """

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="publication")
    slug = models.SlugField(max_length=80, unique=True)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    include_report = models.BooleanField("include the report", default=True)
    content = models.TextField(blank=True, help_text="The page as last published (HTML).")
    report_content = models.TextField(blank=True, help_text="The report as last published (HTML).")
    quote_ids = models.JSONField(
        default=list, blank=True, help_text="The quotes in the published report, checked for consent."
    )
    trace_content = models.TextField(
        blank=True, help_text="The evidence behind each recommendation as last published (HTML)."
    )
    trace_csv = models.TextField(blank=True, help_text="The same evidence as last published, as a CSV table.")
    trace_quote_ids = models.JSONField(
        default=list, blank=True, help_text="The quotes in the published evidence, checked for consent."
    )

    def __str__(self) -> str:
        return self.slug
