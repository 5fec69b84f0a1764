"""Names to redact are looked for by a job: the import returns first, the pages say "Looking for names…" until
the job has stored its suggestions, what needs them all waits, and the job copes with a transcript deleted,
changed or erased while it waits, and with an attempt run again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.erasure import stakeholder_erase
from coproduce.consent.services.events import consent_record
from coproduce.interviews.models import Redaction, RedactionStatus, Transcript
from coproduce.interviews.services import names
from coproduce.interviews.services.transcripts import (
    redaction_add_words,
    transcript_redaction_finish,
    transcripts_retention_apply,
)
from coproduce.interviews.tasks import ALREADY, CLEARED, GONE, transcript_names_find
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.services import job_retry
from coproduce.projects.permissions import ProjectRole

from .test_redaction_flow import NAMES, interview  # noqa: F401 (a fixture)
from .test_views import _url

pytestmark = pytest.mark.django_db

QUEUED_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}}


@pytest.fixture
def waiting(lead_client, interview):  # noqa: F811
    """A transcript imported through the page, its names job queued and not yet run."""
    with override_settings(TASKS=QUEUED_ONLY):
        response = lead_client.post(
            _url("transcript_upload", interview), {"file": SimpleUploadedFile("p07.txt", NAMES.encode())}
        )
        assert response.status_code == 302
        yield Transcript.objects.get()


def _run(transcript: Transcript) -> Job:
    """What the worker does: one attempt of the transcript's job."""
    latest = Transcript.objects.filter(pk=transcript.pk).values_list("names_job", flat=True).first()
    job = Job.objects.get(pk=latest or transcript.names_job_id or 0)
    Job.objects.filter(pk=job.pk).update(run_after=None)  # a retry waits 30 s on the worker
    transcript_names_find.call(job_id=job.pk)
    job.refresh_from_db()
    return job


def _suggested(transcript: Transcript) -> list[tuple[int, int, str]]:
    return sorted(
        transcript.redactions.filter(status=RedactionStatus.SUGGESTED).values_list("start", "end", "original")
    )


def test_import_returns_before_suggestions_exist_and_the_job_then_adds_them(waiting):
    # given an import whose request has returned: the text, turns and speaker guesses are saved
    assert waiting.turns.count() == 4 and waiting.text == waiting.original_text
    assert waiting.turns.filter(speaker="Interviewer", role="interviewer").exists()
    # then no suggestion exists yet, the transcript waits for names, and the job is queued
    assert not Redaction.objects.exists() and waiting.names_pending
    job = Job.objects.get()
    assert (job.kind, job.status, job.need, job.quotes_people) == (
        "interviews.names", JobStatus.QUEUED, "manage_interviews", False
    )  # fmt: skip
    # when the worker runs it
    job = _run(waiting)
    # then the suggestions are there and the transcript no longer waits
    waiting.refresh_from_db()
    assert ("Andrew Kettering" in {o for _s, _e, o in _suggested(waiting)}) and not waiting.names_pending
    assert job.status == JobStatus.SUCCEEDED
    count = len(_suggested(waiting))
    assert job.result["summary"]["message"] == f"Found {count} new suggestions to check."
    assert "Kettering" not in str(job.result) and "Kettering" not in str(job.arguments)


def test_a_file_that_cannot_be_parsed_fails_at_once_and_starts_nothing(lead_client, interview):  # noqa: F811
    with override_settings(TASKS=QUEUED_ONLY):
        response = lead_client.post(
            _url("transcript_upload", interview),
            {"file": SimpleUploadedFile("p07.txt", b"\x00\x01\x02" * 10)},
        )
    assert response.status_code == 200 and "govuk-error-summary" in response.text
    assert not Transcript.objects.exists() and not Job.objects.exists()


