"""Exports of the codebook (CSV, DOCX, REFI .qdc) and the project (.qdpx), and importing them back."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from docx import Document

from coproduce.analysis import refi_qda as refi
from coproduce.analysis.codebook_exports import codebook_csv, codebook_docx
from coproduce.analysis.models import Code, Coding, Memo
from coproduce.analysis.selectors.exchange import (
    code_description,
    codebook_to_refi,
    description_fields,
    project_to_refi,
)
from coproduce.analysis.services.codebook import code_create, code_merge
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.exchange_import import exchange_import
from coproduce.analysis.services.memos import memo_create
from coproduce.interviews.models import Transcript
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

from .codebook_fixtures import TEXT, span, transcript_for
from .refi_data import CODEBOOK_XSD, HAVE_DATA, PROJECT_XSD, qde_of, schema_errors

needs_schemas = pytest.mark.skipif(not HAVE_DATA, reason="the shared REFI-QDA schemas are not here")


@pytest.fixture
def coded(project, lead):
    """A small coded project: two codes and a sub-code, two finished transcripts and one in progress."""
    first = transcript_for(project, code="P07")
    second = transcript_for(project, code="P08", text=TEXT.replace("P07", "P08"), ward="Hillside")
    transcript_for(project, code="P09", done=False)
    relationships = code_create(project=project, by=lead, name="Relationships", colour="#1d70b8")
    trust = code_create(
        project=project, by=lead, name="Trust", parent=relationships, level="cultural",
        definition="Belief the other side will deliver.", include_note="Someone says they rely on a partner.",
        exclude_note="Contracts and formal agreements.", example="We just know they'll turn up.",
    )  # fmt: skip
    funding = code_create(project=project, by=lead, name="Funding = money", level="strategic")
    start, end = span(TEXT, "trust is built informally")
    coding = coding_create(transcript=first, code=trust, by=lead, start=start, end=end)
    coding_create(transcript=first, code=funding, by=lead, start=start, end=end)
    coding_create(transcript=second, code=funding, by=lead, start=0, end=11)
    memo_create(project=project, by=lead, text="Trust comes up with faith groups.", code=trust)
    memo_create(project=project, by=lead, text="Said with a smile.", coding=coding)
    memo_create(project=project, by=lead, text="Short interview.", transcript=second)
    return project


def test_description_round_trips_the_code_fields(project, lead):
    code = code_create(
        project=project, by=lead, name="Trust", level="tactical", definition="Reliance.\n\nTwo paragraphs.",
        include_note="When they rely", exclude_note="Contracts", example="They turn up.",
    )  # fmt: skip

    fields = description_fields(code_description(code))

    assert fields == {
        "definition": "Reliance.\n\nTwo paragraphs.",
        "include_note": "When they rely",
        "exclude_note": "Contracts",
        "example": "They turn up.",
        "level": "tactical",
    }
    assert description_fields("Plain text from another tool") == {
        "definition": "Plain text from another tool"
    }


def test_codebook_csv_has_a_row_per_code_with_its_path_and_counts(coded):
    rows = list(csv.DictReader(io.StringIO(codebook_csv(project=coded).decode("utf-8-sig"))))

    assert [r["path"] for r in rows] == ["Relationships", "Relationships > Trust", "Funding = money"]
    trust = rows[1]
    assert (trust["level of working"], trust["codings"], trust["transcripts"]) == ("Cultural", "1", "1")
    assert trust["use it when"] == "Someone says they rely on a partner."
    assert rows[2]["codings"] == "2" and rows[2]["transcripts"] == "2"


def test_codebook_csv_stops_formulas(project, lead):
    code_create(project=project, by=lead, name="=HYPERLINK(1)")

    (row,) = list(csv.DictReader(io.StringIO(codebook_csv(project=project).decode("utf-8-sig"))))

    assert row["code"] == "'=HYPERLINK(1)"


def test_codebook_docx_has_a_nested_heading_per_code(coded):
    document = Document(io.BytesIO(codebook_docx(project=coded)))

    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Relationships"),
        ("Heading 2", "Trust"),
        ("Heading 1", "Funding = money"),
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Definition: Belief the other side will deliver." in text
    assert "Do not use it when: Contracts and formal agreements." in text
    assert "Level of working: Cultural" in text


def test_project_export_holds_pseudonymised_finished_transcripts_cases_codings_and_notes(coded):
    exported = project_to_refi(project=coded)

    assert [s.name for s in exported.sources] == ["P07", "P08"]  # P09 is not pseudonymised yet
    assert exported.sources[0].plain_text == TEXT
    (selection,) = exported.sources[0].selections
    assert exported.sources[0].text_of(selection) == "trust is built informally"
    assert len(selection.codings) == 2
    assert [c.name for c in exported.cases] == ["P07", "P08"]
    names = {v.guid: v.name for v in exported.variables}
    values = {names[v.variable_guid]: v.value for v in exported.cases[1].values}
    assert values == {"Sector": "VCFSE (voluntary, community, faith, social enterprise)",
                      "Organisation type": "Faith organisation", "Ward": "Hillside"}  # fmt: skip
    assert sorted(n.text for n in exported.notes) == [
        "Said with a smile.", "Short interview.", "Trust comes up with faith groups."
    ]  # fmt: skip
    assert len(exported.note_targets()) == 3
    assert [u.name for u in exported.users] == [str(coded.memberships.get().user)]


def test_project_export_leaves_out_merged_codes(coded, lead):
    funding = Code.objects.get(name="Funding = money")
    trust = Code.objects.get(name="Trust")
    code_merge(code=funding, into=trust, by=lead)

    exported = project_to_refi(project=coded)

    assert [c.name for c in refi.walk_codes(exported.codes)] == ["Relationships", "Trust"]


@needs_schemas
def test_exports_follow_the_refi_schemas(coded):
    archive = refi.write_qdpx(project_to_refi(project=coded))
    codebook = refi.write_qdc(codebook_to_refi(codes=Code.objects.filter(project=coded)))

    assert schema_errors(qde_of(archive), PROJECT_XSD) == []
    assert schema_errors(codebook, CODEBOOK_XSD) == []


def _twin(project):
    """Another project with the same interviewees and transcript texts."""
    twin = ProjectFactory()
    member = MembershipFactory(project=twin, role=ProjectRole.LEAD).user
    for transcript in project.interviews.all().select_related("transcript", "stakeholder"):
        transcript_for(twin, code=transcript.stakeholder.code, text=transcript.transcript.text)
    return twin, member


def _snapshot(project):
    codes = {
        c.name: (c.parent.name if c.parent else None, c.colour, c.definition, c.include_note, c.exclude_note,
                 c.example, c.level)
        for c in Code.objects.filter(project=project, merged_into__isnull=True)
    }  # fmt: skip
    codings = sorted(
        (c.transcript.interview.stakeholder.code, c.code.name, c.start, c.end, c.snippet)
        for c in Coding.objects.filter(code__project=project).select_related(
            "transcript__interview__stakeholder", "code"
        )
    )
    return codes, codings


def test_qdpx_round_trip_keeps_codes_codings_and_memos(coded):
    twin, member = _twin(coded)
    archive = refi.write_qdpx(project_to_refi(project=coded))

    report = exchange_import(project=twin, by=member, filename="study.qdpx", data=archive)

    original_codes, original_codings = _snapshot(coded)
    codes, codings = _snapshot(twin)
    assert codes == original_codes
    assert codings == [c for c in original_codings if c[0] != "P09"]
    assert report.sources_matched == ["P07", "P08"] and report.sources_unmatched == []
    assert (report.codings_created, report.memos_created, len(report.codes_created)) == (3, 3, 3)
    assert sorted(Memo.objects.filter(project=twin).values_list("text", flat=True)) == [
        "Said with a smile.", "Short interview.", "Trust comes up with faith groups."
    ]  # fmt: skip


def test_qdpx_import_into_the_same_project_adds_nothing(coded, lead):
    before = _snapshot(coded), Memo.objects.count()
    archive = refi.write_qdpx(project_to_refi(project=coded))

    report = exchange_import(project=coded, by=lead, filename="study.qdpx", data=archive)

    assert (_snapshot(coded), Memo.objects.count()) == before
    assert report.codes_created == [] and report.codings_existing == 3 and report.memos_created == 0


def test_qdpx_import_reports_sources_it_cannot_match(coded):
    twin, member = _twin(coded)
    Transcript.objects.filter(interview__project=twin, interview__stakeholder__code="P08").update(
        text="A different text."
    )
    archive = refi.write_qdpx(project_to_refi(project=coded))

    report = exchange_import(project=twin, by=member, filename="study.qdpx", data=archive)

    assert report.sources_matched == ["P07"]
    assert report.sources_unmatched == ["P08: its text differs from the transcript of P08 here"]
    assert Coding.objects.filter(code__project=twin).count() == 2


def test_qdc_round_trip_keeps_the_codebook(coded):
    twin = ProjectFactory()
    member = MembershipFactory(project=twin, role=ProjectRole.LEAD).user
    data = refi.write_qdc(codebook_to_refi(codes=Code.objects.filter(project=coded)))

    report = exchange_import(project=twin, by=member, filename="codebook.qdc", data=data)

    assert _snapshot(twin)[0] == _snapshot(coded)[0]
    assert report.codes_created == ["Relationships", "Relationships > Trust", "Funding = money"]


def test_import_of_a_broken_file_creates_nothing(project, lead):
    with pytest.raises(ValidationError):
        exchange_import(project=project, by=lead, filename="broken.qdpx", data=b"not a zip")
    assert not Code.objects.exists()


def test_import_is_all_or_nothing(coded, monkeypatch):
    twin, member = _twin(coded)
    archive = refi.write_qdpx(project_to_refi(project=coded))

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("coproduce.analysis.services.exchange_import.memo_create", fail)
    with pytest.raises(RuntimeError):
        exchange_import(project=twin, by=member, filename="study.qdpx", data=archive)

    assert not Code.objects.filter(project=twin).exists()
    assert not Coding.objects.filter(code__project=twin).exists()
