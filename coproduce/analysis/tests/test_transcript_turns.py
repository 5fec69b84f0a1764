"""Codings across corrections of a transcript's speakers and turns, and speakers in the coding page and in
REFI-QDA exports: each turn's speaker before its words, the codings still on the same words, and back."""

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis import refi_qda as refi
from coproduce.analysis.models import Coding
from coproduce.analysis.selectors.exchange import project_to_refi
from coproduce.analysis.selectors.labelled_text import labelled_text
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.exchange_import import exchange_import
from coproduce.consent.models import ConsentScope
from coproduce.interviews.models import Transcript, TranscriptTurn
from coproduce.interviews.services.interviews import interview_create
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.interviews.services.turns import (
    speaker_rename,
    speakers_merge,
    turn_join,
    turn_reassign,
    turn_split,
)
from coproduce.interviews.tests.test_services import _consent
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

# Fictional: the interviewer, the person interviewed, and an unlabelled paragraph (a caretaker).
FILE = """Interviewer: How do your teams work together?

Ffion Quillfeather: We run the food bank. Jane: And I run the clinic, so trust matters.

Jane Smith: Trust takes years to build.

Jane: We refer families every week.
"""
WORDS = ("food bank", "run the food bank. Jane: And I run", "trust matters", "Trust takes years", "families")


def _coded(project, lead, file=FILE):
    person = StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather")
    StakeholderFactory(project=project, code="P08", full_name="Jane Smith")
    _consent(person, lead, ConsentScope.INTERVIEW)
    interview = interview_create(project=project, by=lead, stakeholder=person, scheduled_for=timezone.now())
    transcript = transcript_import(interview=interview, by=lead, data=file.encode(), filename="p07.txt")
    # Pseudonymised as it is (nothing in it to redact); looking for names is not what is tested here.
    Transcript.objects.filter(pk=transcript.pk).update(
        names_pending_since=None, redaction_done_at=timezone.now()
    )
    transcript.refresh_from_db()
    code = code_create(project=project, by=lead, name="Working together")
    for words in WORDS:
        start = transcript.text.index(words)
        coding_create(transcript=transcript, code=code, by=lead, start=start, end=start + len(words))
    return transcript


def _codings(transcript) -> list[tuple[int, int, str]]:
    return sorted(Coding.objects.filter(transcript=transcript).values_list("start", "end", "snippet"))


def test_every_correction_keeps_every_coding_exactly(project, lead):
    # given a coded transcript, one coding running across the place a new speaker starts
    transcript = _coded(project, lead)
    before, text = _codings(transcript), transcript.text
    turn = transcript.turns.get(order=2)
    # when each correction is made in turn
    speaker_rename(turn=turn, by=lead, name="Ffion Q")
    turn_split(turn=turn, by=lead, words="And I run", speaker="Jane")
    speakers_merge(turn=transcript.turns.get(order=3), by=lead, into="Jane Smith")
    turn_reassign(turn=transcript.turns.get(order=4), by=lead, speaker="Caretaker")
    turn_join(turn=transcript.turns.get(order=5), by=lead)
    # then every coding is where it was, on the same words, and the text has not changed
    assert _codings(transcript) == before
    assert Transcript.objects.get(pk=transcript.pk).text == text
    assert all(transcript.text[start:end] == snippet for start, end, snippet in before)


def test_the_export_puts_each_speaker_before_their_words_and_codings_on_the_same_words(project, lead):
    _coded(project, lead)

    (source,) = project_to_refi(project=project).sources

    assert source.plain_text == (
        "Interviewer: How do your teams work together?\n\n"
        "P07: We run the food bank. Jane: And I run the clinic, so trust matters.\n\n"
        "P08: Trust takes years to build.\n\n"
        "Someone else: We refer families every week."
    )
    assert sorted(source.text_of(s) for s in source.selections) == sorted(WORDS)
    assert "Ffion" not in source.plain_text  # a label from the file can be a name: never exported


def test_an_unnamed_speaker_is_never_an_empty_label(project, lead, lead_client):
    # given the turn of "Jane" has no label at all
    transcript = _coded(project, lead)
    TranscriptTurn.objects.filter(transcript=transcript, speaker="Jane").update(speaker="")
    # then the export and the coding page name its speaker
    (source,) = project_to_refi(project=project).sources
    assert "\n\nSomeone else: We refer families" in source.plain_text
    kwargs = {"project_id": project.public_id, "interview_id": transcript.interview.public_id}
    page = lead_client.get(reverse("analysis:transcript_code", kwargs=kwargs)).text
    assert 'id="turn-speaker-4">Someone else <' in page


def _round_trip(project, into, by, **options):
    archive = refi.write_qdpx(project_to_refi(project=project))
    return exchange_import(project=into, by=by, filename="study.qdpx", data=archive, **options)


def test_the_export_imports_back_with_codings_on_the_same_words(project, lead):
    # given a coded transcript exported with its speakers before their turns
    transcript = _coded(project, lead)
    # when it is imported into the same project
    report = _round_trip(project, project, lead)
    # then it is the same transcript, and every coding is found there, not added again
    assert report.sources_matched == ["P07"] and report.codings_existing == len(WORDS)
    assert report.codings_created == 0 and len(_codings(transcript)) == len(WORDS)
    # and a project with the same transcript gets the codings on the same words
    twin = ProjectFactory()
    member = MembershipFactory(project=twin, role=ProjectRole.LEAD).user
    copy = _coded(twin, member)
    Coding.objects.filter(transcript=copy).delete()
    report = _round_trip(project, twin, member)
    assert report.sources_matched == ["P07"] and report.codings_created == len(WORDS)
    assert _codings(copy) == _codings(transcript)


def test_the_export_added_to_a_new_project_keeps_codings_on_the_same_words(project, lead):
    _coded(project, lead)
    other = ProjectFactory()
    member = MembershipFactory(project=other, role=ProjectRole.LEAD).user

    report = _round_trip(project, other, member, add_missing=True)

    (added,) = Transcript.objects.filter(interview__project=other)
    assert report.sources_added == [added.interview.stakeholder.code]
    assert added.text.startswith("Interviewer: How do your teams")
    assert sorted(snippet for _, _, snippet in _codings(added)) == sorted(WORDS)


def test_labelled_offsets_go_there_and_back(project, lead):
    transcript = _coded(project, lead)
    labelled = labelled_text(transcript=transcript)

    for start, end, snippet in _codings(transcript):
        there = labelled.span(start, end)
        assert labelled.text[slice(*there)] == snippet
        assert labelled.stored_span(*there) == (start, end)
    assert labelled.stored_span(0, len("Interviewer: ")) == (0, 0)  # a label alone covers no words
