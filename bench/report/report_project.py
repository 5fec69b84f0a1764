"""A large fictional project for the report benchmark, made with bulk inserts (fast) and the services."""

import random
from dataclasses import dataclass

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.accounts.tests.factories import UserFactory
from coproduce.analysis.models import Code, Coding, PriorityCandidate, Quote, Theme
from coproduce.analysis.services.priorities import priority_decision_record
from coproduce.consent.models import ConsentEvent, ConsentKind, ConsentMethod, ConsentScope
from coproduce.evidence.models import Decision, Reference, ScreeningDecision, ScreeningStage
from coproduce.frameworks.models import Element, EvidenceLink, Framework
from coproduce.interviews.models import Interview, Transcript
from coproduce.people.models import Organisation, Stakeholder
from coproduce.people.sectors import Sector
from coproduce.projects.models import Membership, Project
from coproduce.projects.permissions import ProjectRole
from coproduce.recommendations.models import Recommendation
from coproduce.workshops.models import (
    Activity,
    Card,
    Cluster,
    DotVote,
    Participant,
    ParticipantSector,
    Statement,
    StatementVote,
    Workshop,
    WorkshopSeries,
)
from coproduce.workshops.services.snapshots import result_snapshot_compute

WORDS = [
    "trust",
    "council",
    "funding",
    "youth",
    "families",
    "referral",
    "volunteers",
    "faith",
    "grants",
    "housing",
    "hubs",
    "data",
]
rng = random.Random(3)


@dataclass
class Built:
    project: Project
    lead: User
    framework: Framework
    summary: str


