"""The rapid evidence review: searches, imported records, and screening decisions."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse

from coproduce.core.models import BaseModel, KeptUpload
from coproduce.core.text_upload import UploadedText
from coproduce.jobs.models import Job
from coproduce.projects.models import Project


class Search(BaseModel):
    """One entry of the search log: where the team searched, when, with what, and how many hits."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="searches")
    source = models.CharField("database or website", max_length=200)
    searched_on = models.DateField("date searched")
    search_string = models.TextField(blank=True)
    hits = models.PositiveIntegerField("hits reported by the source", null=True, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-searched_on", "-created_at"]
        verbose_name_plural = "searches"

    def __str__(self) -> str:
        return f"{self.source} ({self.searched_on:%d %b %Y})"


class ImportFormat(models.TextChoices):
    RIS = "ris", "RIS (EndNote, Zotero, Mendeley, Scopus, Web of Science)"
    BIBTEX = "bibtex", "BibTeX or biblatex (Zotero, Google Scholar, JabRef)"
    CSV = "csv", "CSV spreadsheet"
    NBIB = "nbib", "PubMed / MEDLINE (.nbib, .txt)"
    WOS = "wos", "Web of Science plain text (.txt)"
    CSL_JSON = "csl_json", "CSL-JSON (Zotero)"


class ImportBatch(BaseModel):
    """One file imported into the review, tied to the search it came from."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="import_batches")
    search = models.ForeignKey(
        Search, null=True, blank=True, on_delete=models.SET_NULL, related_name="batches"
    )
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=20, choices=ImportFormat.choices)
    records_in_file = models.PositiveIntegerField(default=0)
    records_created = models.PositiveIntegerField(default=0)
    duplicates_merged = models.PositiveIntegerField(default=0)
    records_skipped = models.PositiveIntegerField(
        default=0, help_text="Records in the file with no title, abstract or DOI, which were not imported."
    )
    skipped = models.JSONField(
        default=list, blank=True, help_text="Where each skipped record is and what it lacks (the first 500)."
    )
    encoding = models.CharField(
        max_length=40, blank=True, help_text="The codec the file was read with when it was not Unicode."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "import batches"

    @property
    def skipped_note(self) -> str:
        """How many records of the file were left out as unusable, and why; blank when none were."""
        if not self.records_skipped:
            return ""
        n = self.records_skipped
        return f"{n:,} {'record was' if n == 1 else 'records were'} skipped: no title, abstract or DOI."

    @property
    def encoding_note(self) -> str:
        """Which encoding was assumed for a file that was not in UTF-8 or UTF-16; blank otherwise."""
        return UploadedText(text="", encoding=self.encoding).encoding_note if self.encoding else ""

    def __str__(self) -> str:
        return f"{self.filename} ({self.records_created} new)"


class PendingImport(KeptUpload):
    """An uploaded file kept in the database until it is imported: a spreadsheet between the upload and the
    column-mapping step, or a large file until the job importing it (`job`) has run. Deleted once imported,
    or once its job has failed for good; any left are cleared after `expires_at`."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pending_imports")
    search = models.ForeignKey(Search, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=20, choices=ImportFormat.choices)
    mapping = models.JSONField(
        null=True, blank=True, help_text="A spreadsheet's columns, as mapped, while the import is previewed."
    )
    job = models.OneToOneField(
        Job,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The job importing it",
    )

    class Meta(KeptUpload.Meta):
        pass


class SourceType(models.TextChoices):
    JOURNAL_ARTICLE = "journal_article", "Journal article"
    BOOK = "book", "Book"
    CHAPTER = "chapter", "Book chapter"
    REPORT = "report", "Report (think tank, LGA, charity, government)"
    COUNCIL_PAPER = "council_paper", "Council or committee paper"
    WEB_PAGE = "web_page", "Web page"
    THESIS = "thesis", "Thesis"
    CONFERENCE = "conference", "Conference paper"
    OTHER = "other", "Other"


