"""A person with something in every part of coproduce that holds personal data, for the registry tests.

Every piece of text the person said or wrote carries their `marker`, so a test can tell whose data it sees.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.analysis.models import (
    Code,
    Coding,
    Memo,
    PriorityCandidate,
    PriorityRank,
    PriorityRankingInvite,
    Quote,
    Theme,
)
from coproduce.consent.models import ConsentScope
from coproduce.consent.services import consent_record, personal_link_create
from coproduce.consent.tests.factories import ConsentFormFactory
from coproduce.interviews.models import Interview, Redaction, RedactionStatus, Transcript, TranscriptTurn
from coproduce.jobs.email import email_queue
from coproduce.jobs.tests.mail_servers import flaky_server
from coproduce.people import services as people_services
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need
from coproduce.recommendations.models import Endorsement, EndorsementInvite, EndorsementRound, Recommendation
from coproduce.workshops.models import (
    ActivityKind,
    DotVote,
    Invitation,
    InvitationReply,
    PairwiseOption,
    PairwiseVote,
    StatementVote,
)
from coproduce.workshops.tests.factories import (
    ActivityFactory,
    CardFactory,
    ParticipantFactory,
    StatementFactory,
    WorkshopFactory,
)


@dataclass(frozen=True)
class Words:
    """What one person said or wrote, each piece tagged with their marker."""

    marker: str

    def __getattr__(self, name: str) -> str:
        return f"{self.marker} {name.replace('_', ' ')} <b>bold</b> & “quoted”"


def person_with_everything(*, project: Project, lead: User, name: str, marker: str) -> Stakeholder:
    """A person in the register with consent, an interview, its analysis, workshops and endorsements."""
    words = Words(marker)
    person = people_services.stakeholder_create(
        project=project, by=lead, full_name=name, email=f"{marker.lower()}@example.org", notes=words.notes
    )
    form = ConsentFormFactory(project=project)
    consent_record(
        stakeholder=person,
        form=form,
        scopes=[ConsentScope.INTERVIEW, ConsentScope.WORKSHOPS],
        kind="given",
        method="paper",
        by=lead,
        note=words.consent_note,
    )
    personal_link_create(stakeholder=person, form=form, by=lead)
    _interview(project, person, words)
    _workshops(project, person, words)
    _endorsement(project, person, words)
    _email_not_delivered(project, person, lead, words)
    return person


def _interview(project: Project, person: Stakeholder, words: Words) -> None:
    interview = Interview.objects.create(
        project=project,
        stakeholder=person,
        scheduled_for=timezone.now(),
        status="done",
        notes=words.notes_on_interview,
    )
    said = words.transcript_text
    transcript = Transcript.objects.create(
        interview=interview, filename="interview.txt", format="text", original_text=said, text=said
    )
    TranscriptTurn.objects.create(
        transcript=transcript,
        order=0,
        speaker=person.code,
        start=0,
        end=len(said),
        original_start=0,
        original_end=len(said),
    )
    Redaction.objects.create(
        transcript=transcript,
        start=0,
        end=4,
        original=words.marker,
        replacement=f"[{person.code}]",
        kind="name",
        status=RedactionStatus.ACCEPTED,
    )
    code, _ = Code.objects.get_or_create(project=project, name="Trust between services")
    coding = Coding.objects.create(transcript=transcript, code=code, start=0, end=len(said), snippet=said)
    theme, _ = Theme.objects.get_or_create(project=project, name="Working together")
    Quote.objects.create(theme=theme, coding=coding, for_outputs=True)
    Memo.objects.create(project=project, transcript=transcript, title="First reading", text=words.memo)
    candidate, _ = PriorityCandidate.objects.get_or_create(project=project, title="Early help for families")
    invite = PriorityRankingInvite.objects.create(
        project=project, stakeholder=person, responded_at=timezone.now()
    )
    PriorityRank.objects.create(invite=invite, candidate=candidate, rank=1)


def _workshops(project: Project, person: Stakeholder, words: Words) -> None:
    workshop = WorkshopFactory(series__project=project, title=f"Workshop with {words.marker}")
    Invitation.objects.create(
        workshop=workshop, stakeholder=person, reply=InvitationReply.YES, reply_note=words.reply_note
    )
    participant = ParticipantFactory(workshop=workshop, stakeholder=person, display_name=words.marker)
    board = ActivityFactory(workshop=workshop)
    card = CardFactory(activity=board, participant=participant, text=words.card)
    statements = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS)
    statement = StatementFactory(activity=statements, author=participant, text=words.statement, is_seed=False)
    StatementVote.objects.create(statement=statement, participant=participant, value=1)
    dots = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board)
    DotVote.objects.create(activity=dots, participant=participant, card=card, slot=1, allowance=3)
    pairwise = ActivityFactory(workshop=workshop, kind=ActivityKind.PAIRWISE)
    winner = PairwiseOption.objects.create(activity=pairwise, text=words.option_chosen)
    loser = PairwiseOption.objects.create(activity=pairwise, text=words.option_passed_over)
    PairwiseVote.objects.create(activity=pairwise, participant=participant, winner=winner, loser=loser)


def _endorsement(project: Project, person: Stakeholder, words: Words) -> None:
    number = Recommendation.objects.filter(project=project).count() + 1
    recommendation = Recommendation.objects.create(
        project=project, number=number, action="Share one referral form"
    )
    round_ = EndorsementRound.objects.create(
        project=project, title="Spring round", closes_at=timezone.now() + dt.timedelta(days=7)
    )
    invite = EndorsementInvite.objects.create(round=round_, stakeholder=person, responded_at=timezone.now())
    Endorsement.objects.create(
        invite=invite, recommendation=recommendation, version=1, position="changes", comment=words.comment
    )


def _email_not_delivered(project: Project, person: Stakeholder, lead: User, words: Words) -> None:
    """An email to the person that the mail server could not take, kept to be tried again."""
    with flaky_server(down_for=3):
        email_queue(
            to=person.email,
            subject=f"{project.title}: news for {words.marker}",
            body=f"Dear {person.full_name}, {words.email_text}",
            project=project,
            need=Need.MANAGE_PEOPLE,
            by=lead,
            stakeholder_id=person.pk,
        )
