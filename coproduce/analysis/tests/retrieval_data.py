"""A small fictional project for retrieval and matrix tests: three transcripts, three codes, two coders."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.models import Code
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.interviews.models import Interview, Transcript, TranscriptTurn
from coproduce.people.sectors import Sector, Subsector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

QUESTION = "Interviewer: How do you work with the council?"
FOOD_BANK = (
    "We trust the Café Rosa volunteers more than the council. Funding is short every year, "
    "and trust takes years to build."
)
NHS = "The clinic relies on informal trust with the mosque. Our funding comes from the trust board."
UNFINISHED = "Funding was cut in March and the café closed."


@dataclass
class RetrievalWorld:
    project: Any
    lead: User
    researcher: User
    observer: User
    trust: Code
    informal: Code
    funding: Code
    food_bank: Transcript
    nhs: Transcript
    unfinished: Transcript


def _transcript(project: Any, person: Any, answer: str, *, done: bool = True) -> Transcript:
    interview = Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )
    text = f"{QUESTION}\n\n{answer}"
    transcript = Transcript.objects.create(
        interview=interview, filename=f"{person.code}.txt", format="txt", original_text=text, text=text,
        redaction_done_at=timezone.now() if done else None,
    )  # fmt: skip
    answer_start = len(QUESTION) + 2
    for order, (start, end, role) in enumerate(
        [(0, len(QUESTION), "interviewer"), (answer_start, len(text), "participant")], start=1
    ):
        speaker = person.code if role == "participant" else "Interviewer"
        TranscriptTurn.objects.create(
            transcript=transcript, order=order, speaker=speaker, role=role,
            start=start, end=end, original_start=start, original_end=end,
        )  # fmt: skip
    return transcript


def code_words(transcript: Transcript, code: Code, by: User, words: str, occurrence: int = 0) -> None:
    """Code the `occurrence`-th appearance of `words` in the transcript."""
    start = -1
    for _ in range(occurrence + 1):
        start = transcript.text.index(words, start + 1)
    coding_create(transcript=transcript, code=code, by=by, start=start, end=start + len(words))


def retrieval_world() -> RetrievalWorld:
    project = ProjectFactory()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD).user
    researcher = MembershipFactory(project=project, role=ProjectRole.RESEARCHER).user
    observer = MembershipFactory(project=project, role=ProjectRole.OBSERVER).user
    food_org = OrganisationFactory(
        project=project, sector=Sector.VCFSE, subsector=Subsector.FAITH, ward="Brookvale"
    )
    clinic = OrganisationFactory(
        project=project, sector=Sector.PUBLIC_SECTOR, subsector=Subsector.NHS, ward="Northfield"
    )
    food_bank = _transcript(
        project, StakeholderFactory(project=project, organisation=food_org, code="P01"), FOOD_BANK
    )
    nhs = _transcript(project, StakeholderFactory(project=project, organisation=clinic, code="P02"), NHS)
    unfinished = _transcript(
        project, StakeholderFactory(project=project, organisation=None, code="P03"), UNFINISHED, done=False
    )
    trust = code_create(project=project, by=lead, name="Trust", level="cultural")
    informal = code_create(project=project, by=lead, name="Informal trust", parent=trust)
    funding = code_create(project=project, by=lead, name="Funding", level="strategic")
    code_words(food_bank, trust, lead, "We trust the Café Rosa volunteers")
    code_words(food_bank, funding, researcher, "Funding is short every year")
    code_words(food_bank, trust, researcher, "trust takes years to build")
    code_words(nhs, informal, lead, "informal trust with the mosque")
    code_words(nhs, funding, lead, "Our funding comes from the trust board")
    code_words(unfinished, funding, lead, "Funding was cut")
    return RetrievalWorld(
        project, lead, researcher, observer, trust, informal, funding, food_bank, nhs, unfinished
    )
