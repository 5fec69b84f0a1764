"""Small fictional transcripts for the codebook, memo and exchange tests."""

from django.utils import timezone

from coproduce.interviews.models import Interview, Transcript
from coproduce.people.sectors import Sector, Subsector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.models import Project

TEXT = (
    "Interviewer: How do you work with the council?\n\n"
    "P07: Honestly, trust is built informally, over tea at the food bank, not in meetings.\n"
    "P07: The funding rules change every year, so we plan short.\n"
)


def transcript_for(
    project: Project, *, code: str = "P07", text: str = TEXT, done: bool = True, ward: str = "Riverside"
) -> Transcript:
    """An interview with the fictional person `code` and its pseudonymised transcript."""
    organisation = OrganisationFactory(
        project=project, sector=Sector.VCFSE, subsector=Subsector.FAITH, ward=ward
    )
    person = StakeholderFactory(project=project, organisation=organisation, code=code)
    interview = Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )
    return Transcript.objects.create(
        interview=interview,
        filename=f"{code.lower()}.txt",
        format="txt",
        original_text=text,
        text=text,
        redaction_done_at=timezone.now() if done else None,
    )


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)
