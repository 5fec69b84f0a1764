"""Applying codes, keeping them on their words as redactions change the text, cutting turns into segments."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from coproduce.analysis.models import Coding
from coproduce.analysis.selectors.coding import coded_turns, coding_spans, words_span
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create, coding_delete, codings_follow_text
from coproduce.core.models import AuditEvent
from coproduce.interviews.models import Interview, Redaction, SpeakerRole, Transcript, TranscriptTurn
from coproduce.interviews.offsets import TextMove, offset_listeners, spans_follow
from coproduce.interviews.selectors.replacing import transcript_replace_plan
from coproduce.interviews.services.replacing import transcript_replace
from coproduce.interviews.services.transcripts import redaction_add_words, redaction_decide
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

QUESTION = "Who do you work with?"
ANSWER = "Ffion Quillfeather at Brookvale Food Bank 🥫 helps us every week, and the council funds it."


TURNS = ((SpeakerRole.INTERVIEWER, QUESTION), (SpeakerRole.PARTICIPANT, ANSWER))


def make_transcript(project, *, turns=TURNS, done=True, code="P07"):
    """An interview with a transcript of these turns, separated by blank lines (offsets in code points)."""
    person = StakeholderFactory(project=project, code=code, full_name="Ffion Quillfeather")
    interview = Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )
    text = "\n\n".join(words for _, words in turns)
    transcript = Transcript.objects.create(
        interview=interview, filename="p07.txt", format="txt", original_text=text, text=text,
        redaction_done_at=timezone.now() if done else None,
    )  # fmt: skip
    position = 0
    for order, (role, words) in enumerate(turns, start=1):
        TranscriptTurn.objects.create(
            transcript=transcript, order=order, speaker="Speaker", role=role, start=position,
            end=position + len(words), original_start=position, original_end=position + len(words),
        )  # fmt: skip
        position += len(words) + 2
    return transcript


@pytest.fixture
def transcript(project):
    return make_transcript(project)


@pytest.fixture
def trust(project, lead):
    return code_create(project=project, by=lead, name="Trust")


def _span(transcript, words):
    start = transcript.text.index(words)
    return start, start + len(words)


def test_coding_create_trims_whitespace(transcript, trust, lead):
    start, end = _span(transcript, "Brookvale Food Bank")

    coding = coding_create(transcript=transcript, code=trust, by=lead, start=start - 1, end=end + 1)

    assert (coding.start, coding.end, coding.snippet) == (start, end, "Brookvale Food Bank")


def test_coding_create_refuses_another_projects_code(transcript, lead):
    elsewhere = code_create(project=ProjectFactory(), by=lead, name="Trust")

    with pytest.raises(ValidationError, match="this project's codebook"):
        coding_create(transcript=transcript, code=elsewhere, by=lead, start=0, end=5)
    assert not Coding.objects.exists()


def test_coding_create_is_idempotent(transcript, trust, lead):
    start, end = _span(transcript, "helps us")

    first = coding_create(transcript=transcript, code=trust, by=lead, start=start, end=end)
    again = coding_create(transcript=transcript, code=trust, by=lead, start=start, end=end)

    assert first.pk == again.pk and Coding.objects.count() == 1


def test_coding_create_counts_code_points_after_an_emoji(transcript, trust, lead):
    start, end = _span(transcript, "helps us")  # after "🥫", one code point (two UTF-16 units)

    coding = coding_create(transcript=transcript, code=trust, by=lead, start=start, end=end)

    assert coding.snippet == "helps us"


def _suggest(transcript, words, replacement):
    start = transcript.original_text.index(words)
    return Redaction.objects.create(
        transcript=transcript, start=start, end=start + len(words), original=words,
        replacement=replacement, kind="person",
    )  # fmt: skip


def test_codings_follow_text_when_a_redaction_before_them_is_accepted_then_rejected(transcript, trust, lead):
    # given a coding after a suggested redaction of a name
    redaction = _suggest(transcript, "Ffion Quillfeather", "[P07]")
    coding = coding_create(transcript=transcript, code=trust, by=lead, **_range(transcript, "Food Bank"))
    # when the redaction is accepted, the coding moves with its words
    redaction_decide(redaction=redaction, by=lead, accept=True)
    coding.refresh_from_db()
    transcript.refresh_from_db()
    assert "[P07] at Brookvale" in transcript.text
    assert transcript.text[coding.start : coding.end] == coding.snippet == "Food Bank"
    # and when it is rejected after all, the coding moves back onto the same words
    redaction_decide(redaction=redaction, by=lead, accept=False)
    coding.refresh_from_db()
    transcript.refresh_from_db()
    assert "Ffion Quillfeather at Brookvale" in transcript.text
    assert transcript.text[coding.start : coding.end] == coding.snippet == "Food Bank"


def test_codings_follow_text_when_words_before_them_are_redacted(transcript, trust, lead):
    start, end = _span(transcript, "the council funds it")
    coding = coding_create(transcript=transcript, code=trust, by=lead, start=start, end=end)

    redaction_add_words(
        transcript=transcript, by=lead, words="Brookvale Food Bank", replacement="[a food bank]"
    )

    coding.refresh_from_db()
    transcript.refresh_from_db()
    assert transcript.text[coding.start : coding.end] == "the council funds it"


def test_coded_turns_split_overlapping_codings_into_segments(transcript, trust, lead, project):
    # given two overlapping codings and one nested in the first
    place = code_create(project=project, by=lead, name="Place")
    food = code_create(project=project, by=lead, name="Food")
    a = coding_create(
        transcript=transcript, code=trust, by=lead, **_range(transcript, "Brookvale Food Bank 🥫 helps")
    )
    b = coding_create(
        transcript=transcript, code=place, by=lead, **_range(transcript, "Food Bank 🥫 helps us every")
    )
    c = coding_create(transcript=transcript, code=food, by=lead, **_range(transcript, "Food"))
    # when the transcript is cut into segments
    turns = coded_turns(transcript=transcript)
    # then every boundary starts a segment, each carrying the codes covering it, and the text is unchanged
    answer = turns[1]
    assert "".join(text for text, _, _ in answer.segments) == ANSWER
    covered = {text: set(codes.split()) for text, _, codes in answer.segments if codes}
    assert covered == {
        "Brookvale ": {str(trust.pk)},
        "Food": {str(trust.pk), str(place.pk), str(food.pk)},
        " Bank 🥫 helps": {str(trust.pk), str(place.pk)},
        " us every": {str(place.pk)},
    }
    assert [m.pk for m in answer.codings] == [a.pk, c.pk, b.pk]  # by where they start, shortest first
    assert turns[0].speaker == "Interviewer" and answer.speaker == "P07"


def _range(transcript, words):
    start, end = _span(transcript, words)
    return {"start": start, "end": end}


def test_words_span_finds_the_first_place_after_the_offset(transcript):
    after = transcript.text.index("Ffion")

    assert words_span(transcript=transcript, after=after, words="food   bank") == _span(
        transcript, "Food Bank"
    )
    assert words_span(transcript=transcript, after=after, words="Who do") is None


# Removing a coding: the rule holds in the service, however it is called


@pytest.mark.parametrize(
    "remover, own, allowed",
    [
        (ProjectRole.RESEARCHER, True, True),
        (ProjectRole.RESEARCHER, False, False),
        (ProjectRole.LEAD, False, True),
        (ProjectRole.FACILITATOR, False, False),
        (None, False, False),  # not on the team at all
    ],
)
def test_coding_delete_refuses_someone_elses_coding_unless_lead(project, member, remover, own, allowed):
    # given a coding made by the remover or by another researcher, called without any page in between
    lead = member(ProjectRole.LEAD)
    coder = member(ProjectRole.RESEARCHER)
    user = member(remover) if remover else member(ProjectRole.LEAD, in_project=ProjectFactory())
    code = code_create(project=project, by=lead, name="Trust")
    transcript = make_transcript(project)
    start = transcript.text.index("Food")
    coding = coding_create(
        transcript=transcript, code=code, by=user if own else coder, start=start, end=start + 4
    )

    # when the service is called directly
    if allowed:
        coding_delete(coding=coding, by=user)
    else:
        with pytest.raises(PermissionDenied):
            coding_delete(coding=coding, by=user)

    # then the coding and the audit trail show what was allowed, and nothing else
    assert Coding.objects.filter(pk=coding.pk).exists() is not allowed
    assert AuditEvent.objects.filter(action="analysis.coding.deleted").exists() is allowed


def test_analysis_registers_its_codings_with_the_interviews_app():
    (listener,) = offset_listeners()
    assert listener.follow is codings_follow_text and listener.spans is coding_spans


def test_the_listener_moves_codings_onto_their_words_and_drops_those_whose_words_went(
    transcript, trust, lead
):
    # given codings on "helps us" and on "the council", both at new places in a new text, and one on
    # "every week", which the new text no longer has
    on = {words: coding_create(transcript=transcript, code=trust, by=lead, **_range(transcript, words))
          for words in ("helps us", "the council", "every week")}  # fmt: skip
    old = transcript.text
    new = "the council " + old[: old.index("helps us")] + "helps us"
    places = {
        _span(transcript, words): _span(Transcript(text=new), words) for words in ("helps us", "the council")
    }
    transcript.text = new

    # when the interviews app tells the listener where the old spans stand
    spans_follow(
        transcript, TextMove(span=lambda start, end: places.get((start, end)), past=len(old) + len(new))
    )

    # then the kept codings cover the same words in the new text and the other one is gone
    assert {c.snippet: new[c.start : c.end] for c in Coding.objects.all()} == {
        "helps us": "helps us",
        "the council": "the council",
    }
    assert not Coding.objects.filter(pk=on["every week"].pk).exists()


def test_replacing_a_transcript_moves_no_coding_without_the_analysis_listener(
    transcript, trust, lead, monkeypatch
):
    # given a coding, and no app listening to the interviews app's text changes
    coding = coding_create(transcript=transcript, code=trust, by=lead, **_range(transcript, "the council"))
    before = Coding.objects.values().get(pk=coding.pk)
    monkeypatch.setattr("coproduce.interviews.offsets._listeners", [])
    data = (
        "Interviewer: " + QUESTION + "\nP07: Well. " + ANSWER.replace("every week", "daily") + "\n"
    ).encode()
    plan = transcript_replace_plan(transcript=transcript, data=data, filename="p07.txt")

    # when the transcript is replaced
    transcript_replace(transcript=transcript, by=lead, data=data, filename="p07.txt", version=plan.version)

    # then the interviews app changed the text but left the coding to the app that owns it
    assert "Well." in Transcript.objects.get(pk=transcript.pk).text and not plan.planned
    assert Coding.objects.values().get(pk=coding.pk) == before