def test_the_pages_say_looking_for_names_then_show_the_suggestions_without_reloading(lead_client, waiting):
    held = waiting.interview
    redact, detail = _url("transcript_redact", held), _url("transcript_detail", held)
    # while the job waits: the pages say so in a live region and poll; nothing can be marked pseudonymised
    page = lead_client.get(redact).text
    assert "Looking for names…" in page and 'role="status" aria-live="polite"' in page
    assert f'hx-get="{redact}" hx-trigger="every 2s"' in page
    assert "Mark as pseudonymised" not in page and "Look for names again" not in page
    assert "Looking for names…" in lead_client.get(detail).text
    assert "Looking for names to redact…" in lead_client.get(held.get_absolute_url()).text
    polled = lead_client.get(redact, headers={"HX-Request": "true"}).text
    assert 'hx-trigger="every 2s"' in polled and "<html" not in polled and "hx-swap-oob" not in polled
    # when the job has run, the next poll brings the suggestions, says so, stops polling and offers the mark
    _run(waiting)
    count = len(_suggested(waiting))
    polled = lead_client.get(redact, headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in polled and "Dorothy Pike" in polled and "Redact all 2" in polled
    assert f"Finished looking for names: {count} suggestions to check." in polled
    assert '<div id="finish" hx-swap-oob="true">' in polled and "Mark as pseudonymised" in polled
    polled = lead_client.get(detail, headers={"HX-Request": "true"}).text
    assert "hx-trigger" not in polled and f"Finished looking for names: {count} suggestions" in polled
    page = lead_client.get(redact).text
    assert (
        "Looking for names…" not in page
        and "Finished looking" not in page
        and "Mark as pseudonymised" in page
    )


def test_marking_pseudonymised_and_downloading_wait_for_the_names(lead_client, waiting, lead):
    held = waiting.interview
    # the mark is refused, on the page and by the service, even choosing what happens to undecided ones
    response = lead_client.post(
        _url("transcript_done", held), {"undecided_asked": "1", "undecided": "keep"}, follow=True
    )
    assert "Names are still being looked for in this transcript" in response.text
    with pytest.raises(ValidationError, match="still being looked for"):
        transcript_redaction_finish(transcript=waiting, by=lead, undecided="keep")
    # the coded transcript is not downloaded
    kwargs = {"project_id": held.project.public_id, "interview_id": held.public_id}
    download = lead_client.get(reverse("analysis:transcript_docx", kwargs=kwargs), follow=True)
    assert download.headers["Content-Type"].startswith("text/html")
    assert (
        "still being looked for in this transcript: wait until its suggestions are ready, then download"
        in (download.text)
    )
    waiting.refresh_from_db()
    assert waiting.redaction_done_at is None
    # and once the names are there, both work
    _run(waiting)
    transcript_redaction_finish(transcript=waiting, by=lead, undecided="keep")
    download = lead_client.get(reverse("analysis:transcript_docx", kwargs=kwargs))
    assert download.headers["Content-Type"].endswith("wordprocessingml.document")


def test_looking_again_takes_the_mark_away_while_it_looks_and_puts_it_back_if_nothing_is_new(
    client, waiting, lead, member
):
    # given a pseudonymised transcript that the team can read and that the REFI-QDA export includes
    _run(waiting)
    done = transcript_redaction_finish(transcript=waiting, by=lead, undecided="keep").redaction_done_at
    observer = member(ProjectRole.OBSERVER)
    client.force_login(observer)
    detail = _url("transcript_detail", waiting.interview)
    exchange = reverse("analysis:exchange", kwargs={"project_id": waiting.interview.project.public_id})
    assert client.get(detail).status_code == 200
    # when a researcher looks for names again and the job waits
    with override_settings(TASKS=QUEUED_ONLY):
        names.redactions_suggest_again(transcript=waiting, by=lead)
        with pytest.raises(ValidationError, match="already being looked for"):
            names.redactions_suggest_again(transcript=waiting, by=lead)
    # then it is not pseudonymised meanwhile: the team cannot read it, exports leave it out
    waiting.refresh_from_db()
    assert waiting.redaction_done_at is None and waiting.names_pending
    assert client.get(detail).status_code == 403
    client.force_login(lead)
    assert "1 transcript is not in the download" in client.get(exchange).text
    # and when nothing new is found, the mark comes back as it was
    _run(waiting)
    waiting.refresh_from_db()
    assert waiting.redaction_done_at == done and not waiting.names_pending
    assert "not in the download" not in client.get(exchange).text


def test_a_transcript_deleted_while_its_job_waits_gets_nothing(waiting):
    waiting.interview.delete()
    job = _run(waiting)
    assert (job.status, job.result["summary"]["message"]) == (JobStatus.SUCCEEDED, GONE)
    assert not Redaction.objects.exists()


def test_a_transcript_deleted_while_names_are_found_gets_nothing(waiting, monkeypatch):
    found = names.names_find

    def find_then_delete(*, transcript):
        suggestions = found(transcript=transcript)
        Transcript.objects.filter(pk=transcript.pk).delete()
        return suggestions

    monkeypatch.setattr(names, "names_find", find_then_delete)
    job = _run(waiting)
    assert (job.status, job.result["summary"]["message"]) == (JobStatus.SUCCEEDED, GONE)
    assert not Redaction.objects.exists()


def test_a_person_erased_while_the_job_waits(waiting, lead):
    stakeholder_erase(stakeholder=waiting.interview.stakeholder, by=lead)
    job = Job.objects.filter(kind="interviews.names").first()
    if job is not None:  # the job may stay; when it runs it finds nothing to do
        transcript_names_find.call(job_id=job.pk)
    assert not Transcript.objects.exists() and not Redaction.objects.exists()


def test_consent_withdrawn_while_the_job_waits_still_gets_its_suggestions(waiting, lead):
    # the suggestions hide the person; the job quotes nobody, so it is not one whose results are discarded
    consent_record(
        stakeholder=waiting.interview.stakeholder, form=None, scopes=[ConsentScope.INTERVIEW],
        kind=ConsentKind.WITHDRAWN, method=ConsentMethod.PAPER, by=lead,
    )  # fmt: skip
    job = _run(waiting)
    assert job.status == JobStatus.SUCCEEDED and not job.error and _suggested(waiting)


def test_text_deleted_under_retention_while_the_job_waits_gets_no_suggestions(waiting):
    project = waiting.interview.project
    project.retention_until = timezone.localdate() - dt.timedelta(days=1)
    project.save()
    transcripts_retention_apply(today=timezone.localdate())
    job = _run(waiting)
    waiting.refresh_from_db()
    assert (job.status, job.result["summary"]["message"]) == (JobStatus.SUCCEEDED, CLEARED)
    assert not Redaction.objects.exists() and not waiting.names_pending


def test_text_changed_while_names_are_found_is_looked_through_again(waiting, monkeypatch):
    found = names.names_find

    def find_then_change(*, transcript):
        suggestions = found(transcript=transcript)
        Transcript.objects.filter(pk=transcript.pk).update(original_text=transcript.original_text + " More.")
        return suggestions

    monkeypatch.setattr(names, "names_find", find_then_change)
    job = _run(waiting)
    assert job.status == JobStatus.QUEUED and "changed while names were being looked for" in job.error
    assert not Redaction.objects.exists()
    monkeypatch.setattr(names, "names_find", found)
    assert _run(waiting).status == JobStatus.SUCCEEDED and _suggested(waiting)


def test_an_attempt_run_again_never_duplicates_suggestions(waiting):
    # given the job ran, and its worker stopped before it could record that it had
    job = _run(waiting)
    first = _suggested(waiting)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    # when the attempt runs again
    job = _run(waiting)
    # then it adds nothing
    assert _suggested(waiting) == first and job.result["summary"]["message"].startswith(ALREADY)


def test_a_failed_attempt_is_retried_and_stores_once(waiting, monkeypatch):
    found = names.names_find
    monkeypatch.setattr(names, "names_find", lambda *, transcript: 1 / 0)
    job = _run(waiting)
    assert job.status == JobStatus.QUEUED and not Redaction.objects.exists()
    monkeypatch.setattr(names, "names_find", found)
    assert _run(waiting).status == JobStatus.SUCCEEDED
    assert len(_suggested(waiting)) == Redaction.objects.count() > 0


def test_a_failed_job_says_why_and_looking_again_starts_a_new_one(lead_client, waiting, lead, monkeypatch):
    monkeypatch.setattr(names, "names_find", lambda *, transcript: 1 / 0)
    for _attempt in range(3):
        failed = _run(waiting)
    assert failed.status == JobStatus.FAILED
    page = lead_client.get(_url("transcript_redact", waiting.interview)).text
    assert "Looking for names did not finish: An unexpected error stopped it" in page
    assert "hx-trigger" not in page and "Look for names again" in page and "Mark as pseudonymised" not in page
    monkeypatch.undo()
    lead_client.post(_url("redactions_suggest_again", waiting.interview))
    # the old job, tried again from Background work, leaves the new one's work alone
    job_retry(job=failed, role=ProjectRole.LEAD, by=lead)
    transcript_names_find.call(job_id=failed.pk)
    failed.refresh_from_db()
    assert failed.result["summary"]["message"].startswith(ALREADY) and not Redaction.objects.exists()
    assert _run(waiting).status == JobStatus.SUCCEEDED and _suggested(waiting)


def test_a_redaction_made_while_the_job_waits_is_not_suggested_over(waiting, lead):
    redaction_add_words(transcript=waiting, by=lead, words="Dorothy Pike", replacement="[neighbour]")
    _run(waiting)
    assert "Dorothy Pike" not in {o for _s, _e, o in _suggested(waiting)}
    assert waiting.redactions.filter(original="Dorothy Pike", status=RedactionStatus.ACCEPTED).count() == 2


@pytest.mark.parametrize(
    ("role", "polls", "sees_job"),
    [
        (ProjectRole.LEAD, 200, 200),
        (ProjectRole.RESEARCHER, 200, 200),
        (ProjectRole.FACILITATOR, 403, 403),
        (ProjectRole.OBSERVER, 403, 403),
    ],
)
def test_who_sees_the_names_being_looked_for(client, waiting, member, role, polls, sees_job):
    client.force_login(member(role))
    held, job = waiting.interview, Job.objects.get()
    redact = client.get(_url("transcript_redact", held), headers={"HX-Request": "true"})
    detail = client.get(_url("transcript_detail", held), headers={"HX-Request": "true"})
    page = client.get(
        reverse("jobs:job_detail", kwargs={"project_id": held.project.public_id, "job_id": job.public_id})
    )
    assert (redact.status_code, detail.status_code, page.status_code) == (polls, polls, sees_job)
