"""Every CSV and XLSX download, with hostile labels everywhere: no cell of any row, headings included, and no
sheet name can run as a formula in a spreadsheet. A new spreadsheet URL fails here until it is walked too."""

import csv
import io
import re
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from coproduce.analysis.models import Code, Theme
from coproduce.core.services import audit_record
from coproduce.core.spreadsheets import FORMULA_TRIGGERS
from coproduce.dashboard.demo import demo_seed
from coproduce.evidence.models import Reference
from coproduce.extraction.models import Appraisal, Extraction, ExtractionField, ExtractionForm
from coproduce.frameworks.models import Element, EvidenceLink, Framework
from coproduce.people.models import Interest, Organisation, Stakeholder
from coproduce.projects.models import Membership, Project
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.recommendations.models import Recommendation, RecommendationEvidence
from coproduce.reports.selectors.publication import publication_preview
from coproduce.reports.services import publication_publish
from coproduce.workshops.models import (
    Activity,
    ActivityKind,
    Card,
    Cluster,
    PairwiseOption,
    Statement,
    Workshop,
    WorkshopStatus,
)

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd", "@SUM(1)", "-2+3"]
SIGNED_FIGURE = re.compile(r"[+-][0-9 ().]+")

# URL names that hand over a file that is not a spreadsheet (Word, JSON, REFI-QDA).
NOT_SPREADSHEETS = {
    "consent:subject_access_export",
    "analysis:codebook_qdc",
    "analysis:project_qdpx",
    "analysis:transcript_docx",
    "analysis:codebook_docx",
    "reports:report_docx",
    "reports:report_pdf",
    "workshops:workshop_summary_docx",
    "frameworks:framework_pdf",
    "evidence:fulltext_file",
    "jobs:job_download",  # the files jobs make: the report as PDF and Word
}
# Headings only, none typed by anyone: nothing hostile can reach them.
FIXED_CONTENT = {"people:import_template"}

POISONED: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (Code, ("name", "definition")),
    (Theme, ("name",)),
    (Organisation, ("name", "ward", "notes")),
    (Stakeholder, ("full_name", "job_title", "notes")),
    (Interest, ("name",)),
    (Reference, ("title", "abstract", "publisher")),
    (ExtractionForm, ("name",)),
    (ExtractionField, ("label",)),
    (Extraction, ("case_title", "case_summary")),
    (Appraisal, ("summary",)),
    (Workshop, ("title",)),
    (Activity, ("title", "prompt")),
    (Card, ("text",)),
    (Cluster, ("title",)),
    (Statement, ("text",)),
    (PairwiseOption, ("text",)),
    (Framework, ("title",)),
    (Element, ("title",)),
    (EvidenceLink, ("note",)),
    (Recommendation, ("action",)),
    (RecommendationEvidence, ("note",)),
]


def _poison() -> None:
    """Give every label a hostile value (numbered, so that names that must differ still do)."""
    for model, fields in POISONED:
        rows = list(model._default_manager.all())
        for index, row in enumerate(rows):
            for field in fields:
                setattr(row, field, f"{HOSTILE[index % len(HOSTILE)]} {index}")
        model._default_manager.bulk_update(rows, fields)
    # A slug is a valid extraction field key, and a slug may start with "-".
    keyed = list(ExtractionField.objects.all())
    for index, question in enumerate(keyed):
        question.key = f"-cmd-{index}"
    ExtractionField.objects.bulk_update(keyed, ["key"])


def _runs_as_formula(value: object) -> bool:
    if not isinstance(value, str):
        return False
    starts = {value[:1], value.lstrip()[:1]}
    return bool(FORMULA_TRIGGERS & starts) and not SIGNED_FIGURE.fullmatch(value.lstrip())


def _csv_cells(content: bytes) -> Iterator[str]:
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")):
        yield from row


def _xlsx_cells(content: bytes) -> Iterator[object]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        yield sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                # A formula cell's value is its formula, "=...", which _runs_as_formula catches.
                yield (
                    f"={cell.value}"
                    if cell.data_type == "f" and not str(cell.value).startswith("=")
                    else cell.value
                )


def _cells(content: bytes) -> list[object]:
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "xl/workbook.xml" in archive.namelist():
                return list(_xlsx_cells(content))
            return [cell for name in archive.namelist() for cell in _csv_cells(archive.read(name))]
    return list(_csv_cells(content))


