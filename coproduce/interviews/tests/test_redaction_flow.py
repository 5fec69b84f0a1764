"""Names found by the model, redacting every place words appear, and marking a transcript pseudonymised."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import AuditEvent
from coproduce.interviews import entities
from coproduce.interviews.models import RedactionStatus, Transcript
from coproduce.interviews.services.interviews import interview_create
from coproduce.interviews.services.names import redactions_suggest_again
from coproduce.interviews.services.transcripts import (
    redaction_add,
    redaction_add_words,
    redaction_decide,
    redaction_decide_all,
    transcript_import,
    transcript_redaction_finish,
)
from coproduce.people.tests.factories import StakeholderFactory

from .conftest import name_finder_reset
from .test_services import _consent
from .test_views import _url

# A public figure (the mayor) and a third party (a neighbour), neither in the register; only P07 is.
NAMES = (
    "Interviewer: Who has helped the food bank?\n"
    "Ffion Quillfeather: The mayor, Andrew Kettering, opened our new hall in Walsall. "
    "My neighbour Dorothy Pike drives the van. Dorothy Pike is there every Friday.\n"
    "Interviewer: Anyone else?\n"
    "Ffion Quillfeather: Only Dorothy, really. Call me on 07700 900123.\n"
)


@pytest.fixture
def interview(project, lead):
    person = StakeholderFactory(project=project, full_name="Ffion Quillfeather", code="P07")
    _consent(person, lead, "interview")
    return interview_create(project=project, by=lead, stakeholder=person, scheduled_for=timezone.now())


@pytest.fixture
def transcript(interview, lead):
    return transcript_import(interview=interview, by=lead, data=NAMES.encode(), filename="p07.txt")


def _suggested(transcript):
    return {(r.original, r.kind, r.replacement) for r in transcript.redactions.filter(status="suggested")}


def test_import_suggests_names_outside_the_register(transcript):
    suggested = _suggested(transcript)

    assert ("Andrew Kettering", "other_person", "[person]") in suggested
    assert ("Dorothy Pike", "other_person", "[person]") in suggested
    assert ("Walsall", "place", "[place]") in suggested
    assert ("07700 900123", "phone", "[phone]") in suggested


def test_import_without_the_model_still_suggests_register_and_patterns(interview, lead, model_absent):
    transcript = transcript_import(interview=interview, by=lead, data=NAMES.encode(), filename="p07.txt")

    assert {kind for _words, kind, _new in _suggested(transcript)} == {"phone"}


def test_finish_with_undecided_suggestions_is_refused_without_confirmation(transcript, lead):
    with pytest.raises(ValidationError, match="suggested redactions have not been decided yet"):
        transcript_redaction_finish(transcript=transcript, by=lead)

    transcript.refresh_from_db()
    assert transcript.redaction_done_at is None
    assert "Dorothy Pike" in transcript.text


def test_finish_confirmed_redacts_every_undecided_suggestion(transcript, lead):
    pending = transcript.redactions.filter(status=RedactionStatus.SUGGESTED).count()

    transcript_redaction_finish(transcript=transcript, by=lead, undecided="redact")

    transcript.refresh_from_db()
    assert transcript.redaction_done_at is not None
    assert "Dorothy Pike" not in transcript.text and "Andrew Kettering" not in transcript.text
    assert not transcript.redactions.filter(status=RedactionStatus.SUGGESTED).exists()
    event = AuditEvent.objects.get(action="interviews.transcript.pseudonymised")
    assert event.changes == {"undecided": pending, "undecided_redacted": True}


def test_finish_confirmed_keeps_every_undecided_suggestion(transcript, lead):
    transcript_redaction_finish(transcript=transcript, by=lead, undecided="keep")

    transcript.refresh_from_db()
    assert transcript.redaction_done_at is not None and "Dorothy Pike" in transcript.text
    assert set(transcript.redactions.values_list("status", flat=True)) == {RedactionStatus.REJECTED}


def test_redaction_decide_all_redacts_every_place_the_words_appear(transcript, lead):
    # given "Dorothy Pike" suggested twice, and "Dorothy" alone once
    suggestion = transcript.redactions.filter(original="Dorothy Pike").first()

    places = redaction_decide_all(redaction=suggestion, by=lead, accept=True)

    transcript.refresh_from_db()
    assert places == 2
    assert transcript.text.count("[person]") == 2 and "Dorothy Pike" not in transcript.text
    assert transcript.redactions.filter(original="Dorothy Pike", status=RedactionStatus.ACCEPTED).count() == 2


def test_redaction_decide_all_also_redacts_places_not_suggested(transcript, lead):
    # given a suggestion whose words also appear where nothing was suggested
    suggestion = transcript.redactions.get(original="Walsall")
    transcript.redactions.exclude(pk=suggestion.pk).delete()
    Transcript.objects.filter(pk=transcript.pk).update(original_text=transcript.original_text + "\nWalsall.")
    suggestion.refresh_from_db()

    places = redaction_decide_all(redaction=suggestion, by=lead, accept=True)

    transcript.refresh_from_db()
    assert places == 2 and "Walsall" not in transcript.text


def test_redaction_decide_all_keep_decides_only_suggestions(transcript, lead):
    suggestion = transcript.redactions.filter(original="Dorothy Pike").first()

    places = redaction_decide_all(redaction=suggestion, by=lead, accept=False)

    transcript.refresh_from_db()
    assert places == 2 and transcript.text.count("Dorothy Pike") == 2


# The pages


def _upload(client, interview):
    client.post(_url("transcript_upload", interview), {"file": SimpleUploadedFile("p07.txt", NAMES.encode())})
    return Transcript.objects.get()


@pytest.fixture
def uploaded(lead_client, interview):
    return _upload(lead_client, interview)


def test_redact_page_shows_each_suggestion_in_context_with_redact_all(lead_client, interview, uploaded):
    page = lead_client.get(_url("transcript_redact", interview)).text

    assert "My neighbour <strong>Dorothy Pike</strong> drives the van." in page
    assert "The same words appear in 2 places" in page and "Redact all 2" in page
    assert "name-finding model is not installed" not in page


def test_redact_page_says_when_names_outside_the_register_are_not_found(
    lead_client,
    interview,
    uploaded,
    model_absent,
):
    page = lead_client.get(_url("transcript_redact", interview)).text

    assert "Names outside the register are not being found" in page
    assert "name-finding model is not installed" in page


def test_mark_pseudonymised_with_undecided_suggestions_asks_first(lead_client, interview, uploaded):
    # when the researcher marks it pseudonymised with suggestions left
    asked = lead_client.post(_url("transcript_done", interview))
    # then they are warned and nothing changes
    assert asked.status_code == 200
    assert "not decided yet" in asked.text and "Redact all of them" in asked.text
    uploaded.refresh_from_db()
    assert uploaded.redaction_done_at is None

    # when they confirm without choosing
    unchosen = lead_client.post(_url("transcript_done", interview), {"undecided_asked": "1"})
    assert "Choose whether to redact or keep the suggestions not yet decided" in unchosen.text
    uploaded.refresh_from_db()
    assert uploaded.redaction_done_at is None

    # when they choose to redact them all
    done = lead_client.post(
        _url("transcript_done", interview), {"undecided_asked": "1", "undecided": "redact"}
    )
    assert done.status_code == 302
    finished = Transcript.objects.get(pk=uploaded.pk)
    assert finished.redaction_done_at is not None and "Dorothy Pike" not in finished.text


def test_redaction_decide_all_page_action(lead_client, interview, uploaded):
    suggestion = uploaded.redactions.filter(original="Dorothy Pike").first()

    response = lead_client.post(
        _url("redaction_decide_all", interview, redaction_id=suggestion.pk), {"accept": "yes"}
    )

    assert response.status_code == 302
    uploaded.refresh_from_db()
    assert "Dorothy Pike" not in uploaded.text


def test_coded_transcript_download_waits_for_every_suggestion(lead_client, interview, uploaded, lead):
    url = reverse(
        "analysis:transcript_docx",
        kwargs={"project_id": interview.project.public_id, "interview_id": interview.public_id},
    )

    refused = lead_client.get(url, follow=True)

    assert refused.headers["Content-Type"].startswith("text/html")
    assert "have not been decided yet" in refused.text and "then download the transcript" in refused.text
    transcript_redaction_finish(transcript=uploaded, by=lead, undecided="keep")
    assert lead_client.get(url).headers["Content-Type"].endswith("wordprocessingml.document")


def test_project_download_page_warns_of_transcripts_left_out(lead_client, interview, uploaded, lead):
    url = reverse("analysis:exchange", kwargs={"project_id": interview.project.public_id})

    assert "1 transcript is not in the download" in lead_client.get(url).text
    transcript_redaction_finish(transcript=uploaded, by=lead, undecided="redact")
    assert "not in the download" not in lead_client.get(url).text


def test_redacting_words_leaves_suggestions_that_overlap_them_to_be_decided(transcript, lead):
    # given "Dorothy Pike" suggested twice; when the researcher redacts the word "Dorothy" everywhere
    count = redaction_add_words(transcript=transcript, by=lead, words="Dorothy", replacement="[name]")

    # then only the place outside those suggestions is redacted, and the suggestions can still be accepted
    assert count == 1
    for suggestion in transcript.redactions.filter(original="Dorothy Pike"):
        redaction_decide(redaction=suggestion, by=lead, accept=True)
    transcript_redaction_finish(transcript=transcript, by=lead, undecided="redact")
    transcript.refresh_from_db()
    assert "Dorothy" not in transcript.text and transcript.text.count("[person]") >= 2


def test_redacting_a_selection_across_a_suggestion_is_refused(transcript, lead):
    start = transcript.text.index("neighbour Dorothy")

    with pytest.raises(ValidationError, match="a suggestion still to check"):
        redaction_add(transcript=transcript, by=lead, start=start, end=start + 17, replacement="[x]")


def test_looking_again_finds_names_missed_without_the_model(interview, lead, monkeypatch):
    # given a transcript imported and pseudonymised while the model was not installed
    with name_finder_reset(), monkeypatch.context() as absent:
        absent.setattr(entities, "_load", lambda: None)
        transcript = transcript_import(interview=interview, by=lead, data=NAMES.encode(), filename="p07.txt")
        transcript_redaction_finish(transcript=transcript, by=lead, undecided="redact")
    assert "Dorothy Pike" in Transcript.objects.get(pk=transcript.pk).text

    # when a researcher looks again with the model installed
    redactions_suggest_again(transcript=transcript, by=lead)

    # then the names are suggested, the phone number already redacted is not, and the team cannot read it
    # until they are decided
    transcript.refresh_from_db()
    assert ("Dorothy Pike", "other_person", "[person]") in _suggested(transcript)
    assert transcript.redactions.filter(status=RedactionStatus.SUGGESTED).count() == 5
    assert transcript.redaction_done_at is None
    assert transcript.redactions.filter(original="07700 900123").count() == 1
    redactions_suggest_again(transcript=transcript, by=lead)
    assert transcript.redactions.filter(status=RedactionStatus.SUGGESTED).count() == 5
    started = AuditEvent.objects.filter(action="interviews.redaction.suggested_again").order_by("pk")[0]
    assert started.changes == {"pseudonymised_mark_removed": True}
    found = AuditEvent.objects.filter(action="interviews.redaction.suggested").order_by("pk")
    assert [event.changes for event in found][-2:] == [
        {"suggestions": 5, "pseudonymised_mark_restored": False},
        {"suggestions": 0, "pseudonymised_mark_restored": False},
    ]


def test_look_again_page_action(lead_client, interview, uploaded):
    response = lead_client.post(_url("redactions_suggest_again", interview), follow=True)

    assert "Looking for names again: new suggestions will appear here." in response.text
