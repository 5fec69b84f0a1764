"""Planning services: series, workshops and the agenda, with their refusals and audit rows."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.analysis.models import PriorityCandidate, PriorityDecision
from coproduce.core.models import AuditEvent
from coproduce.projects.permissions import ProjectRole
from coproduce.workshops.models import (
    ActivityKind,
    ActivityState,
    DotVote,
    PairwiseOption,
    Statement,
    StatementVote,
    VoteTarget,
    WorkshopStatus,
)
from coproduce.workshops.selectors.planning import agenda, area_choices, workshop_rows, workshop_summary
from coproduce.workshops.services.planning import (
    ActivitySettings,
    activity_create,
    activity_delete,
    activity_move,
    activity_update,
    series_create,
    series_update,
    workshop_create,
    workshop_delete,
    workshop_update,
)

from .factories import (
    ActivityFactory,
    CardFactory,
    ParticipantFactory,
    WorkshopFactory,
    WorkshopSeriesFactory,
)

pytestmark = pytest.mark.django_db


def _soon(days: int = 7, hours: int = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days, hours=hours)


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


@pytest.fixture
def planned(project):
    return WorkshopFactory(series__project=project, status=WorkshopStatus.PLANNED)


def test_series_create_and_update_write_audit_rows(project, lead):
    area = PriorityCandidate.objects.create(project=project, title="Early help for families")
    # when
    series = series_create(project=project, by=lead, title=" Early help together ", area=area)
    series_update(series=series, by=lead, title="Early help", description="Four workshops", area=None)
    # then
    series.refresh_from_db()
    assert (series.title, series.area) == ("Early help", None)
    assert _actions() == ["workshops.series.created", "workshops.series.updated"]


def test_series_create_refuses_a_duplicate_title_and_another_projects_area(project, lead):
    series_create(project=project, by=lead, title="Early help")
    other_area = PriorityCandidate.objects.create(project=WorkshopSeriesFactory().project, title="Other")
    with pytest.raises(ValidationError, match="already a series"):
        series_create(project=project, by=lead, title="Early help")
    with pytest.raises(ValidationError, match="priority area of this project"):
        series_create(project=project, by=lead, title="Youth", area=other_area)


def test_area_choices_offer_the_latest_decision_first(project, lead):
    early, youth, food = (
        PriorityCandidate.objects.create(project=project, title=t) for t in ("Early help", "Youth", "Food")
    )
    PriorityDecision.objects.create(project=project, rationale="First").chosen.set([food])
    PriorityDecision.objects.create(project=project, rationale="Second").chosen.set([youth])
    chosen, others = area_choices(project=project)
    assert chosen == [youth]
    assert set(others) == {early, food}


def test_workshop_create_with_facilitators_and_counts(project, lead, member):
    facilitator = member(ProjectRole.FACILITATOR)
    series = WorkshopSeriesFactory(project=project)
    workshop = workshop_create(
        series=series,
        by=lead,
        title="Workshop 1",
        starts_at=_soon(),
        ends_at=_soon(hours=2),
        online_link="https://meet.example.org/brookvale",
        facilitators=[facilitator, lead],
    )
    assert workshop.status == WorkshopStatus.PLANNED and len(workshop.join_code) == 6
    assert set(workshop.facilitators.all()) == {facilitator, lead}
    row = workshop_rows(series=series).get()
    assert (row.invited, row.replied, row.attended) == (0, 0, 0)  # type: ignore[attr-defined]
    assert _actions() == ["workshops.workshop.created"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"starts_at": timezone.now() - dt.timedelta(days=1)}, "in the future"),
        ({"ends_at": timezone.now() + dt.timedelta(days=6)}, "end after it starts"),
        ({"venue": ""}, "venue, an online meeting link"),
        ({"title": " "}, "Enter a title"),
    ],
)
def test_workshop_create_refuses_bad_times_and_no_place(project, lead, changes, message):
    values = {"title": "W", "starts_at": _soon(), "ends_at": _soon(hours=2), "venue": "Hall", **changes}
    with pytest.raises(ValidationError, match=message):
        workshop_create(series=WorkshopSeriesFactory(project=project), by=lead, **values)
    assert _actions() == []


def test_workshop_create_refuses_an_observer_as_facilitator(project, lead, member):
    observer = member(ProjectRole.OBSERVER)
    with pytest.raises(ValidationError, match="facilitators from the team"):
        workshop_create(
            series=WorkshopSeriesFactory(project=project),
            by=lead,
            title="W",
            starts_at=_soon(),
            venue="Hall",
            facilitators=[observer],
        )


def test_workshop_update_keeps_a_past_start_it_does_not_change(project, lead):
    past = WorkshopFactory(
        series__project=project, starts_at=timezone.now() - dt.timedelta(days=3), status=WorkshopStatus.ENDED
    )
    workshop_update(
        workshop=past,
        by=lead,
        title="Workshop 1 (Brookvale)",
        starts_at=past.starts_at,
        ends_at=None,
        venue="Hall",
        online_link="",
        facilitators=[lead],
    )
    assert AuditEvent.objects.get().changes == {"fields": ["title", "venue", "facilitators"]}
    with pytest.raises(ValidationError, match="new start must be in the future"):
        workshop_update(
            workshop=past,
            by=lead,
            title="W",
            starts_at=past.starts_at - dt.timedelta(days=1),
            ends_at=None,
            venue="Hall",
            online_link="",
            facilitators=[],
        )


def test_workshop_delete_only_when_nothing_is_recorded(project, lead, planned):
    ParticipantFactory(workshop=planned)
    with pytest.raises(ValidationError, match="joined"):
        workshop_delete(workshop=planned, by=lead)
    planned.participants.all().delete()
    workshop_delete(workshop=planned, by=lead)
    assert _actions() == ["workshops.workshop.deleted"]


def test_activity_create_idea_board_with_default_columns(planned, lead):
    board = activity_create(
        workshop=planned, by=lead, kind=ActivityKind.IDEA_BOARD, settings=ActivitySettings(title="Ideas")
    )
    assert board.columns == ["Cultural", "Tactical", "Strategic"]
    assert board.state == ActivityState.DRAFT and board.order == 0
    assert _actions() == ["workshops.activity.created"]


def test_activity_create_statements_numbers_the_seeds(planned, lead):
    settings = ActivitySettings(title="Where do we stand?", seed_statements=["A", "B", " ", "B", "C"])
    activity = activity_create(workshop=planned, by=lead, kind=ActivityKind.STATEMENTS, settings=settings)
    seeds = list(Statement.objects.filter(activity=activity).values_list("number", "text", "is_seed"))
    assert seeds == [(0, "A", True), (1, "B", True), (2, "C", True)]


def test_activity_create_dot_vote_needs_an_idea_board_of_this_workshop(planned, lead):
    other_board = ActivityFactory(state=ActivityState.DRAFT)
    with pytest.raises(ValidationError, match="idea board of this workshop"):
        activity_create(
            workshop=planned,
            by=lead,
            kind=ActivityKind.DOT_VOTE,
            settings=ActivitySettings(title="Vote", source=other_board),
        )
    with pytest.raises(ValidationError, match="between 1 and 20"):
        activity_create(
            workshop=planned,
            by=lead,
            kind=ActivityKind.DOT_VOTE,
            settings=ActivitySettings(title="V", dots=21),
        )


def test_activity_create_pairwise_typed_or_copied_from_clusters(planned, lead):
    with pytest.raises(ValidationError, match="at least two options"):
        activity_create(
            workshop=planned,
            by=lead,
            kind=ActivityKind.PAIRWISE,
            settings=ActivitySettings(title="P", options=["A"]),
        )
    board = ActivityFactory(workshop=planned, state=ActivityState.CLOSED)
    board.clusters.create(title="Shared front door")
    board.clusters.create(title="Pooled grants")
    copied = activity_create(
        workshop=planned,
        by=lead,
        kind=ActivityKind.PAIRWISE,
        settings=ActivitySettings(title="Which first?", source=board, options_from="clusters"),
    )
    texts = list(PairwiseOption.objects.filter(activity=copied).values_list("text", flat=True))
    assert texts == ["Shared front door", "Pooled grants"]


def test_activity_create_refused_once_the_workshop_ended(planned, lead):
    planned.status = WorkshopStatus.ENDED
    planned.save()
    with pytest.raises(ValidationError, match="ended"):
        activity_create(
            workshop=planned, by=lead, kind=ActivityKind.IDEA_BOARD, settings=ActivitySettings(title="Ideas")
        )


def test_activity_update_refuses_removing_a_column_with_cards(planned, lead):
    board = ActivityFactory(workshop=planned, columns=["Cultural", "Tactical"])
    CardFactory(activity=board, column="Tactical")
    with pytest.raises(ValidationError, match="“Tactical”: it has 1 card"):
        activity_update(
            activity=board, by=lead, settings=ActivitySettings(title="Ideas", columns=["Cultural"])
        )
    # adding a column is fine
    activity_update(
        activity=board,
        by=lead,
        settings=ActivitySettings(title="Ideas", columns=["Cultural", "Tactical", "New"]),
    )
    board.refresh_from_db()
    assert board.columns == ["Cultural", "Tactical", "New"]


def test_activity_update_refuses_fewer_dots_than_already_cast(planned, lead):
    board = ActivityFactory(workshop=planned, state=ActivityState.CLOSED)
    vote = ActivityFactory(workshop=planned, kind=ActivityKind.DOT_VOTE, source=board, dots=3)
    card = CardFactory(activity=board)
    person = ParticipantFactory(workshop=planned)
    for slot in (1, 2):
        DotVote.objects.create(activity=vote, participant=person, card=card, slot=slot, allowance=3)
    with pytest.raises(ValidationError, match="already placed 2 dots"):
        activity_update(activity=vote, by=lead, settings=ActivitySettings(title="Vote", dots=1, source=board))
    with pytest.raises(ValidationError, match="what people vote on cannot change"):
        activity_update(
            activity=vote,
            by=lead,
            settings=ActivitySettings(title="Vote", dots=2, source=board, vote_on=VoteTarget.CLUSTERS),
        )
    activity_update(activity=vote, by=lead, settings=ActivitySettings(title="Vote", dots=5, source=board))
    vote.refresh_from_db()
    assert vote.dots == 5


def test_activity_update_statements_in_use_adds_seeds_but_keeps_the_old(planned, lead):
    settings = ActivitySettings(title="Stand", seed_statements=["A", "B"])
    activity = activity_create(workshop=planned, by=lead, kind=ActivityKind.STATEMENTS, settings=settings)
    StatementVote.objects.create(
        statement=activity.statements.get(number=0), participant=ParticipantFactory(workshop=planned), value=1
    )
    with pytest.raises(ValidationError, match="cannot remove or change “A”"):
        activity_update(
            activity=activity, by=lead, settings=ActivitySettings(title="Stand", seed_statements=["B"])
        )
    activity_update(
        activity=activity, by=lead, settings=ActivitySettings(title="Stand", seed_statements=["A", "B", "C"])
    )
    assert list(activity.statements.values_list("number", "text")) == [(0, "A"), (1, "B"), (2, "C")]


def test_activity_move_and_delete_keep_the_order(planned, lead):
    first, _second, third = (
        activity_create(
            workshop=planned, by=lead, kind=ActivityKind.IDEA_BOARD, settings=ActivitySettings(title=t)
        )
        for t in ("One", "Two", "Three")
    )
    activity_move(activity=third, by=lead, direction="up")
    assert [i.activity.title for i in agenda(workshop=planned)] == ["One", "Three", "Two"]
    activity_delete(activity=first, by=lead)
    assert [(i.activity.title, i.activity.order) for i in agenda(workshop=planned)] == [
        ("Three", 0),
        ("Two", 1),
    ]
    assert _actions()[-2:] == ["workshops.activity.moved", "workshops.activity.deleted"]


def test_activity_delete_refuses_an_opened_activity_or_a_used_source(planned, lead):
    opened = ActivityFactory(workshop=planned, state=ActivityState.OPEN)
    with pytest.raises(ValidationError, match="opened"):
        activity_delete(activity=opened, by=lead)
    board = ActivityFactory(workshop=planned, state=ActivityState.DRAFT)
    ActivityFactory(workshop=planned, state=ActivityState.DRAFT, kind=ActivityKind.DOT_VOTE, source=board)
    with pytest.raises(ValidationError, match="takes its ideas from this board"):
        activity_delete(activity=board, by=lead)


def test_workshop_summary_counts_held_and_planned_for_the_dashboard(project, planned):
    WorkshopFactory(series=planned.series, status=WorkshopStatus.ENDED)
    later = WorkshopFactory(series=planned.series, status=WorkshopStatus.PLANNED, starts_at=_soon(days=30))
    summary = workshop_summary(project=project)
    assert (summary.held, summary.planned, summary.next) == (1, 2, planned)
    assert later != summary.next
