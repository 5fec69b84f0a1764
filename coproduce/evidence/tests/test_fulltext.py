"""The full-text stage: records included at title and abstract, attaching PDFs or links, and deciding."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.evidence.models import CriterionKind, Decision, FullText, ScreeningDecision, ScreeningStage
from coproduce.evidence.selectors.fulltext import fulltext_candidates, fulltext_list
from coproduce.evidence.selectors.screening import current_decisions
from coproduce.evidence.services.fulltext import PDF_MAX_BYTES, fulltext_attach
from coproduce.evidence.services.screening import criterion_create, reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.permissions import ProjectRole

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def included(project, lead):
    record = ReferenceFactory(project=project, title="Co-production in Northtown")
    reference_screen(reference=record, decision=Decision.INCLUDE, by=lead)
    return record


@pytest.fixture
def wrong_design(project, lead):
    return criterion_create(
        project=project, kind=CriterionKind.EXCLUDE, label="Wrong study design", description="", by=lead
    )


def _url(name, project, **kwargs):
    return reverse(f"evidence:{name}", kwargs={"project_id": project.public_id, **kwargs})


@pytest.mark.django_db
def test_fulltext_candidates_are_the_records_included_at_title_and_abstract(project, included, lead):
    excluded = ReferenceFactory(project=project)
    reference_screen(reference=excluded, decision=Decision.EXCLUDE, by=lead)
    ReferenceFactory(project=project)  # not screened yet
    assert list(fulltext_candidates(project=project)) == [included]
    assert [row.decision for row in fulltext_list(project=project)] == [None]


@pytest.mark.django_db
def test_fulltext_attach_keeps_a_pdf_or_a_link_and_writes_audit(included, lead):
    full_text = fulltext_attach(
        reference=included, by=lead, file=SimpleUploadedFile("paper.pdf", PDF), url=""
    )
    assert full_text.file.read() == PDF and str(full_text.file.name).endswith(".pdf")
    fulltext_attach(reference=included, by=lead, file=None, url="https://doi.org/10.1000/xyz")
    full_text.refresh_from_db()
    assert full_text.url == "https://doi.org/10.1000/xyz" and full_text.file
    assert AuditEvent.objects.filter(action="evidence.full_text.attached").count() == 2
    with pytest.raises(ValidationError):
        fulltext_attach(reference=included, by=lead, file=None, url="")


@pytest.mark.django_db
def test_fulltext_attach_refuses_a_file_that_is_not_a_pdf_by_content(included, lead):
    with pytest.raises(ValidationError):
        fulltext_attach(
            reference=included, by=lead, file=SimpleUploadedFile("paper.pdf", b"MZ not a pdf"), url=""
        )
    assert not FullText.objects.exists()


@pytest.mark.django_db
def test_fulltext_attach_page_refuses_files_over_20_mb_and_non_pdfs(client, project, included, lead):
    client.force_login(lead)
    url = _url("fulltext_attach", project, record_id=included.pk)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * PDF_MAX_BYTES)
    assert "smaller than 20 MB" in client.post(url, {"file": big}).content.decode()
    fake = SimpleUploadedFile("notes.pdf", b"<html>")
    response = client.post(url, {"file": fake})
    assert response.status_code == 400 and "must be a PDF" in response.content.decode()
    assert "Choose a PDF or enter a link" in client.post(url, {}).content.decode()
    assert not FullText.objects.exists()


@pytest.mark.django_db
def test_fulltext_flow_end_to_end(client, project, included, wrong_design, lead):
    client.force_login(lead)
    # given a record included at title and abstract, listed as waiting for full text
    page = client.get(_url("fulltext_list", project)).content.decode()
    assert "Co-production in Northtown" in page and "Waiting" in page
    # when the PDF is attached, it can be downloaded by the team
    attach = _url("fulltext_attach", project, record_id=included.pk)
    assert client.post(attach, {"file": SimpleUploadedFile("p.pdf", PDF)}).status_code == 302
    download = client.get(_url("fulltext_file", project, record_id=included.pk))
    assert download["Content-Type"] == "application/pdf" and b"".join(download.streaming_content) == PDF
    # and an exclusion without a reason is refused, then one with a reason is recorded at full text
    screen = _url("fulltext_screen", project, record_id=included.pk)
    assert "Wrong study design" in client.get(screen).content.decode()
    assert client.post(screen, {"decision": "exclude"}).status_code == 400
    assert client.post(screen, {"decision": "exclude", "reason": wrong_design.pk}).status_code == 302
    made = ScreeningDecision.objects.get(stage=ScreeningStage.FULL_TEXT)
    assert (made.decision, made.reason) == (Decision.EXCLUDE, wrong_design)
    assert current_decisions(project=project, stage=ScreeningStage.FULL_TEXT) == {included.pk: "exclude"}
    assert current_decisions(project=project) == {included.pk: Decision.INCLUDE}  # title stage unchanged


@pytest.mark.django_db
def test_fulltext_pages_404_for_records_not_included(client, project, lead):
    client.force_login(lead)
    record = ReferenceFactory(project=project)
    for name in ("fulltext_attach", "fulltext_screen", "fulltext_file"):
        assert client.get(_url(name, project, record_id=record.pk)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ProjectRole))
def test_fulltext_pages_are_for_screeners(client, project, included, member, role):
    client.force_login(member(role))
    expected = 200 if role.can_screen() else 403
    assert client.get(_url("fulltext_list", project)).status_code == expected
    assert client.get(_url("fulltext_screen", project, record_id=included.pk)).status_code == expected
    response = client.post(_url("fulltext_screen", project, record_id=included.pk), {"decision": "include"})
    assert response.status_code == (302 if role.can_screen() else 403)


def _read_only_store(monkeypatch):
    """The media folder refuses writes, as a read-only or full disk does."""

    def refuse(self, name, content):
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)


def _stored_files(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.mark.django_db
def test_fulltext_attach_page_with_a_read_only_file_store_says_so_and_stores_nothing(
    client, project, included, lead, monkeypatch
):
    # given a media folder that cannot be written to
    client.force_login(lead)
    _read_only_store(monkeypatch)

    # when a PDF is attached
    response = client.post(
        _url("fulltext_attach", project, record_id=included.pk), {"file": SimpleUploadedFile("p.pdf", PDF)}
    )

    # then the page says the file could not be saved, and nothing is stored
    assert response.status_code == 400
    assert "could not be saved because the file store cannot be written to" in response.content.decode()
    assert not FullText.objects.exists()
    assert not AuditEvent.objects.filter(action="evidence.full_text.attached").exists()


@pytest.mark.django_db
def test_fulltext_replace_with_a_read_only_file_store_keeps_the_old_pdf(
    included, lead, monkeypatch, tmp_path
):
    # given a stored PDF
    full_text = fulltext_attach(reference=included, by=lead, file=SimpleUploadedFile("a.pdf", PDF), url="")
    old = full_text.file.name
    # when the store turns read-only and another PDF is attached
    _read_only_store(monkeypatch)
    with pytest.raises(ValidationError, match="Nothing was changed"):
        fulltext_attach(reference=included, by=lead, file=SimpleUploadedFile("b.pdf", PDF + b"b"), url="")
    # then the record still has its first PDF
    full_text.refresh_from_db()
    assert full_text.file.name == old and full_text.file.read() == PDF
    assert _stored_files(tmp_path) == [old]


@pytest.mark.django_db
def test_fulltext_replace_deletes_the_old_pdf_once_committed(
    included, lead, tmp_path, django_capture_on_commit_callbacks
):
    first = fulltext_attach(reference=included, by=lead, file=SimpleUploadedFile("a.pdf", PDF), url="")
    with django_capture_on_commit_callbacks(execute=True):
        second = fulltext_attach(
            reference=included, by=lead, file=SimpleUploadedFile("b.pdf", PDF + b"b"), url=""
        )
    assert second.file.name != first.file.name
    assert _stored_files(tmp_path) == [second.file.name] and second.file.read() == PDF + b"b"


@pytest.mark.django_db(transaction=True)
def test_fulltext_replace_whose_commit_fails_keeps_the_old_pdf(project, lead, tmp_path, monkeypatch):
    # given a record with a stored PDF
    record = ReferenceFactory(project=project)
    reference_screen(reference=record, decision=Decision.INCLUDE, by=lead)
    full_text = fulltext_attach(reference=record, by=lead, file=SimpleUploadedFile("a.pdf", PDF), url="")
    old = full_text.file.name

    # when another PDF is attached and the database fails to commit
    def fail() -> None:
        raise DatabaseError("the database went away")

    monkeypatch.setattr(connection, "commit", fail)
    with pytest.raises(DatabaseError):
        fulltext_attach(reference=record, by=lead, file=SimpleUploadedFile("b.pdf", PDF + b"b"), url="")
    monkeypatch.undo()

    # then the row still points to the old PDF, which is still there, and the new file is gone
    full_text.refresh_from_db()
    assert full_text.file.name == old and full_text.file.read() == PDF
    assert _stored_files(tmp_path) == [old]
