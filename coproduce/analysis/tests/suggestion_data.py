"""A small fictional project for suggestion tests: four transcripts about housing, buses and loneliness."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.models import Code
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.interviews.models import Interview, Transcript, TranscriptTurn
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

QUESTION = "What matters most to people round here?"
ANSWERS = {
    "P11": [
        "The damp in the flats on Alder Row is terrible and the landlord never fixes the repairs.",
        "The number 12 bus stops at six in the evening, so nobody can get to the late shift at the depot.",
        "Older tenants tell me they feel alone since the day centre closed and they miss their friends.",
    ],
    "P12": [
        "Our landlord puts the rent up every year but the mould and damp repairs are left for months.",
        "People in the villages wait an hour for a bus because the route was cut and the timetable changed.",
    ],
    "P13": [
        "Since my husband died I am isolated and lonely, and I rarely see my friends any more.",
        "Families are moved into temporary flats with broken boilers and damp bedrooms by the landlord.",
    ],
    "P14": [
        "Young carers feel lonely and alone, cut off from friends at school.",
        "The bus timetable is useless after dark and the last route home leaves far too early.",
        "Some weeks we skip meals and rely on the food bank at the church hall.",
    ],
}


@dataclass
class SuggestionWorld:
    project: Any
    lead: User
    researcher: User
    observer: User
    housing: Code
    transport: Code
    loneliness: Code
    unused: Code
    transcripts: dict[str, Transcript]


def _transcript(project: Any, code: str, answers: list[str], *, done: bool = True) -> Transcript:
    organisation = OrganisationFactory(project=project, sector=Sector.VCFSE)
    person = StakeholderFactory(project=project, organisation=organisation, code=code)
    interview = Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )
    parts: list[tuple[str, str]] = []
    for answer in answers:
        parts += [("interviewer", QUESTION), ("participant", answer)]
    text = "\n\n".join(words for _, words in parts)
    transcript = Transcript.objects.create(
        interview=interview, filename=f"{code}.txt", format="txt", original_text=text, text=text,
        redaction_done_at=timezone.now() if done else None,
    )  # fmt: skip
    at = 0
    for order, (role, words) in enumerate(parts, start=1):
        TranscriptTurn.objects.create(
            transcript=transcript, order=order, speaker=code if role == "participant" else "Interviewer",
            role=role, start=at, end=at + len(words), original_start=at, original_end=at + len(words),
        )  # fmt: skip
        at += len(words) + 2
    return transcript


def code_sentence(transcript: Transcript, code: Code, by: User, words: str) -> None:
    start = transcript.text.index(words)
    coding_create(transcript=transcript, code=code, by=by, start=start, end=start + len(words))


def suggestion_world() -> SuggestionWorld:
    project = ProjectFactory()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD).user
    researcher = MembershipFactory(project=project, role=ProjectRole.RESEARCHER).user
    observer = MembershipFactory(project=project, role=ProjectRole.OBSERVER).user
    transcripts = {code: _transcript(project, code, answers) for code, answers in ANSWERS.items()}
    housing = code_create(project=project, by=lead, name="Housing conditions")
    transport = code_create(project=project, by=lead, name="Public transport")
    loneliness = code_create(project=project, by=lead, name="Loneliness")
    unused = code_create(
        project=project, by=lead, name="Food poverty",
        definition="Going without meals, food banks and the cost of groceries.",
    )  # fmt: skip
    p11 = transcripts["P11"]
    code_sentence(p11, housing, lead, ANSWERS["P11"][0])
    code_sentence(p11, transport, lead, ANSWERS["P11"][1])
    code_sentence(p11, loneliness, lead, ANSWERS["P11"][2])
    code_sentence(transcripts["P12"], housing, researcher, ANSWERS["P12"][0])
    return SuggestionWorld(
        project, lead, researcher, observer, housing, transport, loneliness, unused, transcripts
    )
