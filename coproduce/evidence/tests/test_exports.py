"""Downloads of screened records: which records, their decision tags, and a lossless round trip."""

import pytest

from coproduce.core.models import AuditEvent
from coproduce.evidence.exports import ExportFormat, ExportRecords, export_rows, references_export
from coproduce.evidence.importers import parse
from coproduce.evidence.models import Decision, ScreeningStage
from coproduce.evidence.tests.factories import ReferenceFactory

from .test_prisma import add_full_text, build_review, decide


def _ids(project, records):
    return [row.reference.pk for row in export_rows(project=project, records=records)]


@pytest.mark.django_db
def test_export_rows_choose_records_by_outcome(project):
    # given a review screened at title and abstract only
    review = build_review(project)
    refs = review.refs
    # then included and excluded follow the title-and-abstract decisions, and "all" leaves out duplicates
    assert _ids(project, ExportRecords.INCLUDED) == [refs[0].pk, refs[1].pk, refs[2].pk]
    assert _ids(project, ExportRecords.EXCLUDED) == [refs[3].pk, refs[4].pk]
    assert _ids(project, ExportRecords.ALL) == sorted(r.pk for r in refs)


@pytest.mark.django_db
def test_export_rows_follow_full_text_once_it_starts(project):
    # given full-text decisions: one include, two excludes
    review = build_review(project)
    add_full_text(review)
    refs = review.refs
    # then only the full-text include is included, and full-text exclusions join the excluded
    assert _ids(project, ExportRecords.INCLUDED) == [refs[0].pk]
    assert _ids(project, ExportRecords.EXCLUDED) == [refs[1].pk, refs[2].pk, refs[3].pk, refs[4].pk]


@pytest.mark.django_db
def test_export_rows_tag_decisions_and_reasons(project):
    review = build_review(project)
    add_full_text(review)
    rows = {row.reference.pk: row for row in export_rows(project=project, records=ExportRecords.ALL)}
    assert rows[review.refs[0].pk].tags == [
        "coproduce:included",
        "coproduce:ta-include",
        "coproduce:ft-include",
    ]
    assert rows[review.refs[1].pk].tags == [
        "coproduce:excluded",
        "coproduce:ta-include",
        "coproduce:ft-exclude",
        "coproduce:reason:no-outcomes",
    ]
    assert rows[review.refs[3].pk].tags == [
        "coproduce:excluded",
        "coproduce:ta-exclude",
        "coproduce:reason:not-in-the-uk",
    ]
    assert rows[review.refs[5].pk].tags == ["coproduce:ta-maybe"]
    assert rows[review.refs[6].pk].tags == []  # not screened yet


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", list(ExportFormat))
def test_references_export_reimports_losslessly(project, lead, file_format):
    # given an included record with awkward characters, keywords and every main field
    reference = ReferenceFactory(
        project=project,
        title="Co-production & budgets: 50% cuts in Llanfair's Café_Hub, 2019\u20132024",
        authors=["Quillfeather, Ffion", "Ashdown, Remi J.", "Ó Briain, Siân"],
        year=2024,
        doi="10.1234/jlps.2024_017",
        abstract="A fictional study. Councils & charities shared 50% of the work.",
        keywords=["co-production", "local government"],
        container="Journal of Local Public Services",
        volume="12",
        issue="3",
        pages="101-120",
        url="https://example.org/articles/17",
    )
    decide(reference, Decision.INCLUDE)
    # when the included records are downloaded and read back by the app's own importer
    download = references_export(
        project=project, records=ExportRecords.INCLUDED, file_format=file_format, by=lead
    )
    [back] = parse(fmt=file_format, text=download.content.decode())
    # then title, authors, year, DOI, abstract and keywords survive, with the decision tags added
    assert back.title == reference.title
    assert list(back.authors) == reference.authors
    assert back.year == 2024
    assert back.doi == reference.doi
    assert back.abstract == reference.abstract
    assert list(back.keywords) == [*reference.keywords, "coproduce:included", "coproduce:ta-include"]
    assert back.url == reference.url
    if file_format != ExportFormat.CSV:
        assert (back.container, back.volume, back.issue, back.pages) == (
            reference.container,
            "12",
            "3",
            "101-120",
        )


@pytest.mark.django_db
def test_bibtex_export_writes_names_so_that_bibtex_reads_back_the_same_parts(project, lead):
    # given a record whose authors have a Jr part, a particle, and an organisation's name
    authors = ["Bell, Edwin V., II", "van der Berg, Anna", "World Health Organization"]
    decide(ReferenceFactory(project=project, authors=authors), Decision.INCLUDE)
    # when it is downloaded as BibTeX
    text = references_export(
        project=project, records="included", file_format="bibtex", by=lead
    ).content.decode()
    # then the names are in BibTeX's order, the organisation braced, and reading the file gives them back
    assert "Bell, II, Edwin V. and van der Berg, Anna and {World Health Organization}" in text
    [back] = parse(fmt="bibtex", text=text)
    assert list(back.authors) == authors


@pytest.mark.django_db
def test_references_export_writes_an_audit_row(project, lead):
    decide(ReferenceFactory(project=project), Decision.INCLUDE)
    download = references_export(project=project, records=ExportRecords.ALL, file_format="ris", by=lead)
    event = AuditEvent.objects.get(action="evidence.export.downloaded")
    assert event.project_id == project.pk and event.changes["count"] == 1
    assert download.filename.endswith(".ris") and download.content.startswith(b"TY  - JOUR")


@pytest.mark.django_db
def test_ris_export_ends_each_record(project, lead):
    for _ in range(2):
        decide(ReferenceFactory(project=project), Decision.EXCLUDE, stage=ScreeningStage.TITLE_ABSTRACT)
    text = references_export(project=project, records="excluded", file_format="ris", by=lead).content.decode()
    assert text.count("TY  - ") == 2 and text.count("ER  - ") == 2
    assert text.count("KW  - coproduce:excluded") == 2


@pytest.mark.django_db
def test_export_rows_leave_out_records_waiting_for_full_text(project):
    # given full text has started, and one record included at title and abstract has no full-text decision
    review = build_review(project)
    decide(review.refs[0], Decision.INCLUDE, stage=ScreeningStage.FULL_TEXT)
    # then it is neither included nor excluded yet, and keeps its title-and-abstract tag
    assert review.refs[1].pk not in _ids(project, ExportRecords.INCLUDED)
    assert review.refs[1].pk not in _ids(project, ExportRecords.EXCLUDED)
    rows = {row.reference.pk: row for row in export_rows(project=project, records=ExportRecords.ALL)}
    assert rows[review.refs[1].pk].tags == ["coproduce:ta-include"]
