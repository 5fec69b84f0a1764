"""The room panel of the facilitator's page in a browser: at a laptop's and a phone's width, with a populated
room, axe clean and reachable by keyboard; and it refreshes over the screens socket when a sector that had
not yet taken part adds a card.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from coproduce.people.models import SamplingTarget
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import ActivityKind, ActivityState, ParticipantSector, StatementVote
from coproduce.workshops.services.contributions import card_add
from coproduce.workshops.services.snapshots import workshop_result_snapshots_refresh
from coproduce.workshops.tests.factories import (
    ActivityFactory,
    CardFactory,
    ParticipantFactory,
    StatementFactory,
    WorkshopFactory,
)
from coproduce.workshops.tests.test_common_ground import SECTORS, VOTES

from .fixtures import in_thread
from .signin import login
from .test_workshop_live import asgi_server  # noqa: F401  (the ASGI server, with the screens socket)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]

WIDTHS = {1280: {"width": 1280, "height": 900}, 360: {"width": 360, "height": 740}}
STATEMENTS = {
    1: "Funders should share one application form",
    2: "Small groups need money for running costs, not only projects",
    3: "The council should publish every grant it makes",
    4: "Grants should go to the largest charities first",
    5: "Volunteers should be paid their expenses",
    6: "Everyone should be able to see how decisions are made",
    7: "Groups should report on outcomes once a year, not every quarter",
}
VOTES_7 = VOTES | {7: [1, 1, 1, 0, 1, 1, 1, 1, -1, 1]}


@pytest.fixture
def room():
    return in_thread(_room)


def _room():
    """A live workshop: statements voted on earlier (groups stored), and an idea board open now."""
    workshop = WorkshopFactory(title="Funding together")
    for sector, target in ((ParticipantSector.VCFSE, 10), (ParticipantSector.LOCAL_AUTHORITY, 10),
                           (ParticipantSector.FUNDER, 5), (ParticipantSector.ACADEMIC, 5)):  # fmt: skip
        SamplingTarget.objects.create(project=workshop.project, sector=sector, target=target)
    earlier = timezone.now() - datetime.timedelta(minutes=20)
    votes = ActivityFactory(
        workshop=workshop, kind=ActivityKind.STATEMENTS, title="Grants", state=ActivityState.CLOSED,
        opened_at=earlier, closed_at=earlier,
    )  # fmt: skip
    statements = {n: StatementFactory(activity=votes, number=n, text=text) for n, text in STATEMENTS.items()}
    people = {n: ParticipantFactory(workshop=workshop, number=n, sector=s) for n, s in SECTORS.items()}
    for s, values in VOTES_7.items():
        for n, person in people.items():
            StatementVote.objects.create(statement=statements[s], participant=person, value=values[n - 1])
    workshop_result_snapshots_refresh(workshop=workshop, now=True)
    resident = ParticipantFactory(workshop=workshop, number=11, sector=ParticipantSector.COMMUNITY_MEMBER)
    board = ActivityFactory(
        workshop=workshop, kind=ActivityKind.IDEA_BOARD, title="What would help?", state=ActivityState.OPEN,
        columns=["Cultural", "Tactical"], opened_at=timezone.now(),
    )  # fmt: skip
    for n in (1, 2, 3, 6, 7, 4, 10):
        CardFactory(activity=board, participant=people[n], text=f"A shared calendar of funding rounds {n}")
    facilitator = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    return workshop, board, resident, facilitator


def _facilitate_url(workshop) -> str:
    return reverse(
        "workshops:facilitate",
        kwargs={"project_id": workshop.project.public_id, "workshop_id": workshop.public_id},
    )


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_room_panel_reads_well_and_is_reached_by_keyboard(
    page: Page, live_server, room, axe_check, width
):
    workshop, _, _, facilitator = room
    login(page, live_server, facilitator)
    page.set_viewport_size(WIDTHS[width])  # type: ignore[arg-type]
    page.goto(live_server.url + _facilitate_url(workshop))

    panel = page.locator("#facilitate-room")
    expect(panel.get_by_text("No one from Resident or community member has added a card yet")).to_be_visible()
    expect(panel.locator(".app-room__flag", has_text="Missing")).to_be_visible()
    expect(panel.get_by_text("Close to common ground")).to_be_visible()
    expect(panel.get_by_text("Short: Local authority, 50% agreed (2 of 4)")).to_be_visible()
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    page.screenshot(path=f"/tmp/facilitator-room-{width}.png", full_page=True)  # noqa: S108 (to look at)

    link = panel.get_by_role("link", name="See the full results, with the opinion map")
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("The room panel's link was not reached by the Tab key")


def test_the_room_panel_refreshes_when_a_quiet_sector_adds_a_card(
    page: Page,
    asgi_server,  # noqa: F811
    room,
):
    workshop, board, resident, facilitator = room
    login(page, asgi_server, facilitator)
    page.set_viewport_size(WIDTHS[1280])  # type: ignore[arg-type]
    page.goto(asgi_server.url + _facilitate_url(workshop))
    expect(page.locator("[data-live='socket']")).to_be_attached(timeout=10_000)
    panel = page.locator("#facilitate-room")
    prompt = panel.get_by_text("No one from Resident or community member has added a card yet")
    expect(prompt).to_be_visible()
    page.evaluate("window.notReloaded = true")

    in_thread(lambda: card_add(activity=board, participant=resident, column="Cultural", text="A drop-in"))

    expect(prompt).to_have_count(0, timeout=5_000)
    expect(panel.get_by_text("8 cards so far")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
