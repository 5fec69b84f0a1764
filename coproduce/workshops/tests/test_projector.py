"""The projector's page and the facilitator's choice of what it shows: who may choose, the audit row, the
live message, bad input, the board laid out to fit one screen, and the fragment rendered once per change
for every screen."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import ActivityKind, ActivityState, ProjectorShows, ResultSnapshot, Workshop
from coproduce.workshops.selectors.projector import board_layout
from coproduce.workshops.services.contributions import statement_vote
from coproduce.workshops.services.projector import opinion_map_refresh, workshop_projector_set

from .factories import ActivityFactory, CardFactory, ParticipantFactory, StatementFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _url(workshop: Workshop, name: str = "workshops:projector_shows") -> str:
    return reverse(name, kwargs={"project_id": workshop.project.public_id, "workshop_id": workshop.public_id})


def _member(workshop: Workshop, role: ProjectRole):
    return MembershipFactory(project=workshop.project, role=role).user


def test_a_facilitator_chooses_what_the_projector_shows(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr("coproduce.workshops.broadcast._send", lambda group, message: sent.append(message))
    workshop = WorkshopFactory()
    client.force_login(_member(workshop, ProjectRole.LEAD))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(workshop), {"shows": "participation"})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.projector_shows == ProjectorShows.PARTICIPATION
    row = AuditEvent.objects.get(action="workshops.workshop.projector_set")
    assert row.changes == {"projector_shows": ["activity", "participation"]}
    assert {"event": "projector.shows", "shows": "participation"} in sent


def test_someone_who_may_not_facilitate_cannot_choose(client):
    workshop = WorkshopFactory()
    client.force_login(_member(workshop, ProjectRole.OBSERVER))
    response = client.post(_url(workshop), {"shows": "join"})
    assert response.status_code == 403
    workshop.refresh_from_db()
    assert workshop.projector_shows == ProjectorShows.ACTIVITY
    assert not AuditEvent.objects.filter(action="workshops.workshop.projector_set").exists()


def test_a_choice_that_does_not_exist_changes_nothing(client):
    workshop = WorkshopFactory()
    client.force_login(_member(workshop, ProjectRole.LEAD))
    response = client.post(_url(workshop), {"shows": "cat-videos"}, follow=True)
    assert "Choose what the projector shows" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.projector_shows == ProjectorShows.ACTIVITY
    with pytest.raises(ValidationError):
        workshop_projector_set(workshop=workshop, by=_member(workshop, ProjectRole.LEAD), shows="cat-videos")


def test_the_projector_shows_the_choice(client):
    workshop = WorkshopFactory(projector_shows=ProjectorShows.PARTICIPATION)
    client.force_login(_member(workshop, ProjectRole.LEAD))
    page = client.get(_url(workshop, "workshops:projector")).content.decode()
    assert "Who is here, by sector" in page
    assert "govuk-header" not in page and "govuk-footer" not in page
    workshop.projector_shows = ProjectorShows.JOIN
    workshop.save()
    fragment = client.get(
        _url(workshop, "workshops:projector_partial"), headers={"X-Requested-With": "fetch"}
    )
    assert "and enter the code" in fragment.content.decode()


def test_the_facilitators_page_offers_the_choice(client):
    workshop = WorkshopFactory()
    client.force_login(_member(workshop, ProjectRole.LEAD))
    page = client.get(_url(workshop, "workshops:facilitate")).content.decode()
    assert _url(workshop) in page
    assert 'target="_blank"' in page  # the projector opens in a window of its own, for a second screen


@pytest.mark.parametrize(
    ("counts", "rows", "tracks"), [([34, 33, 33], 11, 10), ([5, 0, 2], 3, 4), ([100], 10, 10)]
)
def test_the_board_is_laid_out_to_fit_one_screen(counts, rows, tracks):
    board = ActivityFactory(columns=["A", "B", "C"][: len(counts)])
    for column, n in zip(["A", "B", "C"], counts, strict=False):
        for _ in range(n):
            CardFactory(activity=board, column=column)
    layout = board_layout(activity=board)
    assert (layout.rows, layout.tracks, layout.n_shown) == (rows, tracks, sum(counts))
    assert all(group.span * layout.rows >= len(group.cards) for group in layout.groups)


def test_the_open_map_is_asked_for_only_when_votes_changed(django_capture_on_commit_callbacks, monkeypatch):
    queued = []
    monkeypatch.setattr("coproduce.workshops.services.projector._enqueue", lambda a: lambda: queued.append(a))
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    StatementFactory(activity=activity)
    with django_capture_on_commit_callbacks(execute=True):
        opinion_map_refresh(activity=activity)
        opinion_map_refresh(activity=activity)  # asked for a moment ago: not again
    assert len(queued) == 1
    row = ResultSnapshot.objects.get(activity=activity)
    row.requested_at, row.inputs_read_at, row.payload, row.n_votes = None, row.updated_at, {}, 0
    row.save()
    with django_capture_on_commit_callbacks(execute=True):
        opinion_map_refresh(activity=activity)  # the stored map is of these votes: nothing to do
    assert len(queued) == 1


def test_the_fragment_is_rendered_once_per_change_for_every_screen(
    client, django_capture_on_commit_callbacks
):
    # given an open statements activity on the projector, watched by two of the team's screens
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    statement = StatementFactory(activity=activity)
    workshop = activity.workshop
    url = _url(workshop, "workshops:projector_partial")
    screens = [Client(), Client()]
    for screen in screens:
        screen.force_login(_member(workshop, ProjectRole.LEAD))

    def fetch(screen: Client) -> tuple[str, int]:
        """The words the fragment shows, and how many queries read the votes to render it."""
        with CaptureQueriesContext(connection) as queries:
            response = screen.get(url, headers={"X-Requested-With": "fetch"})
        assert response.status_code == 200
        read = sum("workshops_statementvote" in query["sql"] for query in queries.captured_queries)
        return re.sub(r"<[^>]+>", "", response.content.decode()), read

    # when both fetch the fragment, then it is rendered for the first and served as it is to the second
    first, read = fetch(screens[0])
    assert "0 votes on 1 statement" in first and read > 0
    assert fetch(screens[1]) == (first, 0)

    # when a vote comes in, its tally telling the screens, then the next fetch renders it, once for both
    with django_capture_on_commit_callbacks(execute=True):
        statement_vote(statement=statement, participant=ParticipantFactory(workshop=workshop), value=1)
    second, read = fetch(screens[1])
    assert "1 vote on 1 statement" in second and read > 0
    assert fetch(screens[0]) == (second, 0)

    # and someone who may not facilitate gets no fragment, rendered or kept
    outsider = Client()
    outsider.force_login(_member(workshop, ProjectRole.OBSERVER))
    assert outsider.get(url, headers={"X-Requested-With": "fetch"}).status_code in {403, 404}
