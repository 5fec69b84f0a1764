import uuid
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from coproduce.core.models import AuditEvent
from coproduce.evidence.importers import ImportProblem, decode
from coproduce.evidence.models import DuplicateCandidate, DuplicateStatus, ImportBatch, Reference
from coproduce.evidence.progress import ImportProgress, Stage
from coproduce.evidence.selectors.duplicates import duplicate_candidate_count
from coproduce.evidence.services.imports import references_import
from coproduce.evidence.tests.factories import ReferenceFactory, SearchFactory

pytestmark = pytest.mark.django_db
SYNERGY = Path(settings.BASE_DIR).parent / "shared" / "data" / "synergy"


def ris(*records: tuple[str, str, str]) -> str:
    """RIS text of (title, year, doi) records."""
    return "".join(
        f"TY  - JOUR\nTI  - {title}\nAU  - Quillfeather, Ffion\nPY  - {year}\n"
        + (f"DO  - {doi}\n" if doi else "")
        + "ER  - \n\n"
        for title, year, doi in records
    )


def _import(project, user, text, fmt="ris", search=None):
    return references_import(
        project=project, search=search, filename="found.ris", fmt=fmt, text=text, by=user
    )


def test_references_import_creates_records_batch_and_audit(project, lead):
    search = SearchFactory(project=project)
    batch = _import(
        project, lead, ris(("Ward forums", "2020", "10.1/a"), ("Food banks", "2021", "")), search=search
    )
    assert (batch.records_in_file, batch.records_created, batch.duplicates_merged) == (2, 2, 0)
    titles = list(Reference.objects.filter(batch=batch).values_list("title", flat=True))
    assert titles == ["Ward forums", "Food banks"]
    first = Reference.objects.get(title="Ward forums")
    assert (first.authors, first.year, first.doi, first.title_key) == (
        ["Quillfeather, Ffion"],
        2020,
        "10.1/a",
        "wardforums",
    )
    assert first.public_id and first.created_at
    event = AuditEvent.objects.get(action="evidence.import.completed")
    assert event.changes["created"] == 2 and event.project_id == project.pk


def test_references_import_merges_exact_duplicates_in_file_and_project(project, lead):
    # given a record already in the project
    ReferenceFactory(project=project, title="Ward forums!", title_key="wardforums", year=2020, doi="")
    text = ris(
        ("Ward Forums", "2020", ""),  # same title and year as the project's record
        ("Food banks", "2021", "10.1/FB"),
        ("Food  Banks.", "2022", "https://doi.org/10.1/fb"),  # same DOI and title in the file
        ("Ward forums", "2015", ""),  # same title, other year: a different record
    )
    batch = _import(project, lead, text)
    assert (batch.records_created, batch.duplicates_merged) == (2, 2)
    assert Reference.objects.filter(project=project).count() == 3


def test_references_import_keeps_two_works_that_share_a_doi_and_puts_them_to_a_person(project, lead):
    # Proceedings often give every paper of a volume the volume's DOI.
    earlier = ReferenceFactory(
        project=project, title="Citizen juries on climate", title_key="citizenjuriesonclimate", year=2020,
        doi="10.1145/3000000",
    )  # fmt: skip
    text = ris(
        ("Participatory budgeting in small towns", "2020", "10.1145/3000000"),
        ("Citizen Juries on Climate.", "2020", "https://doi.org/10.1145/3000000"),  # the same work
        ("Bostr\u00f6m on deliberation", "2019", "10.1/b"),
        ("Bostrom on deliberation", "2018", "10.1/B"),  # the same title without its accent
    )

    batch = _import(project, lead, text)

    assert (batch.records_in_file, batch.records_created, batch.duplicates_merged) == (4, 2, 2)
    other = Reference.objects.get(title="Participatory budgeting in small towns")
    candidate = DuplicateCandidate.objects.get(project=project)
    assert (candidate.first, candidate.second, candidate.status) == (earlier, other, DuplicateStatus.PENDING)
    assert duplicate_candidate_count(project=project, batch=batch) == 1


def test_references_import_flags_a_shared_doi_within_one_file(project, lead):
    text = ris(("Ward forums", "2020", "10.1/x"), ("Food banks in winter", "2020", "10.1/x"))

    batch = _import(project, lead, text)

    assert (batch.records_created, batch.duplicates_merged) == (2, 0)
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.first.title, candidate.second.title) == ("Ward forums", "Food banks in winter")


