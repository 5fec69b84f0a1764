"""The workshop sockets: who may listen, and which events reach the screens and the phones."""

import asyncio
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from config.asgi import application
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.consumers import REFUSED
from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import ActivityKind, ActivityState, Workshop
from coproduce.workshops.services.contributions import dot_add
from coproduce.workshops.services.running import activity_open

from .factories import ActivityFactory, CardFactory, ParticipantFactory, WorkshopFactory
from .websocket import WebsocketCommunicator, run_async

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")


def _socket(path: str, cookie: str = "", origin: tuple[bytes, bytes] = ORIGIN) -> WebsocketCommunicator:
    headers = [origin, (b"host", b"localhost")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, path, headers=headers)


def _screens(workshop: Workshop, cookie: str = "", **kwargs: Any) -> WebsocketCommunicator:
    return _socket(f"/ws/workshops/{workshop.public_id}/screens/", cookie, **kwargs)


def _people(workshop: Workshop, cookie: str = "") -> WebsocketCommunicator:
    return _socket(f"/ws/workshops/{workshop.public_id}/people/", cookie)


def _session_cookie(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _participant_cookie(workshop: Workshop) -> str:
    participant = ParticipantFactory(workshop=workshop)
    return f"{participant_cookie_name(workshop=workshop)}={participant_token(participant=participant)}"


async def _refused(socket: WebsocketCommunicator) -> bool:
    connected, _ = await socket.connect()
    if not connected:
        return True
    message = await socket.receive_output(timeout=2)
    await socket.wait()
    return message == {"type": "websocket.close", "code": REFUSED}


async def _listens(socket: WebsocketCommunicator) -> bool:
    connected, _ = await socket.connect()
    quiet = await socket.receive_nothing(timeout=0.1)
    await socket.disconnect()
    return connected and quiet


@pytest.mark.parametrize(
    ("role", "allowed"), [(ProjectRole.FACILITATOR, True), (ProjectRole.OBSERVER, True), (None, False)]
)
def test_screens_socket_needs_a_project_member(role, allowed):
    # given a workshop and a user who is a member of its project (or of another project)
    workshop = WorkshopFactory()
    project = workshop.project if role else None
    user = MembershipFactory(**({"project": project} if project else {}), role=role or ProjectRole.LEAD).user

    # when they open the screens socket, then only a member of the workshop's project may listen
    check = _listens if allowed else _refused
    assert run_async(check, _screens(workshop, _session_cookie(user)))


def test_screens_socket_refuses_the_signed_out_and_participants():
    workshop = WorkshopFactory()
    assert run_async(_refused, _screens(workshop))
    assert run_async(_refused, _screens(workshop, _participant_cookie(workshop)))


def test_screens_socket_refuses_another_origin():
    workshop = WorkshopFactory()
    user = MembershipFactory(project=workshop.project).user
    socket = _screens(workshop, _session_cookie(user), origin=(b"origin", b"https://evil.example"))
    assert run_async(_refused, socket)


def test_people_socket_needs_the_participant_cookie_of_that_workshop():
    workshop, other = WorkshopFactory(), WorkshopFactory()
    assert run_async(_listens, _people(workshop, _participant_cookie(workshop)))
    assert run_async(_refused, _people(workshop))
    assert run_async(_refused, _people(workshop, _participant_cookie(other)))
    cookie_name = participant_cookie_name(workshop=workshop)
    assert run_async(_refused, _people(workshop, f"{cookie_name}=forged"))


def test_socket_ignores_what_a_browser_sends():
    workshop = WorkshopFactory()
    socket = _people(workshop, _participant_cookie(workshop))

    async def scenario() -> bool:
        await socket.connect()
        await socket.send_json_to({"event": "dot.changed", "dots": 99})
        quiet = await socket.receive_nothing(timeout=0.2)
        await socket.disconnect()
        return quiet

    assert run_async(scenario)


def test_service_broadcasts_reach_the_right_audiences():
    # given a facilitator's screen and a participant's phone listening to a live workshop
    workshop = WorkshopFactory()
    facilitator = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    board = ActivityFactory(workshop=workshop, state=ActivityState.CLOSED)
    card = CardFactory(activity=board)
    vote = ActivityFactory(
        workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board, state=ActivityState.DRAFT
    )
    voter = ParticipantFactory(workshop=workshop)
    screens = _screens(workshop, _session_cookie(facilitator))
    people = _people(workshop, _participant_cookie(workshop))

    async def scenario() -> tuple[Any, ...]:
        await screens.connect()
        await people.connect()
        # when the facilitator opens the vote and a participant places a dot
        await database_sync_to_async(activity_open)(activity=vote, by=facilitator)
        state_on_screen = await screens.receive_json_from(timeout=2)
        state_on_phone = await people.receive_json_from(timeout=2)
        await database_sync_to_async(dot_add)(activity=vote, participant=voter, card=card)
        dots_on_screen = await screens.receive_json_from(timeout=2)
        phone_quiet = await people.receive_nothing(timeout=0.2)
        await asyncio.gather(screens.disconnect(), people.disconnect())
        return state_on_screen, state_on_phone, dots_on_screen, phone_quiet

    state_on_screen, state_on_phone, dots_on_screen, phone_quiet = run_async(scenario)

    # then both hear the activity open, and only the screen hears the dot (ids and counts, no text)
    expected = {"event": "activity.state", "activity": str(vote.public_id), "state": "open"}
    assert state_on_screen == expected
    assert state_on_phone == expected
    assert dots_on_screen == {"event": "dot.changed", "activity": str(vote.public_id), "dots": 1}
    assert phone_quiet
