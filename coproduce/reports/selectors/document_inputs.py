"""What the report's document is made from, read in one query: the key of a kept document.

The document (`document.report_document`) reads some forty tables across the apps below. Its key is a digest
of two things, worked out by the database on each view:

- **The project's audit trail**: how many rows it has and the latest. Every write a service makes (an edit, a
  speaker assigned, codes merged, cards moved, a recommendation published) writes an audit row in the same
  transaction, including the writes made with `QuerySet.update()`, which change no `updated_at`. A count
  catches a change committed after a later one, which the latest row alone would not.
- **Each table the document reads**, the project's rows only: how many, the largest id and, where the table
  has one, the latest `updated_at`. This catches writes that leave no audit row: stored results written by
  the task worker, rows removed with their project's data, anything loaded in bulk.

With the day (the date on the cover), the time zone and language the page is made in, the small-count
setting and a digest of the code that builds and writes the document. Any of these changing gives a new key,
so every process shows the new report at once; `tests/test_report_inputs.py` checks that every table the
builder reads is one of `SOURCES`.
"""

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import F, Model, QuerySet
from django.utils import timezone, translation

import coproduce
from coproduce.analysis.models import Code, Coding, PriorityCandidate, PriorityDecision, Quote, Theme
from coproduce.consent.models import ConsentEvent
from coproduce.context.models import BudgetLine, TimelineEvent
from coproduce.core.code_digest import code_digest
from coproduce.core.models import AuditEvent
from coproduce.evidence.models import (
    DualScreeningSetting,
    ImportBatch,
    Reference,
    ScreeningDecision,
    ScreeningStop,
    Search,
)
from coproduce.extraction.models import Extraction
from coproduce.frameworks.models import Element, EvidenceLink, Framework
from coproduce.interviews.models import Interview, Transcript, TranscriptTurn
from coproduce.people.models import Organisation, Stakeholder
from coproduce.projects.models import Project
from coproduce.recommendations.models import (
    Endorsement,
    EndorsementInvite,
    EndorsementRound,
    Milestone,
    ProgressUpdate,
    PublicationDecision,
    Recommendation,
    RecommendationEvidence,
)
from coproduce.workshops.models import (
    Activity,
    Card,
    Cluster,
    DotVote,
    PairwiseOption,
    Participant,
    ResultSnapshot,
    Statement,
    StatementVote,
    Workshop,
)

from ..document import Audience
from ..models import Report, ReportSection

# Raise when the document would change for a reason that neither the data nor the code below shows.
DOCUMENT_REVISION = 1
DOCUMENT_LIBRARIES = ("django", "markdown-it-py", "mdit-py-plugins", "uharfbuzz", "fonttools")

Source = Callable[[Project], QuerySet[Model]]

# Each table the document reads, as the project's rows of it.
SOURCES: dict[type[Model], Source] = {
    Project: lambda p: Project.objects.filter(pk=p.pk),
    Report: lambda p: Report.objects.filter(project=p),
    ReportSection: lambda p: ReportSection.objects.filter(report__project=p),
    BudgetLine: lambda p: BudgetLine.objects.filter(project=p),
    TimelineEvent: lambda p: TimelineEvent.objects.filter(project=p),
    Reference: lambda p: Reference.objects.filter(project=p),
    ScreeningDecision: lambda p: ScreeningDecision.objects.filter(reference__project=p),
    DualScreeningSetting: lambda p: DualScreeningSetting.objects.filter(project=p),
    ImportBatch: lambda p: ImportBatch.objects.filter(project=p),
    Search: lambda p: Search.objects.filter(project=p),
    ScreeningStop: lambda p: ScreeningStop.objects.filter(project=p),
    Extraction: lambda p: Extraction.objects.filter(reference__project=p),
    Organisation: lambda p: Organisation.objects.filter(project=p),
    Stakeholder: lambda p: Stakeholder.objects.filter(project=p),
    ConsentEvent: lambda p: ConsentEvent.objects.filter(stakeholder__project=p),
    Interview: lambda p: Interview.objects.filter(project=p),
    Transcript: lambda p: Transcript.objects.filter(interview__project=p),
    TranscriptTurn: lambda p: TranscriptTurn.objects.filter(transcript__interview__project=p),
    Code: lambda p: Code.objects.filter(project=p),
    Coding: lambda p: Coding.objects.filter(code__project=p),
    Theme: lambda p: Theme.objects.filter(project=p),
    Theme.codes.through: lambda p: Theme.codes.through.objects.filter(theme__project=p),
    Quote: lambda p: Quote.objects.filter(theme__project=p),
    PriorityCandidate: lambda p: PriorityCandidate.objects.filter(project=p),
    PriorityCandidate.themes.through: lambda p: PriorityCandidate.themes.through.objects.filter(
        prioritycandidate__project=p
    ),
    PriorityDecision: lambda p: PriorityDecision.objects.filter(project=p),
    PriorityDecision.chosen.through: lambda p: PriorityDecision.chosen.through.objects.filter(
        prioritydecision__project=p
    ),
    Workshop: lambda p: Workshop.objects.filter(project=p),
    Participant: lambda p: Participant.objects.filter(workshop__project=p),
    Activity: lambda p: Activity.objects.filter(workshop__project=p),
    ResultSnapshot: lambda p: ResultSnapshot.objects.filter(activity__workshop__project=p),
    Statement: lambda p: Statement.objects.filter(activity__workshop__project=p),
    StatementVote: lambda p: StatementVote.objects.filter(statement__activity__workshop__project=p),
    PairwiseOption: lambda p: PairwiseOption.objects.filter(activity__workshop__project=p),
    Card: lambda p: Card.objects.filter(activity__workshop__project=p),
    Cluster: lambda p: Cluster.objects.filter(activity__workshop__project=p),
    DotVote: lambda p: DotVote.objects.filter(activity__workshop__project=p),
    Framework: lambda p: Framework.objects.filter(project=p),
    Element: lambda p: Element.objects.filter(framework__project=p),
    EvidenceLink: lambda p: EvidenceLink.objects.filter(element__framework__project=p),
    Recommendation: lambda p: Recommendation.objects.filter(project=p),
    Recommendation.elements.through: lambda p: Recommendation.elements.through.objects.filter(
        recommendation__project=p
    ),
    RecommendationEvidence: lambda p: RecommendationEvidence.objects.filter(recommendation__project=p),
    EndorsementRound: lambda p: EndorsementRound.objects.filter(project=p),
    EndorsementInvite: lambda p: EndorsementInvite.objects.filter(round__project=p),
    Endorsement: lambda p: Endorsement.objects.filter(recommendation__project=p),
    PublicationDecision: lambda p: PublicationDecision.objects.filter(recommendation__project=p),
    ProgressUpdate: lambda p: ProgressUpdate.objects.filter(recommendation__project=p),
    Milestone: lambda p: Milestone.objects.filter(recommendation__project=p),
}


