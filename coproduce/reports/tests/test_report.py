"""The report: counts from live data, and the HTML, DOCX and PDF exports read back as a reader would."""

import io
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from docx import Document as read_docx

from coproduce.evidence.models import Decision, Reference
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.interviews.models import Interview
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.reports.document import Audience, Figure, Paragraph, References, Table
from coproduce.reports.exports.docx_writer import report_docx
from coproduce.reports.exports.html_writer import report_html, report_pdf
from coproduce.reports.selectors.document import report_document
from coproduce.reports.services import report_section_save
from coproduce.workshops.models import ParticipantSector
from coproduce.workshops.tests.factories import ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

DRAFT = "Share one referral form"


@pytest.fixture
def project_data(project, lead):
    """Five records (three included), interviews in two sectors, a workshop of four, a framework, R1
    published and R2 a draft."""
    records = [ReferenceFactory(project=project) for _ in range(5)]
    for record, decision in zip(records, [Decision.INCLUDE] * 3 + [Decision.EXCLUDE] * 2, strict=True):
        reference_screen(
            reference=record,
            decision=decision,
            by=lead,
        )
    for sector, n in ((Sector.VCFSE, 2), (Sector.LOCAL_AUTHORITY, 1)):
        for _ in range(n):
            person = StakeholderFactory(
                project=project, organisation=OrganisationFactory(project=project, sector=sector)
            )
            Interview.objects.create(
                project=project, stakeholder=person, scheduled_for="2026-05-01T10:00Z", status="done"
            )
    workshop = WorkshopFactory(series__project=project)
    for participant_sector in (
        ParticipantSector.FUNDER,
        ParticipantSector.FUNDER,
        ParticipantSector.VCFSE,
        ParticipantSector.PREFER_NOT,
    ):
        ParticipantFactory(workshop=workshop, sector=participant_sector)
    framework = framework_create(project=project, by=lead, title="Early help together")
    element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    published = recommendation_create(project=project, by=lead, action="Pool small grants through one fund")
    recommendation_publish(recommendation=published, by=lead)
    recommendation_create(project=project, by=lead, action=DRAFT, rationale="Health partners disagree")
    report_section_save(
        project=project, by=lead, key="summary", body="## Key points\n\n- **Trust** comes first"
    )
    return project


def _pdf_text(path):
    """The PDF's text as pdftotext reads it."""
    command = [str(shutil.which("pdftotext")), str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _section(document, key):
    return next(s for s in document.sections if s.key == key)


def test_method_counts_equal_the_data(project_data):
    method = _section(report_document(project=project_data, audience=Audience.TEAM), "method")

    summary = next(b for b in method.blocks if isinstance(b, Paragraph)).text
    assert "identified 5 records" in summary and "5 were screened" in summary and "3 were included" in summary
    assert "3 interviews were held with people from 2 sectors" in summary
    assert "1 workshop was held, with 4 participants" in summary
    interviews, participants = [b for b in method.blocks if isinstance(b, Table)]
    assert interviews.rows == [
        ["Local authority", "1"],
        ["VCFSE (voluntary, community, faith, social enterprise)", "2"],
        ["Total", "3"],
    ]
    assert ["Funder", "2"] in participants.rows and ["Prefer not to say", "1"] in participants.rows
    assert participants.rows[-1] == ["Total", "4"]


def test_figures_and_tables_are_numbered_in_reading_order(project_data):
    document = report_document(project=project_data)

    assert [f.number for f in document.figures] == list(range(1, len(document.figures) + 1))
    assert [t.number for t in document.tables] == list(range(1, len(document.tables) + 1))
    # the local context is empty (no budget lines or events), so the downloads leave it out
    numbered = [(s.number, s.key) for s in document.sections]
    assert numbered[:3] == [(1, "summary"), (2, "method"), (3, "findings")]
    assert [s.number for s in document.sections] == [1, 2, 3, 4, 5, 6, 7]
    assert any("PRISMA" in f.caption for f in document.figures)


def test_html_export_has_the_narrative_and_numbered_captions(project_data):
    html = report_html(document=report_document(project=project_data))

    assert "<strong>Trust</strong> comes first" in html
    assert "Figure 1." in html and "Table 1." in html
    assert "Pool small grants through one fund" in html


def test_docx_has_real_headings_tables_and_pictures(project_data):
    document = report_document(project=project_data)
    docx = read_docx(io.BytesIO(report_docx(document=document)))

    headings = [p.text for p in docx.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert "1. Executive summary" in headings and "2. Method" in headings  # the empty context left out
    assert len(docx.tables) == len(document.tables)
    assert len(docx.inline_shapes) == len(document.figures) + 1  # and the framework's diagram on the cover
    bullets = [p.text for p in docx.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert bullets == ["Trust comes first"]


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice is not installed (make test installs it)"
)
def test_libreoffice_opens_the_docx(project_data, tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(report_docx(document=report_document(project=project_data)))

    profile = f"-env:UserInstallation=file://{tmp_path}/lo"
    command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)]
    subprocess.run(command, check=True, capture_output=True, timeout=180)

    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils is not installed (make test installs it)"
)
def test_pdf_text_holds_the_report(project_data, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(document=report_document(project=project_data)))

    text = _pdf_text(path)

    text = " ".join(text.split())  # table cells wrap across lines
    assert "Executive summary" in text and "Pool small grants" in text
    assert "Figure 1." in text and "Table 1." in text
    assert "2 of " in text  # page numbers (the cover has none)