GREY_LITERATURE = frozenset(
    {SourceType.REPORT, SourceType.COUNCIL_PAPER, SourceType.WEB_PAGE, SourceType.OTHER}
)


class Reference(BaseModel):
    """One record found by a search or added by hand (grey literature)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="references")
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="references"
    )
    source_type = models.CharField(
        max_length=30, choices=SourceType.choices, default=SourceType.JOURNAL_ARTICLE
    )
    title = models.TextField()
    abstract = models.TextField(blank=True)
    authors = models.JSONField(default=list, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    container = models.CharField("journal, book or publisher series", max_length=500, blank=True)
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    publisher = models.CharField("publisher or organisation", max_length=300, blank=True)
    doi = models.CharField("DOI", max_length=255, blank=True, db_index=True)
    pmid = models.CharField("PubMed ID", max_length=20, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    # Lower-case title without punctuation or spaces, for finding exact duplicates.
    title_key = models.CharField(max_length=300, db_index=True, editable=False)
    # Set when a person confirms this record duplicates another; it then leaves screening.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["project", "title_key", "year"], name="reference_exact_key"),
            # The confirmed duplicates of a project, read on every screening page: a few rows of an index.
            models.Index(
                fields=["project", "duplicate_of"],
                condition=models.Q(duplicate_of__isnull=False),
                name="reference_duplicates",
            ),
        ]

    def __str__(self) -> str:
        return self.title[:120]

    def get_absolute_url(self) -> str:
        return reverse(
            "evidence:reference_detail", kwargs={"project_id": self.project.public_id, "pk": self.pk}
        )

    @property
    def first_author(self) -> str:
        return str(self.authors[0]) if self.authors else ""

    @property
    def is_grey(self) -> bool:
        return self.source_type in GREY_LITERATURE


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", "To check"
    CONFIRMED = "confirmed", "Same record"
    SPLIT = "split", "Different records"


class DuplicateCandidate(models.Model):
    """Two records that may be the same work (e.g. a preprint and its published version)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="duplicate_candidates")
    first = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text="Similarity from 0 to 100.")
    status = models.CharField(max_length=20, choices=DuplicateStatus.choices, default=DuplicateStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_candidate_per_pair"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="candidate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.score:.0f})"


class CriterionKind(models.TextChoices):
    INCLUDE = "include", "Inclusion criterion"
    EXCLUDE = "exclude", "Exclusion criterion"


class Criterion(models.Model):
    """A plain-language eligibility criterion; exclusions double as the structured reasons to exclude."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(max_length=20, choices=CriterionKind.choices)
    label = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "label"], name="unique_criterion_label")
        ]

    def __str__(self) -> str:
        return self.label


class ScreeningStage(models.TextChoices):
    TITLE_ABSTRACT = "title_abstract", "Title and abstract"
    FULL_TEXT = "full_text", "Full text"


class Decision(models.TextChoices):
    INCLUDE = "include", "Include"
    EXCLUDE = "exclude", "Exclude"
    MAYBE = "maybe", "Maybe"


# A logged decision that takes back its screener's earlier one: the record is unscreened for them again.
WITHDRAWN = "withdrawn"
LOGGED_DECISIONS = [*Decision.choices, (WITHDRAWN, "Decision undone")]


class ScreeningDecision(models.Model):
    """Append-only: one person's decision on one record at one stage. The latest one per person counts; a
    row whose decision is WITHDRAWN undoes that person's decision (see selectors/decisions.py)."""

    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="decisions")
    stage = models.CharField(max_length=20, choices=ScreeningStage.choices)
    decision = models.CharField(max_length=20, choices=LOGGED_DECISIONS)
    reason = models.ForeignKey(Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="screening_decisions"
    )
    # How the record was offered: "active" (model ranking), "random", "second" (blind second screening) or
    # "resolution" (a third person settling a disagreement between two blind screeners).
    offered_as = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["reference", "stage", "-created_at"], name="decision_latest"),
            # A screener's latest decision, on every screening page (screener_last_decision in
            # selectors/screening.py): read from the end of the index, not by sorting all their decisions.
            models.Index(fields=["screened_by", "stage", "-created_at", "-id"], name="decision_by_screener"),
        ]

    def __str__(self) -> str:
        return f"{self.reference_id} {self.stage} {self.decision}"


