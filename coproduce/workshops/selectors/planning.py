"""Reads for planning: series, workshops with counts, the agenda, priority areas, people to invite."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from coproduce.accounts.models import User
from coproduce.analysis.models import PriorityCandidate
from coproduce.analysis.selectors.priorities import interested_people, priority_decision_latest
from coproduce.consent.models import ConsentEvent, ConsentScope
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project
from coproduce.projects.permissions import ProjectRole

from ..models import (
    Activity,
    ActivityKind,
    ActivityState,
    Invitation,
    InvitationReply,
    Participant,
    StatementVote,
    Workshop,
    WorkshopSeries,
    WorkshopStatus,
)

FACILITATOR_ROLES = (ProjectRole.LEAD, ProjectRole.RESEARCHER, ProjectRole.FACILITATOR)


def series_rows(*, project: Project) -> QuerySet[WorkshopSeries]:
    """The project's series with how many workshops each has."""
    return (
        WorkshopSeries.objects.filter(project=project)
        .select_related("area")
        .annotate(workshop_count=Count("workshops"))
        .order_by("created_at", "id")
    )


def workshop_rows(*, series: WorkshopSeries) -> QuerySet[Workshop]:
    """The series' workshops in date order, with counts of invitations, replies and attendance."""
    replied = ~Q(invitations__reply=InvitationReply.NONE)
    return (
        Workshop.objects.filter(series=series)
        .annotate(
            invited=Count("invitations", distinct=True),
            replied=Count("invitations", filter=replied, distinct=True),
            coming=Count("invitations", filter=Q(invitations__reply=InvitationReply.YES), distinct=True),
            attended=Count("invitations", filter=Q(invitations__attended=True), distinct=True),
        )
        .order_by("starts_at", "id")
    )


def area_choices(*, project: Project) -> tuple[list[PriorityCandidate], list[PriorityCandidate]]:
    """The areas chosen in the latest priority decision, then every other candidate area."""
    decision = priority_decision_latest(project=project)
    chosen = list(decision.chosen.order_by("title")) if decision else []
    others = list(PriorityCandidate.objects.filter(project=project).exclude(pk__in=[c.pk for c in chosen]))
    return chosen, others


def facilitator_choices(*, project: Project) -> QuerySet[User]:
    """Team members who may facilitate: leads, researchers and facilitators."""
    return User.objects.filter(
        memberships__project=project, memberships__role__in=FACILITATOR_ROLES
    ).order_by("full_name", "email")


def contribution_count(activity: Activity) -> int:
    """How many things people have contributed to the activity (cards, dots, statements and votes)."""
    if activity.kind == ActivityKind.IDEA_BOARD:
        return activity.cards.count()
    if activity.kind == ActivityKind.DOT_VOTE:
        return activity.dot_votes.count()
    if activity.kind == ActivityKind.PAIRWISE:
        return activity.pairwise_votes.count()
    own = activity.statements.filter(is_seed=False).count()
    return own + StatementVote.objects.filter(statement__activity=activity).count()


def activity_in_use(activity: Activity) -> bool:
    return activity.state != ActivityState.DRAFT or contribution_count(activity) > 0


def activity_delete_refusal(activity: Activity) -> str:
    """Why the activity cannot be deleted, or "" when it can."""
    if activity.state != ActivityState.DRAFT:
        return "This activity has been opened, so it cannot be deleted."
    if contribution_count(activity):
        return "People have contributed to this activity, so it cannot be deleted."
    users = Activity.objects.filter(source=activity).exclude(pk=activity.pk).first()
    if users is not None:
        return f"“{users.title}” takes its ideas from this board: change or delete it first."
    return ""


@dataclass(frozen=True)
class AgendaItem:
    activity: Activity
    contributions: int
    delete_refusal: str


def agenda(*, workshop: Workshop) -> list[AgendaItem]:
    activities = Activity.objects.filter(workshop=workshop).select_related("source").order_by("order", "id")
    return [AgendaItem(a, contribution_count(a), activity_delete_refusal(a)) for a in activities]


def idea_boards(*, workshop: Workshop) -> QuerySet[Activity]:
    return Activity.objects.filter(workshop=workshop, kind="idea_board").order_by("order", "id")


@dataclass(frozen=True)
class InviteRow:
    stakeholder: Stakeholder
    interested: bool
    consent: str  # "given", "refused", "withdrawn" or "none"
    invited: bool


def workshop_consent_kinds(*, project: Project) -> dict[int, str]:
    """Each person's latest consent event kind for taking part in workshops (absent: nothing recorded)."""
    events = ConsentEvent.objects.filter(stakeholder__project=project, scope=ConsentScope.WORKSHOPS).order_by(
        "created_at", "id"
    )
    return dict(events.values_list("stakeholder_id", "kind"))  # the latest wins


def invite_rows(*, workshop: Workshop) -> list[InviteRow]:
    """People interested in the series' area first, then everyone else in the register, by code."""
    area = workshop.series.area
    interested = interested_people(candidate=area) if area is not None else []
    interested_ids = {p.pk for p in interested}
    others = (
        Stakeholder.objects.filter(project_id=workshop.project_id)
        .exclude(pk__in=interested_ids)
        .select_related("organisation")
        .order_by("code")
    )
    kinds = workshop_consent_kinds(project=workshop.project)
    invited = set(Invitation.objects.filter(workshop=workshop).values_list("stakeholder_id", flat=True))
    return [
        InviteRow(p, p.pk in interested_ids, kinds.get(p.pk, "none"), p.pk in invited)
        for p in [*interested, *others]
    ]


def invitation_rows(*, workshop: Workshop) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(workshop=workshop)
        .select_related("stakeholder__organisation")
        .order_by("stakeholder__code")
    )


@dataclass(frozen=True)
class WorkshopSummary:
    """For the project dashboard: workshops held and planned, and the next one."""

    held: int
    planned: int
    next: Workshop | None


def workshop_summary(*, project: Project) -> WorkshopSummary:
    workshops = Workshop.objects.filter(project=project)
    upcoming = workshops.exclude(status=WorkshopStatus.ENDED).order_by("starts_at")
    return WorkshopSummary(
        held=workshops.filter(status=WorkshopStatus.ENDED).count(),
        planned=upcoming.count(),
        next=upcoming.first(),
    )


def workshops_attended(*, project: Project) -> dict[int, list[Workshop]]:
    """Per person of the register (by stakeholder id), the project's workshops they came to, by date: marked
    as attended on the invitation list, or joined in the room as themselves."""
    marked = Invitation.objects.filter(workshop__project=project, attended=True)
    joined = Participant.objects.filter(workshop__project=project, stakeholder__isnull=False)
    pairs = {*marked.values_list("stakeholder_id", "workshop_id")}
    pairs |= {(person, workshop) for person, workshop in joined.values_list("stakeholder_id", "workshop_id")}
    people: dict[int, list[int]] = {}
    for person, workshop_id in pairs:
        people.setdefault(workshop_id, []).append(person)
    attended: dict[int, list[Workshop]] = {}
    for workshop in Workshop.objects.filter(pk__in=people).order_by("starts_at", "id"):
        for person in people[workshop.pk]:
            attended.setdefault(person, []).append(workshop)
    return attended
