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

# Each table the document reads, with the path from its rows to their project: the project's rows of it.
SOURCES: dict[type[Model], str] = {
    Project: "pk",
    Report: "project",
    ReportSection: "report__project",
    BudgetLine: "project",
    TimelineEvent: "project",
    Reference: "project",
    ScreeningDecision: "reference__project",
    DualScreeningSetting: "project",
    ImportBatch: "project",
    Search: "project",
    ScreeningStop: "project",
    Extraction: "reference__project",
    Organisation: "project",
    Stakeholder: "project",
    ConsentEvent: "stakeholder__project",
    Interview: "project",
    Transcript: "interview__project",
    TranscriptTurn: "transcript__interview__project",
    Code: "project",
    Coding: "code__project",
    Theme: "project",
    Theme.codes.through: "theme__project",
    Quote: "theme__project",
    PriorityCandidate: "project",
    PriorityCandidate.themes.through: "prioritycandidate__project",
    PriorityDecision: "project",
    PriorityDecision.chosen.through: "prioritydecision__project",
    Workshop: "project",
    Participant: "workshop__project",
    Activity: "workshop__project",
    ResultSnapshot: "activity__workshop__project",
    Statement: "activity__workshop__project",
    StatementVote: "statement__activity__workshop__project",
    PairwiseOption: "activity__workshop__project",
    Card: "activity__workshop__project",
    Cluster: "activity__workshop__project",
    DotVote: "activity__workshop__project",
    Framework: "project",
    Element: "framework__project",
    EvidenceLink: "element__framework__project",
    Recommendation: "project",
    Recommendation.elements.through: "recommendation__project",
    RecommendationEvidence: "recommendation__project",
    EndorsementRound: "project",
    EndorsementInvite: "round__project",
    Endorsement: "recommendation__project",
    PublicationDecision: "recommendation__project",
    ProgressUpdate: "recommendation__project",
    Milestone: "recommendation__project",
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
    sources = [model._default_manager.filter(**{path: STAND_IN}) for model, path in SOURCES.items()]
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
