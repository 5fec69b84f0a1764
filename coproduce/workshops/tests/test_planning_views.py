"""Planning pages: forms and their errors, the workshop page, the agenda, invitations."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.analysis.models import PriorityCandidate, PriorityDecision
from coproduce.consent.models import ConsentScope
from coproduce.consent.tests.factories import ConsentEventFactory
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.workshops.models import (
    Activity,
    ActivityKind,
    ActivityState,
    Invitation,
    WorkshopSeries,
    WorkshopStatus,
)

from .factories import ActivityFactory, CardFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def _url(name, project, **kwargs):
    return reverse(f"workshops:{name}", kwargs={"project_id": project.public_id, **kwargs})


@pytest.fixture
def planned(project):
    return WorkshopFactory(series__project=project, status=WorkshopStatus.PLANNED)


def _when(days=10):
    start = timezone.localtime() + dt.timedelta(days=days)
    return start.strftime("%Y-%m-%dT10:00"), start.strftime("%Y-%m-%dT12:30")


def test_series_list_is_the_landing_page_with_the_nav_item(lead_client, project):
    WorkshopSeries.objects.create(project=project, title="Early help together")
    response = lead_client.get(_url("series_list", project))
    content = response.content.decode()
    assert response.status_code == 200 and "Early help together" in content
    assert (
        'aria-current="page"><strong class="govuk-service-navigation__active-fallback">Workshops' in content
    )


def test_series_create_offers_the_decision_first_and_saves(lead_client, project):
    chosen = PriorityCandidate.objects.create(project=project, title="Youth services")
    PriorityCandidate.objects.create(project=project, title="Adult social care")
    PriorityDecision.objects.create(project=project, rationale="Most voices").chosen.set([chosen])
    page = lead_client.get(_url("series_create", project)).content.decode()
    assert page.index("Chosen in the latest decision") < page.index("Other candidate areas")
    response = lead_client.post(_url("series_create", project), {"title": "Youth", "area": str(chosen.pk)})
    series = WorkshopSeries.objects.get()
    assert response.status_code == 302 and series.area == chosen


def test_series_create_without_a_title_shows_the_error(lead_client, project):
    response = lead_client.post(_url("series_create", project), {"title": ""})
    assert response.status_code == 400
    assert b"There is a problem" in response.content and b"Enter a title for the series" in response.content


def test_workshop_create_with_datetime_inputs(lead_client, project, planned):
    starts, ends = _when()
    page = lead_client.get(_url("workshop_create", project, series_id=planned.series.public_id))
    assert b'type="datetime-local"' in page.content
    response = lead_client.post(
        _url("workshop_create", project, series_id=planned.series.public_id),
        {"title": "Workshop 2", "starts_at": starts, "ends_at": ends, "online_link": "meet.example.org/x"},
    )
    assert response.status_code == 302
    workshop = planned.series.workshops.get(title="Workshop 2")
    assert workshop.online_link == "https://meet.example.org/x"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"venue": "", "online_link": ""}, b"Enter a venue, an online meeting link, or both"),
        (
            {"starts_at": "2020-01-01T10:00", "ends_at": "2020-01-01T12:00"},
            b"The start must be in the future",
        ),
        ({"starts_at": "31/02/2027"}, b"Enter a real date and time"),
    ],
)
def test_workshop_create_errors(lead_client, project, planned, data, message):
    starts, ends = _when()
    values = {"title": "W", "starts_at": starts, "ends_at": ends, "venue": "Hall", **data}
    response = lead_client.post(_url("workshop_create", project, series_id=planned.series.public_id), values)
    assert response.status_code == 400 and message in response.content


def test_workshop_detail_shows_agenda_join_code_and_guarded_live_links(client, member, project, planned):
    ActivityFactory(workshop=planned, title="What gets in the way?", state=ActivityState.DRAFT)
    client.force_login(member(ProjectRole.OBSERVER))
    response = client.get(planned.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert planned.join_code in content and "What gets in the way?" in content
    assert "Invite people" not in content and "Add an activity" not in content  # observers only look


def test_activity_create_asks_the_kind_then_saves_settings(lead_client, project, planned):
    url = _url("activity_create", project, workshop_id=planned.public_id)
    assert b"What kind of activity" in lead_client.get(url).content
    form = lead_client.get(url, {"kind": "statements"})
    assert b"Statements to start with" in form.content and b"Columns" not in form.content
    response = lead_client.post(
        f"{url}?kind=statements",
        {
            "title": "Where do we stand?",
            "seed_statements": "Pool small grants\nShare one form",
            "minutes": "20",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(workshop=planned)
    assert activity.kind == ActivityKind.STATEMENTS and activity.statements.count() == 2


def test_activity_update_refusal_is_shown_on_the_form(lead_client, project, planned):
    board = ActivityFactory(workshop=planned, columns=["Cultural", "Tactical"])
    CardFactory(activity=board, column="Tactical")
    url = _url("activity_update", project, workshop_id=planned.public_id, activity_id=board.public_id)
    assert b"This activity is in use" in lead_client.get(url).content
    response = lead_client.post(url, {"title": "Ideas", "columns": "Cultural", "max_length": "200"})
    assert response.status_code == 400
    assert "You cannot remove the column “Tactical”".encode() in response.content


def test_activity_move_and_delete_pages(lead_client, project, planned):
    first = ActivityFactory(workshop=planned, state=ActivityState.DRAFT, title="One", order=0)
    second = ActivityFactory(workshop=planned, state=ActivityState.DRAFT, title="Two", order=1)
    kwargs = {"workshop_id": planned.public_id, "activity_id": second.public_id}
    lead_client.post(_url("activity_move", project, **kwargs), {"direction": "up"})
    assert list(planned.activities.order_by("order").values_list("title", flat=True)) == ["Two", "One"]
    assert b"Delete" in lead_client.get(_url("activity_delete", project, **kwargs)).content
    lead_client.post(_url("activity_delete", project, **kwargs))
    assert list(planned.activities.all()) == [first]


def test_activity_delete_page_explains_a_refusal(lead_client, project, planned):
    opened = ActivityFactory(workshop=planned, state=ActivityState.OPEN)
    kwargs = {"workshop_id": planned.public_id, "activity_id": opened.public_id}
    response = lead_client.get(_url("activity_delete", project, **kwargs))
    assert b"You cannot delete" in response.content
    assert lead_client.post(_url("activity_delete", project, **kwargs)).status_code == 400


def test_invitation_page_lists_consent_and_no_email_and_sends(lead_client, project, planned):
    keen = StakeholderFactory(project=project)
    ConsentEventFactory(stakeholder=keen, scope=ConsentScope.WORKSHOPS)
    unreachable = StakeholderFactory(project=project, email="")
    url = _url("invitation_create", project, workshop_id=planned.public_id)
    page = lead_client.get(url).content.decode()
    assert "Consent: given" in page and "No email: invite them another way" in page
    response = lead_client.post(url, {"people": [keen.code, unreachable.code]})
    assert response.status_code == 302
    assert Invitation.objects.filter(workshop=planned).count() == 2
    replies = lead_client.get(
        _url("invitation_list", project, workshop_id=planned.public_id)
    ).content.decode()
    assert unreachable.full_name in replies and "No reply yet" in replies


def test_invitation_page_needs_a_choice(lead_client, project, planned):
    StakeholderFactory(project=project)
    response = lead_client.post(_url("invitation_create", project, workshop_id=planned.public_id), {})
    assert response.status_code == 400 and b"Choose at least one person to invite" in response.content


def test_workshop_delete_page(lead_client, project, planned):
    url = _url("workshop_delete", project, workshop_id=planned.public_id)
    assert b"Delete the workshop" in lead_client.get(url).content
    assert lead_client.post(url).status_code == 302
    assert not planned.series.workshops.exists()
