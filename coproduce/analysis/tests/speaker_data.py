"""A fictional group interview for tests of quotes and counts by speaker: P07 (a food bank, the person
interviewed), P08 (a clinic) from the register, the interviewer, and a caretaker not in the register."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.models import Code, Coding
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.interviews.models import Interview, Transcript
from coproduce.interviews.services.transcripts import transcript_import
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory

GROUP = """Interviewer: Thanks for coming, both of you. How do your teams work together?

Ffion Quillfeather: We run the food bank and the council's early help team sends families to us.

Dr Olu Adeyemi: From the clinic side, we refer people to the food bank every week.

Caretaker: Sorry, I just need to lock the side door.
"""


@dataclass
class Group:
    transcript: Transcript
    interviewee: Any
    colleague: Any
    code: Code


def consent_set(person: Any, by: User, scope: str, kind: str = ConsentKind.GIVEN) -> None:
    consent_record(
        stakeholder=person, form=None, scopes=[scope], kind=kind, method=ConsentMethod.PAPER, by=by
    )  # fmt: skip


def group_interview(project: Any, lead: User) -> Group:
    """The transcript imported (speakers as guessed at import) and marked pseudonymised, and one code."""
    food_bank = OrganisationFactory(project=project, sector=Sector.VCFSE)
    clinic = OrganisationFactory(project=project, sector=Sector.PUBLIC_SECTOR)
    interviewee = StakeholderFactory(
        project=project, code="P07", full_name="Ffion Quillfeather", organisation=food_bank
    )
    colleague = StakeholderFactory(project=project, code="P08", full_name="Olu Adeyemi", organisation=clinic)
    consent_set(interviewee, lead, ConsentScope.INTERVIEW)
    interview = Interview.objects.create(
        project=project, stakeholder=interviewee, scheduled_for=timezone.now()
    )
    transcript = transcript_import(interview=interview, by=lead, data=GROUP.encode(), filename="group.txt")
    transcript.redaction_done_at = timezone.now()
    transcript.save()
    return Group(transcript, interviewee, colleague, code_create(project=project, by=lead, name="Referrals"))


def code_group_words(group: Group, by: User, words: str) -> Coding:
    start = group.transcript.text.index(words)
    return coding_create(
        transcript=group.transcript, code=group.code, by=by, start=start, end=start + len(words)
    )
