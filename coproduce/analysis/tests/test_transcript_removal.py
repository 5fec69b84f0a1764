"""Removing an interview's transcript: the page counts the codings, coders, memos and redactions that go with
it, the removal keeps an audit row of counts only, and a page opened before a change removes nothing."""

import pytest
from django.urls import reverse

from coproduce.analysis.models import Coding, Memo
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.memos import memo_create
from coproduce.core.models import AuditEvent
from coproduce.interviews.models import Redaction, Transcript, TranscriptTurn
from coproduce.interviews.selectors.removal import transcript_removal_version
from coproduce.interviews.services.transcripts import redaction_add_words
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import ProjectFactory

from .test_codings import _span, make_transcript

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(project, lead, member):
    """A transcript with three codings by two coders, a memo on one of them and one redaction."""
    transcript = make_transcript(project)
    trust = code_create(project=project, by=lead, name="Trust")
    money = code_create(project=project, by=lead, name="Money")
    other = member(ProjectRole.RESEARCHER)
    weekly = _kw(transcript, "helps us every week")
    first = coding_create(transcript=transcript, code=trust, by=lead, **weekly)
    coding_create(transcript=transcript, code=trust, by=other, **_kw(transcript, "helps us"))
    coding_create(transcript=transcript, code=money, by=lead, **_kw(transcript, "the council funds it"))
    memo_create(project=project, by=lead, text="Weekly help is the theme", coding=first)
    redaction_add_words(transcript=transcript, by=lead, words="Brookvale", replacement="[a place]")
    transcript.refresh_from_db()
    return transcript


def _kw(transcript, words):
    start, end = _span(transcript, words)
    return {"start": start, "end": end}


def _url(transcript):
    interview = transcript.interview
    kwargs = {"project_id": interview.project.public_id, "interview_id": interview.public_id}
    return reverse("interviews:transcript_remove", kwargs=kwargs)


def test_the_page_says_what_will_be_lost_and_removing_keeps_counts_not_text(lead_client, coded):
    page = lead_client.get(_url(coded)).text
    assert "3 codings by 2 coders" in page
    assert "1 memo on the transcript or its codings" in page
    assert "1 redaction" in page

    version = transcript_removal_version(transcript=coded)
    response = lead_client.post(_url(coded), {"version": version})

    assert response.status_code == 302 and response["Location"] == coded.interview.get_absolute_url()
    assert not Transcript.objects.exists() and not Coding.objects.exists() and not Memo.objects.exists()
    assert not Redaction.objects.exists() and not TranscriptTurn.objects.exists()
    event = AuditEvent.objects.get(action="interviews.transcript.removed")
    assert event.changes == {
        "format": "txt", "codings": 3, "coders": 2, "quotes": 0, "memos": 1,
        "redactions": 1, "suggestions": 0,
    }  # fmt: skip
    assert "Brookvale" not in str(event.changes) and "council" not in str(event.changes)


def test_a_page_opened_before_a_new_coding_removes_nothing_and_says_why(lead_client, lead, coded):
    version = transcript_removal_version(transcript=coded)
    code = code_create(project=coded.interview.project, by=lead, name="Place")
    coding_create(transcript=coded, code=code, by=lead, **_kw(coded, "Food Bank"))

    response = lead_client.post(_url(coded), {"version": version})

    assert response.status_code == 200
    assert "The transcript changed after this page was opened" in response.text
    assert "4 codings by 2 coders" in response.text
    assert Transcript.objects.filter(pk=coded.pk).exists() and Coding.objects.count() == 4
    assert not AuditEvent.objects.filter(action="interviews.transcript.removed").exists()


@pytest.mark.parametrize("role", [ProjectRole.OBSERVER, ProjectRole.FACILITATOR])
def test_only_those_who_manage_interviews_may_remove(client, member, coded, role):
    client.force_login(member(role))

    assert client.get(_url(coded)).status_code == 403
    version = transcript_removal_version(transcript=coded)
    assert client.post(_url(coded), {"version": version}).status_code == 403
    assert Transcript.objects.filter(pk=coded.pk).exists()


def test_a_lead_of_another_project_cannot_remove(client, member, coded):
    client.force_login(member(ProjectRole.LEAD, in_project=ProjectFactory()))

    assert client.post(_url(coded), {}).status_code in {403, 404}
    assert Transcript.objects.filter(pk=coded.pk).exists()


def test_the_interview_page_links_to_removing_the_transcript(lead_client, coded):
    page = lead_client.get(coded.interview.get_absolute_url()).text

    assert _url(coded) in page