STAND_IN = -7_311_019  # the project's id while the query is compiled, replaced by the real one on each use


def _saved(rows: QuerySet[Model]) -> bool:
    """Whether the table records when each row was last saved (creation times would add nothing to the
    number of rows and the largest id)."""
    return "updated_at" in {field.name for field in rows.model._meta.concrete_fields}


def _rows(rows: QuerySet[Model]) -> QuerySet[Model, dict[str, Any]]:
    """The rows' ids as `row_id`, with their last saves as `row_saved` where the table records them."""
    columns = {"row_id": F("pk"), **({"row_saved": F("updated_at")} if _saved(rows) else {})}
    found: QuerySet[Model, dict[str, Any]] = rows.order_by().annotate(**columns).values(*columns)
    return found


@cache
def _query() -> tuple[str, int]:
    """One query of every source's figures and the audit trail's (how many rows, the largest id, the latest
    save), compiled once per process for a stand-in project: its SQL, and how many parameters it takes
    (each the project's id)."""
    stand_in = Project(pk=STAND_IN)
    sources = [source(stand_in) for source in SOURCES.values()]
    sources.append(AuditEvent.objects.filter(project_id=STAND_IN))
    parts: list[str] = []
    params: list[object] = []
    for n, rows in enumerate(sources):
        sql, more = _rows(rows).query.sql_with_params()
        # As text: PostgreSQL joins the parts only if each column has one type in all of them.
        saved = "MAX(row_saved)" if _saved(rows) else "NULL"
        figures = f"COUNT(*) AS n, MAX(row_id) AS last, CAST({saved} AS TEXT) AS saved"
        parts.append(f"SELECT {n} AS source, {figures} FROM ({sql}) AS rows{n}")  # noqa: S608  compiled by Django
        params += more
    if any(param != STAND_IN for param in params):
        raise ValueError("A source of the report's document is filtered by more than its project.")
    return " UNION ALL ".join(parts), len(params)


def report_inputs_state(*, project: Project) -> tuple[object, ...]:
    """Every source's figures and the audit trail's, as the database gives them, in one query."""
    sql, count = _query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [project.pk] * count)
        return tuple(tuple(row) for row in sorted(cursor.fetchall()))


@cache
def document_code_version() -> str:
    """A digest of what builds and writes the document besides the data: every module of coproduce (outside
    the tests and migrations), every template, the bundled fonts that draw the figures' text, and the
    versions of Django and the libraries that write Markdown and shape text. Worked out once per process (a
    deployment restarts it), so that a kept document made by other code is never shown."""
    base = Path(settings.BASE_DIR)
    package, templates, fonts = Path(coproduce.__file__).parent, base / "templates", base / "static" / "fonts"
    modules = [p for p in package.rglob("*.py") if not {"tests", "migrations"} & set(p.parts)]
    files = sorted(modules) + sorted(p for p in templates.rglob("*") if p.is_file())
    return code_digest(
        revision=DOCUMENT_REVISION,
        files=[(str(path.relative_to(base)), path) for path in files],
        sized=sorted(fonts.glob("*")),
        libraries=DOCUMENT_LIBRARIES,
    )


def report_inputs_digest(*, project: Project, audience: Audience) -> str:
    """The key of the report's document as it would be built now for `audience` (see the module's text)."""
    made = [
        str(audience), str(timezone.localdate()), timezone.get_current_timezone_name(),
        translation.get_language() or "", settings.PUBLIC_MIN_COUNT, document_code_version(),
    ]  # fmt: skip
    named = repr([project.pk, made, report_inputs_state(project=project)])
    return hashlib.sha256(named.encode()).hexdigest()
