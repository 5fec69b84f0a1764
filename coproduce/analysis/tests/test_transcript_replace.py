"""Replacing a transcript with a corrected file: the preview lists the codings kept and dropped, confirming
moves the kept ones onto their words in the new text, and a bad file or an out-of-date preview changes
nothing."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis.models import Coding
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.consent.models import ConsentScope
from coproduce.consent.services.erasure import stakeholder_erase
from coproduce.core.models import AuditEvent
from coproduce.interviews.models import Transcript, TranscriptReplacement
from coproduce.interviews.selectors.replacing import transcript_replace_plan
from coproduce.interviews.services.interviews import interview_create
from coproduce.interviews.services.removal import transcript_remove
from coproduce.interviews.services.replacing import transcript_replace
from coproduce.interviews.services.transcripts import redaction_add_words, redaction_decide, transcript_import
from coproduce.interviews.tests.test_services import _consent
from coproduce.jobs.models import Job
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

OLD = (
    "Interviewer: Who do you work with?\n"
    "Ffion Quillfeather: Brookvale Food Bank helps us every week, and the council funds it.\n"
)
NEW = (
    "Interviewer: Thanks for coming. Who do you work with?\n"
    "Ffion Quillfeather: Brookvale Food Bank helps us every week, and the county funds it.\n"
)


@pytest.fixture
def coded(project, lead):
    """An imported transcript with its suggested redactions (or "Brookvale") accepted and two codings: one
    on words the new file keeps, one on words it changes."""
    person = StakeholderFactory(project=project, code="P07", full_name="Ffion Quillfeather")
    _consent(person, lead, ConsentScope.INTERVIEW)
    interview = interview_create(project=project, by=lead, stakeholder=person, scheduled_for=timezone.now())
    transcript = transcript_import(interview=interview, by=lead, data=OLD.encode(), filename="p07.txt")
    for suggestion in transcript.redactions.all():
        redaction_decide(redaction=suggestion, by=lead, accept=True)
    if not transcript.redactions.exists():  # without the name-finding model, the researcher redacts it
        redaction_add_words(transcript=transcript, by=lead, words="Brookvale", replacement="[a place]")
    transcript.refresh_from_db()
    code = code_create(project=project, by=lead, name="Support")
    for words in ("helps us every week", "the council funds it"):
        start = transcript.text.index(words)
        coding_create(transcript=transcript, code=code, by=lead, start=start, end=start + len(words))
    return transcript


def _url(transcript, name="transcript_replace"):
    interview = transcript.interview
    kwargs = {"project_id": interview.project.public_id, "interview_id": interview.public_id}
    return reverse(f"interviews:{name}", kwargs=kwargs)


def _preview(client, transcript, text=NEW):
    return client.post(_url(transcript), {"file": SimpleUploadedFile("p07-corrected.txt", text.encode())})


def test_the_preview_lists_kept_and_dropped_codings_and_changes_nothing(lead_client, coded):
    before = Transcript.objects.values().get(pk=coded.pk)

    page = _preview(lead_client, coded).text

    assert "1 coding kept" in page and "1 coding dropped" in page
    assert page.index("Codings that will be dropped") < page.index("the council funds it")
    assert "helps us every week" in page
    assert Transcript.objects.values().get(pk=coded.pk) == before and Coding.objects.count() == 2


def test_confirming_moves_kept_codings_drops_changed_ones_and_looks_for_names_again(lead_client, coded):
    plan = transcript_replace_plan(transcript=coded, data=NEW.encode(), filename="p07-corrected.txt")
    jobs = Job.objects.count()
    _preview(lead_client, coded)

    response = lead_client.post(_url(coded, "transcript_replace_confirm"), {"version": plan.version})

    assert response.status_code == 302
    coded.refresh_from_db()
    assert "Thanks for coming" in coded.text and "Brookvale" not in coded.text
    (kept,) = Coding.objects.all()
    assert coded.text[kept.start : kept.end] == "helps us every week" == kept.snippet
    assert [t.speaker for t in coded.turns.order_by("order")] == ["Interviewer", "Ffion Quillfeather"]
    redactions = list(coded.redactions.all())
    assert redactions and all(coded.original_text[r.start : r.end] == r.original for r in redactions)
    assert coded.redaction_done_at is None and Job.objects.count() == jobs + 1
    assert coded.names_job_id == Job.objects.latest("pk").pk
    event = AuditEvent.objects.get(action="interviews.transcript.replaced")
    assert event.changes["codings_kept"] == 1 and event.changes["codings_dropped"] == 1
    assert "council" not in str(event.changes)


def test_a_file_that_cannot_be_read_changes_nothing(lead_client, coded):
    before = Transcript.objects.values().get(pk=coded.pk)

    response = lead_client.post(_url(coded), {"file": SimpleUploadedFile("p07.docx", b"not a word file")})

    assert response.status_code == 200 and "p07.docx" in response.text
    assert "Check what replacing" not in response.text
    assert Transcript.objects.values().get(pk=coded.pk) == before and Coding.objects.count() == 2


def test_a_preview_made_before_a_new_coding_replaces_nothing_and_says_why(lead_client, lead, coded):
    plan = transcript_replace_plan(transcript=coded, data=NEW.encode(), filename="p07-corrected.txt")
    _preview(lead_client, coded)
    start = coded.text.index("work with")
    coding_create(
        transcript=coded,
        code=Coding.objects.get(snippet="helps us every week").code,
        by=lead,
        start=start,
        end=start + 9,
    )

    response = lead_client.post(_url(coded, "transcript_replace_confirm"), {"version": plan.version})

    assert response.status_code == 200
    assert "The transcript changed after the preview was made" in response.text
    assert "Thanks for coming" not in Transcript.objects.get(pk=coded.pk).text
    assert Coding.objects.count() == 3


@pytest.mark.parametrize("role", [ProjectRole.OBSERVER, ProjectRole.FACILITATOR])
def test_only_those_who_manage_interviews_may_replace(client, member, coded, role):
    client.force_login(member(role))

    assert _preview(client, coded).status_code == 403
    assert client.post(_url(coded, "transcript_replace_confirm"), {"version": "x"}).status_code == 403


def test_a_lead_of_another_project_cannot_replace(client, member, coded):
    client.force_login(member(ProjectRole.LEAD, in_project=ProjectFactory()))

    assert _preview(client, coded).status_code in {403, 404}
    assert "Thanks" not in Transcript.objects.get(pk=coded.pk).text


def test_kept_codings_may_move_onto_each_others_old_places(project, lead):
    # given the same code by the same coder on "Red" and on the "red" four characters after it
    person = StakeholderFactory(project=project, code="P08", full_name="Ffion Quillfeather")
    _consent(person, lead, ConsentScope.INTERVIEW)
    interview = interview_create(project=project, by=lead, stakeholder=person, scheduled_for=timezone.now())
    old = "Interviewer: Colours?\nP08: Red red.\n"
    transcript = transcript_import(interview=interview, by=lead, data=old.encode(), filename="p08.txt")
    code = code_create(project=project, by=lead, name="Colour")
    first = transcript.text.index("Red")
    for start in (first, first + 4):
        coding_create(transcript=transcript, code=code, by=lead, start=start, end=start + 3)
    new = b"Interviewer: Colours?\nP08: Big Red red.\n"
    transcript.refresh_from_db()
    plan = transcript_replace_plan(transcript=transcript, data=new, filename="p08.txt")

    # when a file puts four characters before them, so that the first moves to where the second was
    transcript_replace(transcript=transcript, by=lead, data=new, filename="p08.txt", version=plan.version)

    # then both are kept, each on its own word
    transcript.refresh_from_db()
    codings = list(Coding.objects.order_by("start"))
    assert [transcript.text[c.start : c.end] for c in codings] == ["Red", "red"]
    assert codings[0].start == transcript.text.index("Red")


def test_a_preview_confirmed_after_the_original_text_was_deleted_replaces_nothing(lead_client, coded):
    plan = transcript_replace_plan(transcript=coded, data=NEW.encode(), filename="p07-corrected.txt")
    _preview(lead_client, coded)
    Transcript.objects.filter(pk=coded.pk).update(original_text="", original_cleared_at=timezone.now())

    response = lead_client.post(
        _url(coded, "transcript_replace_confirm"), {"version": plan.version}, follow=True
    )

    assert "deleted under the retention policy" in response.text
    assert "Thanks for coming" not in Transcript.objects.get(pk=coded.pk).text
    assert Coding.objects.count() == 2


def test_a_confirmation_reaching_another_web_process_still_replaces(lead_client, coded):
    # given a preview made by one web process
    plan = transcript_replace_plan(transcript=coded, data=NEW.encode(), filename="p07-corrected.txt")
    _preview(lead_client, coded)

    # when the confirmation reaches a process that shares none of its memory or cache
    cache.clear()
    response = lead_client.post(_url(coded, "transcript_replace_confirm"), {"version": plan.version})

    # then the transcript is replaced all the same, and the kept file is gone
    assert response.status_code == 302 and response.url.endswith("/speakers/")
    coded.refresh_from_db()
    assert "Thanks for coming" in coded.text and Coding.objects.count() == 1
    assert not TranscriptReplacement.objects.exists()


def test_the_preview_keeps_the_file_in_the_database_for_half_an_hour(lead_client, lead, coded):
    _preview(lead_client, coded, text=OLD + "P07: A first try.\n")
    _preview(lead_client, coded)

    kept = TranscriptReplacement.objects.get()  # the second choice took the place of the first
    assert bytes(kept.raw) == NEW.encode() and kept.filename == "p07-corrected.txt"
    assert kept.transcript == coded and kept.created_by == lead
    assert timedelta(minutes=29) < kept.expires_at - timezone.now() <= timedelta(minutes=30)


def test_a_confirmation_after_half_an_hour_replaces_nothing_and_asks_for_the_file_again(lead_client, coded):
    plan = transcript_replace_plan(transcript=coded, data=NEW.encode(), filename="p07-corrected.txt")
    _preview(lead_client, coded)
    TranscriptReplacement.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = lead_client.post(
        _url(coded, "transcript_replace_confirm"), {"version": plan.version}, follow=True
    )

    assert "more than half an hour old" in response.text
    assert "Thanks for coming" not in Transcript.objects.get(pk=coded.pk).text
    assert Coding.objects.count() == 2


def test_another_persons_kept_file_is_not_theirs_to_confirm(client, member, coded):
    plan = transcript_replace_plan(transcript=coded, data=NEW.encode(), filename="p07-corrected.txt")
    client.force_login(member(ProjectRole.LEAD))
    _preview(client, coded)
    client.force_login(member(ProjectRole.RESEARCHER))

    response = client.post(_url(coded, "transcript_replace_confirm"), {"version": plan.version}, follow=True)

    assert "more than half an hour old" in response.text
    assert "Thanks for coming" not in Transcript.objects.get(pk=coded.pk).text


def test_removing_the_transcript_deletes_its_kept_file(lead_client, lead, coded):
    _preview(lead_client, coded)

    transcript_remove(transcript=coded, by=lead, version=None)

    assert not TranscriptReplacement.objects.exists()


def test_erasing_the_person_deletes_the_kept_file_for_their_transcript(lead_client, lead, coded):
    _preview(lead_client, coded)

    stakeholder_erase(stakeholder=coded.interview.stakeholder, by=lead)

    assert not TranscriptReplacement.objects.exists()