def test_references_import_of_a_malformed_file_writes_nothing(project, lead):
    good = ris(*[(f"Record {n}", "2020", "") for n in range(30)])
    broken = good + "TY  - JOUR\nTI  - Unfinished\n" + good
    with pytest.raises(ImportProblem, match="before the previous one"):
        _import(project, lead, broken)
    assert not Reference.objects.exists()
    assert not ImportBatch.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="evidence.").exists()


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=600), fmt=st.sampled_from(["ris", "bibtex", "nbib", "csl_json", "csv"]))
def test_references_import_of_random_bytes_refuses_or_imports_whole(project, lead, raw, fmt):
    before = Reference.objects.count()
    try:
        batch = _import(project, lead, decode(raw), fmt=fmt)
    except ImportProblem:
        assert Reference.objects.count() == before
    else:
        assert Reference.objects.count() == before + batch.records_created


def test_references_import_csv_uses_the_mapping(project, lead):
    text = "Name of work,Written by,When\nYouth hubs,Ashdown R,2019\n"
    mapping = {"title": "Name of work", "authors": "Written by", "year": "When"}
    batch = references_import(
        project=project, search=None, filename="x.csv", fmt="csv", text=text, by=lead, mapping=mapping
    )
    reference = Reference.objects.get(batch=batch)
    assert (reference.title, reference.authors, reference.year) == ("Youth hubs", ["Ashdown, R"], 2019)


@pytest.mark.skipif(not (SYNERGY / "Oud_2018.ris").exists(), reason="shared data not present")
def test_references_import_of_oud_2018_imports_every_record(project, lead):
    text = decode((SYNERGY / "Oud_2018.ris").read_bytes())
    batch = _import(project, lead, text)
    assert batch.records_in_file == 952
    assert batch.records_created + batch.duplicates_merged == 952
    assert Reference.objects.filter(project=project).exclude(title="").count() >= batch.records_created - 2


@pytest.mark.skipif(not (SYNERGY / "Sep_2021.bib").exists(), reason="shared data not present")
def test_references_import_of_sep_2021_imports_every_record(project, lead):
    text = decode((SYNERGY / "Sep_2021.bib").read_bytes())
    batch = _import(project, lead, text, fmt="bibtex")
    assert batch.records_in_file == 271
    assert batch.records_created + batch.duplicates_merged == 271
    assert not Reference.objects.filter(project=project, title="").exists()


def test_references_import_reports_each_stage_and_done_after_commit(
    project, lead, django_capture_on_commit_callbacks, monkeypatch
):
    # given an import of 2,500 records saved 1,000 at a time, with someone listening
    monkeypatch.setattr("coproduce.evidence.services.imports.BULK_BATCH", 1000)
    heard: list[ImportProgress] = []
    text = ris(*[(f"Study {uuid.uuid4().hex} {uuid.uuid4().hex}", "2020", f"10.1/{i}") for i in range(2500)])
    # when the import runs and commits
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        references_import(
            project=project,
            search=None,
            filename="big.ris",
            fmt="ris",
            text=text,
            by=lead,
            progress=heard.append,
        )
    # then every stage was heard in order, and "done" only once the transaction has committed
    assert [(p.stage, p.done, p.total) for p in heard] == [
        (Stage.READING, 0, 0),
        (Stage.CHECKING, 0, 2500),
        (Stage.SAVING, 0, 2500),
        (Stage.SAVING, 1000, 2500),
        (Stage.SAVING, 2000, 2500),
        (Stage.MATCHING, 0, 2500),
    ]
    for callback in callbacks:
        callback()
    assert heard[-1] == ImportProgress(stage=Stage.DONE, done=2500, total=2500)
    assert Reference.objects.filter(project=project).count() == 2500


def test_references_import_of_a_malformed_file_reports_reading_only(project, lead):
    heard: list[ImportProgress] = []
    broken = ris(("Ward forums", "2020", "")).replace("ER  - \n", "")
    with pytest.raises(ImportProblem):
        references_import(
            project=project,
            search=None,
            filename="x.ris",
            fmt="ris",
            text=broken,
            by=lead,
            progress=heard.append,
        )
    assert [p.stage for p in heard] == [Stage.READING]
    assert not Reference.objects.exists()