def test_download_pages(project_data, lead_client):
    kwargs = {"project_id": project_data.public_id}
    docx = lead_client.get(reverse("reports:report_docx", kwargs=kwargs), follow=True)

    assert zipfile.is_zipfile(io.BytesIO(docx.content))
    assert lead_client.get(reverse("reports:report_html", kwargs=kwargs))["Content-Type"].startswith(
        "text/html"
    )
    pdf = lead_client.get(reverse("reports:report_pdf", kwargs=kwargs), follow=True)
    assert pdf.content.startswith(b"%PDF")


def test_section_edit_page(project, lead_client):
    url = reverse("reports:section_edit", kwargs={"project_id": project.public_id, "section_key": "context"})

    lead_client.post(url, {"body": "Birmingham-like cuts fell on **early help**."})

    page = lead_client.get(
        reverse("reports:report_page", kwargs={"project_id": project.public_id})
    ).content.decode()
    assert "<strong>early help</strong>" in page
    assert lead_client.get(url.replace("context", "nonsense")).status_code == 404


def test_every_figure_is_an_svg_with_a_title(project_data):
    for figure in report_document(project=project_data).figures:
        assert isinstance(figure, Figure) and "<title" in figure.svg and figure.description


def test_elements_cite_included_records_by_their_number_in_appendix_b(project_data, lead):
    framework = project_data.frameworks.get()
    element = framework.elements.get()
    included = sorted(
        Reference.objects.filter(project=project_data, decisions__decision=Decision.INCLUDE),
        key=lambda r: (r.title, r.pk),
    )
    evidence_link_add(element=element, by=lead, kind="reference", target=included[1])

    document = report_document(project=project_data)

    elements_table = next(b for b in _section(document, "framework").blocks if isinstance(b, Table))
    assert elements_table.rows[0][-1] == "Limited; sources [2]"
    records = next(b for b in _section(document, "appendices").blocks if isinstance(b, References))
    number, entry = records.entries[1]
    assert number == 2 and entry.endswith(included[1].title)


def _docx_text(content: bytes) -> str:
    docx = read_docx(io.BytesIO(content))
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in docx.paragraphs] + cells)


def _only_published(text: str) -> bool:
    """R1 and its status are there; nothing of the draft R2 (single words, as PDF table cells wrap)."""
    shown = "Pool small grants" in text and "Published:" in text
    return shown and not any(word in text for word in ("referral", "disagree", "Draft", "not published"))


def test_downloaded_html_and_docx_show_only_published_recommendations(project_data, lead_client):
    kwargs = {"project_id": project_data.public_id}
    html = lead_client.get(reverse("reports:report_html", kwargs=kwargs)).content.decode()
    docx = _docx_text(lead_client.get(reverse("reports:report_docx", kwargs=kwargs), follow=True).content)

    assert _only_published(html) and _only_published(docx)


@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils is not installed (make test installs it)"
)
def test_downloaded_pdf_shows_only_published_recommendations(project_data, lead_client, tmp_path):
    url = reverse("reports:report_pdf", kwargs={"project_id": project_data.public_id})
    pdf = lead_client.get(url, follow=True)

    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.content)

    assert _only_published(" ".join(_pdf_text(path).split()))


def test_the_team_report_page_shows_drafts_marked_as_not_published(project_data, lead_client):
    url = reverse("reports:report_page", kwargs={"project_id": project_data.public_id})

    page = lead_client.get(url).content.decode()

    assert DRAFT in page and "Draft \u2013 not published" in page
    assert "The downloads and the public page leave them out" in page


def test_downloaded_report_leaves_out_elements_with_no_evidence(project_data):
    framework = _section(report_document(project=project_data), "framework")
    team = _section(report_document(project=project_data, audience=Audience.TEAM), "framework")

    public_rows = next(b for b in framework.blocks if isinstance(b, Table)).rows
    team_rows = next(b for b in team.blocks if isinstance(b, Table)).rows
    assert public_rows == [] and [row[2] for row in team_rows] == ["Trust first"]
    assert "No evidence linked" not in next(b for b in framework.blocks if isinstance(b, Figure)).svg


@pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils is not installed (make test installs it)"
)
def test_a_picture_in_the_text_is_a_link_in_every_format_and_is_never_loaded(
    project, lead, web_server, tmp_path
):
    # given a section whose text shows a picture from a server on this machine
    server = web_server("127.0.0.1")
    picture = f"{server.base}/wards.png"
    body = f"The wards: ![Map of the wards]({picture})"
    report_section_save(project=project, by=lead, key="summary", body=body)
    document = report_document(project=project)
    words = f"Picture: Map of the wards ({picture})"
    # when the report is made as HTML, Word and PDF
    html = report_html(document=document)
    docx = read_docx(io.BytesIO(report_docx(document=document)))
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(document=document))
    # then each shows the picture's description and address, and nothing asked the server for it
    text = _pdf_text(path)
    assert f'<a href="{picture}" class="govuk-!-text-break-word">{words}</a>' in html and "<img" not in html
    assert f"The wards: {words}" in [p.text for p in docx.paragraphs]
    assert words in " ".join(text.split())
    assert server.requests == []
