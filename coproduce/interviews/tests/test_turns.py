"""Correcting a transcript's speakers and turns: renaming and merging speakers, splitting a turn, giving a
turn to another speaker, joining a turn to the one before; the version check; the pages and who may use
them."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.models import ConsentScope
from coproduce.core.models import AuditEvent
from coproduce.core.versions import CONFLICT, EditConflict, rows_version
from coproduce.interviews.models import SpeakerRole, Transcript, TranscriptTurn
from coproduce.interviews.selectors.speakers import speaker_turns, speakers_current
from coproduce.interviews.services.interviews import interview_create
from coproduce.interviews.services.speakers import transcript_speakers_set
from coproduce.interviews.services.transcripts import redaction_add_words, transcript_import
from coproduce.interviews.services.turns import (
    speaker_rename,
    speakers_merge,
    turn_join,
    turn_reassign,
    turn_split,
)
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole

from .test_services import _consent

pytestmark = pytest.mark.django_db

# Fictional. The file misspells Ffion's name, names Jane Smith in two ways, and runs Jane's first words into
# Ffion's turn.
FILE = """Interviewer: Thanks for coming. How do your teams work together?

Ffion Quilfeather: We run the food bank on the high street. Jane Smith: And I run the clinic next door.

Jane: We refer families to the food bank every week.

Interviewer: What gets in the way?

Jane Smith: Trust takes years to build.

