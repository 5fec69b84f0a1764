import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis.models import Coding, CodingAssignment
from coproduce.analysis.selectors.agreement import blind_to
from coproduce.analysis.services.agreement import coding_pair_assign, coding_pair_close
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.interviews.models import Interview, Transcript, TranscriptTurn
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole

TEXT = "We share a building with the youth club.\n\nTrust came from working side by side."


@pytest.fixture
def transcript(project):
    person = StakeholderFactory(project=project, code="P03")
    interview = Interview.objects.create(project=project, stakeholder=person, scheduled_for=timezone.now())
    transcript = Transcript.objects.create(
        interview=interview,
        filename="p03.txt",
        format="txt",
        text=TEXT,
        original_text=TEXT,
        redaction_done_at=timezone.now(),
    )
    split = TEXT.index("Trust")
    TranscriptTurn.objects.create(
        transcript=transcript,
        order=1,
        speaker="P03",
        start=0,
        end=split - 2,
        original_start=0,
        original_end=split - 2,
    )
    TranscriptTurn.objects.create(
        transcript=transcript,
        order=2,
        speaker="P03",
        start=split,
        end=len(TEXT),
        original_start=split,
        original_end=len(TEXT),
    )
    return transcript


def _url(name, transcript, **kwargs):
    interview = transcript.interview
    return reverse(
        f"analysis:{name}",
        kwargs={"project_id": interview.project.public_id, "interview_id": interview.public_id, **kwargs},
    )


def test_agreement_page_shows_kappa_per_code(lead_client, lead, member, transcript):
    researcher = member(ProjectRole.RESEARCHER)
    trust = code_create(project=transcript.interview.project, by=lead, name="Trust")
    start = TEXT.index("Trust")
    coding_create(transcript=transcript, code=trust, by=lead, start=start, end=len(TEXT))
    coding_create(transcript=transcript, code=trust, by=researcher, start=start, end=start + 20)

    page = lead_client.get(
        _url("agreement", transcript),
        {"first": lead.pk, "second": researcher.pk, "unit": "segments", "uncoded": "yes"},
    ).text

    assert "Trust" in page
    assert "Kappa" in page and "1.00" in page  # both coded turn 2 only: perfect agreement on segments


def test_blind_pairs_and_adjudication(lead_client, lead, member, transcript):
    researcher = member(ProjectRole.RESEARCHER)
    observer = member(ProjectRole.OBSERVER)
    with pytest.raises(ValidationError):
        coding_pair_assign(transcript=transcript, by=lead, coders=[lead, observer])
    coding_pair_assign(transcript=transcript, by=lead, coders=[lead, researcher])
    assert blind_to(transcript=transcript, user=researcher)
    trust = code_create(project=transcript.interview.project, by=lead, name="Trust")
    coding = coding_create(transcript=transcript, code=trust, by=researcher, start=0, end=10)

    response = lead_client.post(
        reverse(
            "analysis:coding_adjudicate",
            kwargs={"project_id": transcript.interview.project.public_id, "coding_id": coding.pk},
        ),
        {"keep": "no"},
    )
    coding_pair_close(transcript=transcript, by=lead)

    assert response.status_code == 302
    assert not Coding.objects.exists()
    assert not blind_to(transcript=transcript, user=researcher)
    assert CodingAssignment.objects.filter(adjudicated_at__isnull=False).count() == 2


def test_a_blind_coder_sees_only_their_own_codings(client, lead, member, transcript):
    researcher = member(ProjectRole.RESEARCHER)
    trust = code_create(project=transcript.interview.project, by=lead, name="Trust")
    coding_create(transcript=transcript, code=trust, by=lead, start=0, end=8)
    coding_pair_assign(transcript=transcript, by=lead, coders=[lead, researcher])
    client.force_login(researcher)
    url = _url("transcript_code", transcript)

    blind = client.get(url).text
    coding_pair_close(transcript=transcript, by=lead)
    open_page = client.get(url).text

    assert lead.full_name not in blind
    assert lead.full_name in open_page