def _spreadsheet_url_names() -> set[str]:
    """Every URL name that looks like a download: exports, .csv, .xlsx, .zip and templates."""
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif re.search(r"export|csv|xlsx|zip|template|download|docx|pdf|qd[cp]", str(pattern.pattern)):
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def _downloads(project: Project) -> dict[str, list[str]]:
    p = {"project_id": project.public_id}
    workshop = Workshop.objects.get(project=project, status=WorkshopStatus.ENDED)
    statements = workshop.activities.get(kind=ActivityKind.STATEMENTS)
    element = Element.objects.filter(framework__project=project, links__isnull=False).first()
    recommendation = Recommendation.objects.filter(project=project, elements__links__isnull=False).first()
    assert element is not None and recommendation is not None
    form = ExtractionForm.objects.filter(project=project).first()
    assert form is not None
    people = reverse("people:export", kwargs=p)
    segments = reverse("analysis:segment_export", kwargs=p)
    matrices = reverse("analysis:matrix_export", kwargs=p)
    return {
        "projects:audit_export": [reverse("projects:audit_export", kwargs=p)],
        "people:export": [
            f"{people}?what={what}&format={fmt}&personal={personal}"
            for what in ("people", "organisations")
            for fmt in ("csv", "xlsx")
            for personal in ("1", "")
        ],
        "people:import_template": [
            reverse("people:import_template", kwargs={**p, "kind": kind})
            for kind in ("people", "organisations")
        ],
        "evidence:export": [reverse("evidence:export", kwargs=p) + "?records=all&format=csv"],
        "extraction:export": [
            reverse("extraction:export", kwargs={**p, "extraction_form_id": form.public_id})
        ],
        "analysis:codebook_csv": [reverse("analysis:codebook_csv", kwargs=p)],
        "analysis:segment_export": [f"{segments}?format=csv", f"{segments}?format=xlsx"],
        "analysis:matrix_export": [
            f"{matrices}?matrix={matrix}&format={fmt}"
            for matrix in ("co-occurrence", "sector")
            for fmt in ("csv", "xlsx")
        ],
        "workshops:workshop_export_xlsx": [
            reverse("workshops:workshop_export_xlsx", kwargs={**p, "workshop_id": workshop.public_id})
        ],
        "workshops:statements_export_polis": [
            reverse(
                "workshops:statements_export_polis",
                kwargs={
                    **p,
                    "workshop_id": workshop.public_id,
                    "statements_activity_id": statements.public_id,
                },
            )
        ],
        "frameworks:element_evidence_csv": [
            reverse(
                "frameworks:element_evidence_csv",
                kwargs={**p, "framework_id": element.framework.public_id, "element_id": element.public_id},
            )
        ],
        "recommendations:recommendation_trace_csv": [
            reverse(
                "recommendations:recommendation_trace_csv",
                kwargs={**p, "recommendation_id": recommendation.public_id},
            )
        ],
        "recommendations:project_trace_csv": [
            f"{reverse('recommendations:project_trace_csv', kwargs=p)}?version={version}"
            for version in ("team", "public")
        ],
        "reports_public:public_evidence_csv": [
            reverse("reports_public:public_evidence_csv", kwargs={"slug": _published(project)})
        ],
    }


def _published(project: Project) -> str:
    """Publish the public page, every item on its checklist confirmed: its evidence table is a download."""
    lead = Membership.objects.filter(project=project, role=ProjectRole.LEAD).first()
    assert lead is not None
    checklist = publication_preview(project=project, include_report=False).checklist
    publication_publish(
        project=project, by=lead.user, slug="hostile", include_report=False,
        confirmed=[item.key for item in checklist],
    )  # fmt: skip
    return "hostile"


@pytest.mark.django_db
def test_no_spreadsheet_download_holds_a_formula_even_with_hostile_labels(client: Client) -> None:
    # given the demo project with a hostile value in every label people type, and in the audit trail
    project = demo_seed()
    _poison()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD).user
    audit_record(action="projects.test.hostile", by=lead, project_id=project.pk, object_repr=HOSTILE[0])
    client.force_login(lead)
    downloads = _downloads(project)
    # every download URL is either walked here or known not to be a spreadsheet
    assert _spreadsheet_url_names() == NOT_SPREADSHEETS | set(downloads)

    # when each one is downloaded
    formulas: dict[str, list[object]] = {}
    unescaped: list[str] = []
    for name, urls in downloads.items():
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            cells = _cells(response.content)
            formulas[url] = [c for c in cells if _runs_as_formula(c)][:3]
            escaped = any(isinstance(c, str) and c.startswith(("'=", "'+", "'@", "'-")) for c in cells)
            if name not in FIXED_CONTENT and not escaped:
                unescaped.append(url)

    # then no cell, heading or sheet name runs as a formula, and the hostile labels are there, escaped
    unsafe = {url: found for url, found in formulas.items() if found}
    assert not unsafe, "\n".join(f"{url}: {found}" for url, found in unsafe.items())
    assert unescaped == []