Ffion Quilfeather: Funding is short every year.
"""


@pytest.fixture
def transcript(project, lead):
    person = StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather")
    StakeholderFactory(project=project, code="P08", full_name="Jane Smith")
    _consent(person, lead, ConsentScope.INTERVIEW)
    interview = interview_create(project=project, by=lead, stakeholder=person, scheduled_for=timezone.now())
    found = transcript_import(interview=interview, by=lead, data=FILE.encode(), filename="p07.txt")
    transcript_speakers_set(transcript=found, by=lead, speakers=speakers_current(transcript=found))
    found.refresh_from_db()
    return found


def _turns(transcript) -> list[tuple[int, str, str]]:
    """Each turn as (number, label, words)."""
    text = Transcript.objects.get(pk=transcript.pk).text
    return [(t.order, t.speaker, text[t.start : t.end]) for t in transcript.turns.order_by("order")]


def _who(transcript) -> dict[str, tuple[str, str]]:
    return {
        label: (choice.role, choice.stakeholder.code if choice.stakeholder else "")
        for label, choice in speakers_current(transcript=transcript).items()
    }


def _turn(transcript, order: int) -> TranscriptTurn:
    return transcript.turns.get(order=order)


def _version(transcript) -> str:
    return rows_version(speaker_turns(transcript=transcript))


def test_renaming_a_speaker_changes_every_turn_and_keeps_who_they_are(transcript, lead):
    # given the misspelt label, taken to be the person interviewed
    before = _who(transcript)["Ffion Quilfeather"]
    text = transcript.text
    # when it is renamed
    count = speaker_rename(
        turn=_turn(transcript, 2), by=lead, name="  Ffion   Quillfeather ", version=_version(transcript)
    )
    # then both turns have the new label, who they are is kept, the text is the same, and the audit row
    # names no one
    assert count == 2
    assert [label for _, label, _ in _turns(transcript)].count("Ffion Quillfeather") == 2
    assert _who(transcript)["Ffion Quillfeather"] == before and "Ffion Quilfeather" not in _who(transcript)
    assert Transcript.objects.get(pk=transcript.pk).text == text
    audit = AuditEvent.objects.get(action="interviews.speaker.renamed")
    assert audit.changes == {"turns": 2} and "Ffion" not in str(audit.changes)


@pytest.mark.parametrize(
    ("name", "message"),
    [("  ", "Enter the speaker's name"), ("Ffion Quilfeather", "Enter a name different"),
     ("Jane", "“Jane” is already a speaker in this transcript: merge the two speakers instead")],
)  # fmt: skip
def test_a_rename_that_cannot_be_made_changes_nothing(transcript, lead, name, message):
    before = _turns(transcript)
    with pytest.raises(ValidationError) as refused:
        speaker_rename(turn=_turn(transcript, 2), by=lead, name=name)
    assert message in " ".join(refused.value.messages)
    assert _turns(transcript) == before


def test_merging_two_speakers_gives_one_label_and_who_that_speaker_is(transcript, lead):
    # given "Jane" (someone else) and "Jane Smith" (P08 in the register)
    assert _who(transcript)["Jane Smith"] == (SpeakerRole.PARTICIPANT, "P08")
    jane = transcript.turns.get(speaker="Jane")
    # when "Jane" is merged with "Jane Smith"
    count = speakers_merge(turn=jane, by=lead, into="Jane Smith", version=_version(transcript))
    # then her turn is "Jane Smith"'s, and P08's
    assert count == 1
    assert "Jane" not in _who(transcript) and _who(transcript)["Jane Smith"] == (
        SpeakerRole.PARTICIPANT,
        "P08",
    )
    assert transcript.turns.filter(speaker="Jane Smith", stakeholder__code="P08").count() == 2
    with pytest.raises(ValidationError):
        speakers_merge(turn=jane, by=lead, into="Jane Smith")  # with itself now: refused


def test_splitting_a_turn_where_a_speaker_starts_keeps_the_text(transcript, lead):
    text = transcript.text
    # when turn 2 is split where Jane Smith starts talking
    second = turn_split(
        turn=_turn(transcript, 2),
        by=lead,
        words="and  I run",
        speaker="Jane Smith",
        version=_version(transcript),
    )
    # then it is two turns, numbered in order, the second Jane Smith's (P08) with her words
    assert _turns(transcript)[1:4] == [
        (2, "Ffion Quilfeather", "We run the food bank on the high street. Jane Smith:"),
        (3, "Jane Smith", "And I run the clinic next door."),
        (4, "Jane", "We refer families to the food bank every week."),
    ]
    assert second.order == 3 and second.stakeholder is not None and second.stakeholder.code == "P08"
    assert [order for order, _, _ in _turns(transcript)] == list(range(1, 8))
    assert Transcript.objects.get(pk=transcript.pk).text == text
    assert Transcript.objects.get(pk=transcript.pk).speakers_confirmed_at is not None  # no new speaker


def test_a_new_speaker_gets_a_first_guess_and_asks_for_the_speakers_to_be_checked(transcript, lead):
    # when turn 2's second part is given to a new label naming someone in the register, and turn 4 to a
    # caretaker
    turn_split(turn=_turn(transcript, 2), by=lead, words="And I run", speaker="Smith, Jane")
    turn_reassign(turn=_turn(transcript, 7), by=lead, speaker="Caretaker")
    # then the first is P08 and the second someone else, and the speakers page asks to check them
    assert _who(transcript)["Smith, Jane"] == (SpeakerRole.PARTICIPANT, "P08")
    assert _who(transcript)["Caretaker"] == (SpeakerRole.OTHER, "")
    assert Transcript.objects.get(pk=transcript.pk).speakers_confirmed_at is None
    assert AuditEvent.objects.get(action="interviews.turn.split").changes == {"turn": 2, "new_speaker": True}


@pytest.mark.parametrize(
    ("words", "message"),
    [("", "Enter the words"), ("the clinic opposite", "is not in this turn"),
     ("run", "is in this turn 2 times"), ("We run", "These are the turn's first words")],
)  # fmt: skip
def test_a_split_that_cannot_be_made_changes_nothing(transcript, lead, words, message):
    before = _turns(transcript)
    with pytest.raises(ValidationError) as refused:
        turn_split(turn=_turn(transcript, 2), by=lead, words=words, speaker="Jane Smith")
    assert message in " ".join(refused.value.messages)
    assert _turns(transcript) == before


def test_a_split_turn_keeps_its_words_when_names_are_redacted_later(transcript, lead):
    # given turn 2 split before "And I run"
    turn_split(turn=_turn(transcript, 2), by=lead, words="And I run", speaker="Jane Smith")
    # when words of both parts are redacted, which moves every turn from its offsets in the original text
    redaction_add_words(transcript=transcript, by=lead, words="food bank", replacement="[a charity]")
    redaction_add_words(transcript=transcript, by=lead, words="clinic", replacement="[a clinic]")
    # then each part still holds its own words
    turns = _turns(transcript)
    assert turns[1][2] == "We run the [a charity] on the high street. Jane Smith:"
    assert turns[2][2] == "And I run the [a clinic] next door."
    # and a split cannot start inside redacted words
    with pytest.raises(ValidationError, match="inside redacted words"):
        turn_split(turn=_turn(transcript, 2), by=lead, words="charity] on", speaker="Jane Smith")


def test_reassigning_a_turn_gives_it_that_speakers_label_and_who_they_are(transcript, lead):
    turn_reassign(turn=_turn(transcript, 3), by=lead, speaker="Jane Smith", version=_version(transcript))

    turn = _turn(transcript, 3)
    assert turn.stakeholder is not None
    assert (turn.speaker, turn.role, turn.stakeholder.code) == ("Jane Smith", SpeakerRole.PARTICIPANT, "P08")
    with pytest.raises(ValidationError, match="already this speaker"):
        turn_reassign(turn=turn, by=lead, speaker="Jane Smith")


def test_joining_a_turn_to_the_one_before(transcript, lead):
    # given turns 5 ("Jane Smith") and 6 ("Ffion Quilfeather"), the second wrongly cut off
    text = transcript.text
    joined = turn_join(turn=_turn(transcript, 6), by=lead, version=_version(transcript))
    # then turn 5 says both, and the turns are numbered 1 to 5
    assert joined.order == 5
    assert _turns(transcript)[-1] == (
        5, "Jane Smith", "Trust takes years to build.\n\nFunding is short every year."
    )  # fmt: skip
    assert Transcript.objects.get(pk=transcript.pk).text == text
    with pytest.raises(ValidationError, match="no turn before it"):
        turn_join(turn=_turn(transcript, 1), by=lead)


def test_an_edit_made_on_an_out_of_date_page_is_refused_and_changes_nothing(transcript, lead, member):
    # given two researchers with the turns page open
    version = _version(transcript)
    other = member(ProjectRole.RESEARCHER)
    # when one gives turn 3 to Jane Smith, and the other then renames its speaker from the page they had
    turn_reassign(turn=_turn(transcript, 3), by=other, speaker="Jane Smith", version=version)
    after = _turns(transcript)
    for edit in (
        lambda: speaker_rename(turn=_turn(transcript, 3), by=lead, name="Jane S", version=version),
        lambda: turn_split(
            turn=_turn(transcript, 3), by=lead, words="families", speaker="Jane", version=version
        ),
        lambda: speakers_merge(turn=_turn(transcript, 3), by=lead, into="Interviewer", version=version),
    ):
        # then each is refused, naming the speaker the other saved, and nothing changes
        with pytest.raises(EditConflict) as refused:
            edit()
        assert refused.value.fields[0].theirs == "Jane Smith"
        assert _turns(transcript) == after
    with pytest.raises(EditConflict):
        turn_join(turn=_turn(transcript, 3), by=lead, version=version)
    assert _turns(transcript) == after


def test_a_turn_joined_meanwhile_is_said_to_be_gone(transcript, lead):
    turn = _turn(transcript, 6)
    turn_join(turn=turn, by=lead)

    with pytest.raises(ValidationError, match="no longer in the transcript"):
        turn_reassign(turn=turn, by=lead, speaker="Interviewer")


# --- the pages ---


def _url(transcript, name="transcript_turns", turn=None):
    kwargs = {
        "project_id": transcript.interview.project.public_id,
        "interview_id": transcript.interview.public_id,
    }
    return reverse(f"interviews:{name}", kwargs=kwargs | ({"turn_id": turn.pk} if turn else {}))


def test_the_turns_page_lists_speakers_and_turns(lead_client, transcript):
    page = lead_client.get(_url(transcript)).text

    assert "Correct speakers and turns" in page and "Ffion Quilfeather" in page
    assert "P08 (Jane Smith)" in page and "The interviewer" in page
    assert page.count("Join to turn") == 5  # every turn but the first
    assert _url(transcript, "speaker_rename", _turn(transcript, 2)) in page


@pytest.mark.parametrize("role", [ProjectRole.OBSERVER])
def test_observers_cannot_correct_turns(client, member, transcript, role):
    client.force_login(member(role))
    before = _turns(transcript)

    assert client.get(_url(transcript)).status_code == 403
    posts = [("speaker_rename", {"name": "Someone"}), ("turn_reassign", {"new_speaker": "Someone"}),
             ("turn_split", {"words": "And I run", "new_speaker": "Jane"}), ("turn_join", {})]  # fmt: skip
    for name, data in posts:
        assert client.post(_url(transcript, name, _turn(transcript, 2)), data).status_code == 403
    assert _turns(transcript) == before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [("speaker_rename", {"name": ""}, "Enter the speaker's name"),
     ("speaker_rename", {"name": "Jane"}, "already a speaker in this transcript"),
     ("speaker_merge", {"into": "speaker-9"}, "Choose another speaker of this transcript to merge with"),
     ("turn_split", {"words": "run", "speaker": "speaker-3"}, "is in this turn 2 times"),
     ("turn_split", {"words": "And I run"}, "Choose a speaker, or enter a new speaker's name"),
     ("turn_reassign", {"speaker": "new"}, "Enter the new speaker's name"),
     ("turn_reassign", {"speaker": "speaker-3", "new_speaker": "Jane S"}, "not both")],
)  # fmt: skip
def test_bad_input_shows_a_clear_message_and_changes_nothing(lead_client, transcript, name, data, message):
    before = _turns(transcript)

    response = lead_client.post(_url(transcript, name, _turn(transcript, 2)), data)

    assert response.status_code == 200 and message in html.unescape(response.text)
    assert "There is a problem" in response.text
    assert _turns(transcript) == before


def test_split_page_splits_and_says_so(lead_client, transcript):
    url = _url(transcript, "turn_split", _turn(transcript, 2))
    page = lead_client.get(url).text
    assert "We run the food bank on the high street. Jane Smith: And I run" in page

    response = lead_client.post(
        url, {"words": "And I run", "speaker": "speaker-3", "version": _version(transcript)}
    )

    assert response.status_code == 302 and response["Location"].startswith(_url(transcript))
    assert _turns(transcript)[2][1:] == ("Jane Smith", "And I run the clinic next door.")
    assert "Turn 2 has been split in two" in lead_client.get(response["Location"]).text


def test_a_stale_join_says_nothing_was_joined(lead_client, transcript, lead):
    version = _version(transcript)
    turn_reassign(turn=_turn(transcript, 3), by=lead, speaker="Jane Smith")
    after = _turns(transcript)

    response = lead_client.post(
        _url(transcript, "turn_join", _turn(transcript, 3)), {"version": version}, follow=True
    )

    assert "nothing was joined" in response.text and _turns(transcript) == after
    joined = lead_client.post(
        _url(transcript, "turn_join", _turn(transcript, 3)), {"version": _version(transcript)}
    )
    assert joined.status_code == 302 and len(_turns(transcript)) == 5


def test_a_stale_rename_page_shows_both_names(lead_client, transcript, lead):
    version = _version(transcript)
    speaker_rename(turn=_turn(transcript, 2), by=lead, name="Ffion Q")

    response = lead_client.post(
        _url(transcript, "speaker_rename", _turn(transcript, 2)),
        {"name": "Ffion Quillfeather", "version": version},
    )

    assert CONFLICT in response.text and 'id="edit-conflict"' in response.text
    assert "Ffion Q" in response.text and _turn(transcript, 2).speaker == "Ffion Q"


def test_an_unnamed_speaker_is_shown_as_such(lead_client, transcript):
    # given a turn whose label is empty (the file had none for it)
    TranscriptTurn.objects.filter(transcript=transcript, order=3).update(speaker="")
    # then the turns page, the speakers page and the original text show "Unnamed speaker"
    for url in (
        _url(transcript),
        _url(transcript, "transcript_speakers"),
        _url(transcript, "transcript_detail") + "?text=original",
    ):
        page = lead_client.get(url).text
        assert "Unnamed speaker" in page, url
    # and it can be renamed like any other
    speaker_rename(turn=_turn(transcript, 3), by=transcript.imported_by, name="Jane Smith (clinic)")
    assert _turn(transcript, 3).speaker == "Jane Smith (clinic)"