def _text(n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _references(project: Project, lead: User) -> None:
    refs = Reference.objects.bulk_create(
        Reference(
            project=project,
            title=f"{_text(8)} {i}",
            title_key=f"k{i}",
            abstract=_text(60),
            year=2010 + i % 15,
            authors=[f"Author{i}, A"],
        )
        for i in range(10_000)
    )
    ScreeningDecision.objects.bulk_create(
        ScreeningDecision(
            reference=r,
            stage=ScreeningStage.TITLE_ABSTRACT,
            screened_by=lead,
            decision=Decision.INCLUDE if i < 3000 else Decision.EXCLUDE,
        )
        for i, r in enumerate(refs)
    )


def _interviews(project: Project, lead: User) -> list[Code]:
    sectors = list(Sector.values)
    orgs = Organisation.objects.bulk_create(
        Organisation(project=project, name=f"Org {i}", sector=sectors[i % 6]) for i in range(30)
    )
    people = Stakeholder.objects.bulk_create(
        Stakeholder(project=project, code=f"P{i:03}", full_name=f"Person {i}", organisation=orgs[i % 30])
        for i in range(100)
    )
    ConsentEvent.objects.bulk_create(
        ConsentEvent(
            stakeholder=p, scope=s, kind=ConsentKind.GIVEN, method=ConsentMethod.PAPER, recorded_by=lead
        )
        for p in people
        for s in (ConsentScope.INTERVIEW, ConsentScope.ANONYMISED_QUOTES)
    )
    interviews = Interview.objects.bulk_create(
        Interview(project=project, stakeholder=p, scheduled_for=timezone.now(), status="done") for p in people
    )
    text = _text(3000)
    transcripts = Transcript.objects.bulk_create(
        Transcript(interview=i, filename="t.txt", format="txt", text=text, redaction_done_at=timezone.now())
        for i in interviews
    )
    codes = Code.objects.bulk_create(
        Code(project=project, name=f"Code {i}", level=["cultural", "tactical", "strategic"][i % 3])
        for i in range(50)
    )
    Coding.objects.bulk_create(
        Coding(
            transcript=transcripts[i % 100],
            code=codes[i % 50],
            start=(i // 100) * 60,
            end=(i // 100) * 60 + 40,
            snippet=_text(8),
            coder=lead,
        )
        for i in range(20_000)
    )
    return codes


def _themes_and_areas(project: Project, lead: User, codes: list[Code]) -> list[Theme]:
    themes = [
        Theme.objects.create(project=project, name=f"Theme {i}", narrative=_text(80), order=i)
        for i in range(10)
    ]
    for i, theme in enumerate(themes):
        theme.codes.set(codes[i * 5 : i * 5 + 5])
        codings = Coding.objects.filter(code__in=codes[i * 5 : i * 5 + 5])[:6]
        Quote.objects.bulk_create(Quote(theme=theme, coding=c, for_outputs=True) for c in codings)
    areas = [
        PriorityCandidate.objects.create(project=project, title=f"Area {i}", description=_text(40))
        for i in range(2)
    ]
    for i, area in enumerate(areas):
        area.themes.set(themes[i * 5 : i * 5 + 5])
    priority_decision_record(project=project, by=lead, chosen=areas, rationale="Most need")
    return themes


def _workshops(project: Project) -> tuple[list[Card], list[Statement]]:
    series = WorkshopSeries.objects.create(project=project, title="Series")
    cards: list[Card] = []
    statements: list[Statement] = []
    for w in range(5):
        workshop = Workshop.objects.create(
            project=project, series=series, title=f"Workshop {w}", starts_at=timezone.now(), status="ended"
        )
        board = Activity.objects.create(workshop=workshop, kind="idea_board", title="Ideas")
        talk = Activity.objects.create(
            workshop=workshop, kind="statements", title="Statements", state="revealed"
        )
        vote = Activity.objects.create(
            workshop=workshop, kind="dot_vote", title="Dots", source=board, state="revealed", dots=3
        )
        people = Participant.objects.bulk_create(
            Participant(workshop=workshop, number=n, sector=ParticipantSector.values[n % 8])
            for n in range(40)
        )
        clusters = Cluster.objects.bulk_create(
            Cluster(activity=board, title=f"Cluster {c}") for c in range(10)
        )
        cards += Card.objects.bulk_create(
            Card(
                activity=board,
                participant=people[i % 40],
                column="Cultural",
                text=_text(12),
                cluster=clusters[i % 10],
            )
            for i in range(400)
        )
        made = Statement.objects.bulk_create(
            Statement(activity=talk, number=n, text=_text(10)) for n in range(20)
        )
        StatementVote.objects.bulk_create(
            StatementVote(statement=s, participant=p, value=rng.choice((-1, 0, 1)))
            for s in made
            for p in people
        )
        statements += made
        result_snapshot_compute(activity=talk)  # the stored result the report reads, as the task stores it
        DotVote.objects.bulk_create(
            DotVote(
                activity=vote, participant=p, card=cards[-400 + (7 * n + 13 * k) % 400], slot=k, allowance=3
            )
            for n, p in enumerate(people)
            for k in (1, 2, 3)
        )
    return cards, statements


def _frameworks(
    project: Project, lead: User, themes: list[Theme], cards: list[Card], statements: list[Statement]
) -> Framework:
    refs = list(Reference.objects.filter(project=project)[:200])
    first = None
    for f in range(2):
        framework = Framework.objects.create(project=project, title=f"Framework {f}", summary=_text(60))
        first = first or framework
        for e in range(15):
            element = Element.objects.create(
                framework=framework,
                level=["cultural", "tactical", "strategic"][e % 3],
                title=f"Element {f}.{e}",
                narrative=_text(60),
                sectors=list(Sector.values)[: e % 6],
                order=e,
            )
            EvidenceLink.objects.bulk_create(
                [
                    EvidenceLink(element=element, kind="reference", reference=refs[(f * 15 + e) % 200]),
                    EvidenceLink(element=element, kind="theme", theme=themes[e % 10]),
                    EvidenceLink(element=element, kind="card", card=cards[e * 7]),
                    EvidenceLink(element=element, kind="statement", statement=statements[e]),
                    EvidenceLink(element=element, kind="cluster", cluster=cards[e * 11].cluster),
                ]
            )
    assert first is not None
    Recommendation.objects.bulk_create(
        Recommendation(
            project=project,
            number=n + 1,
            action=f"Recommendation {n}: {_text(10)}",
            rationale=_text(50),
            measure=_text(12),
        )
        for n in range(40)
    )
    return first


def build_project() -> Built:
    lead = UserFactory()
    project = Project.objects.create(title="Benchmark project")
    Membership.objects.create(project=project, user=lead, role=ProjectRole.LEAD)
    _references(project, lead)
    codes = _interviews(project, lead)
    themes = _themes_and_areas(project, lead, codes)
    cards, statements = _workshops(project)
    framework = _frameworks(project, lead, themes, cards, statements)
    summary = (
        "10,000 records (3,000 included), 100 transcripts, 20,000 codings, 2,000 cards, 40 recommendations"
    )
    return Built(project, lead, framework, summary)