class PriorLabel(models.TextChoices):
    RELEVANT = "relevant", "Known relevant"
    IRRELEVANT = "irrelevant", "Known irrelevant"
    REMOVED = "removed", "No longer prior knowledge"


class PriorKnowledge(models.Model):
    """Append-only: the team marks a record as known relevant or irrelevant before (or while) screening, so
    that the ranking learns from it from the start. The latest row per record counts; REMOVED takes it back.
    It is not a person's screening decision: the record is still screened like any other."""

    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="prior_knowledge")
    label = models.CharField(max_length=20, choices=PriorLabel.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "prior knowledge"

    def __str__(self) -> str:
        return f"{self.reference_id} {self.label}"


class DualScreeningSetting(models.Model):
    """The share of records screened blind by two people; the sample is fixed by `seed` (see dual_sample)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="dual_screening")
    share_percent = models.PositiveSmallIntegerField(
        "share of records screened by two people (%)", default=0, validators=[MaxValueValidator(100)]
    )
    seed = models.PositiveIntegerField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(share_percent__lte=100), name="dual_share_at_most_100")
        ]

    def __str__(self) -> str:
        return f"{self.share_percent}% screened by two people"


class HighlightTerms(models.Model):
    """The words and phrases the team wants picked out on the screening page, one per line in each list:
    terms that suggest a record is relevant, and terms that suggest it is not (see evidence/highlight.py)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="highlight_terms")
    relevant = models.TextField("terms that suggest a record is relevant", blank=True)
    irrelevant = models.TextField("terms that suggest a record is not relevant", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "highlight terms"

    def __str__(self) -> str:
        return f"Highlight terms of project {self.project_id}"

    @property
    def relevant_terms(self) -> list[str]:
        return self.relevant.splitlines()

    @property
    def irrelevant_terms(self) -> list[str]:
        return self.irrelevant.splitlines()


def full_text_path(instance: "FullText", filename: str) -> str:
    """Stored under a random name per project, never the uploader's file name."""
    return f"full-text/{instance.reference.project.public_id}/{instance.public_id}.pdf"


class FullText(BaseModel):
    """The full text of a record included at title and abstract: an uploaded PDF, a link, or both."""

    reference = models.OneToOneField(Reference, on_delete=models.CASCADE, related_name="full_text")
    file = models.FileField("PDF", upload_to=full_text_path, blank=True, max_length=255)
    url = models.URLField("link to the full text", max_length=1000, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="") | ~models.Q(url=""), name="full_text_has_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return f"Full text of record {self.reference_id}"


class ScreeningStop(models.Model):
    """Append-only: the team's decision to stop (or resume) screening at a stage. The latest row counts."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="screening_stops")
    stage = models.CharField(
        max_length=20, choices=ScreeningStage.choices, default=ScreeningStage.TITLE_ABSTRACT
    )
    stopped_at = models.DateTimeField(auto_now_add=True, db_index=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rule = models.CharField("stopping rule", max_length=200, blank=True)
    p_value = models.FloatField(null=True, blank=True)
    records_screened = models.PositiveIntegerField(default=0)
    records_unscreened = models.PositiveIntegerField(default=0)
    reason = models.TextField()
    resumed = models.BooleanField("screening resumed", default=False)

    class Meta:
        ordering = ["-stopped_at", "-id"]

    def __str__(self) -> str:
        return f"Screening {'resumed' if self.resumed else 'stopped'} {self.stopped_at:%d %b %Y}"
