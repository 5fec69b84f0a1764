"""The workshop sockets: who may listen, and which events reach the screens and the phones."""

import asyncio
import json
import time
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.db import OperationalError
from django.test import Client

from config.asgi import application
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops import consumers
from coproduce.workshops.broadcast import SCREENS, group_name
from coproduce.workshops.consumers import REFUSED, TOO_BIG, UNREADABLE
from coproduce.workshops.identity import participant_cookie_name, participant_token
from coproduce.workshops.models import ActivityKind, ActivityState, StatementVote, Workshop
from coproduce.workshops.services.contributions import dot_add
from coproduce.workshops.services.participation import participant_remove
from coproduce.workshops.services.running import activity_open

from .factories import ActivityFactory, CardFactory, ParticipantFactory, StatementFactory, WorkshopFactory
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


def test_a_phone_stays_connected_when_noting_that_it_is_here_fails(monkeypatch):
    # given a database that refuses the note of when a phone was last here (a lock held elsewhere)
    workshop = WorkshopFactory()
    cookie = _participant_cookie(workshop)

    def locked(**kwargs: Any) -> None:
        raise OperationalError("database table is locked: workshops_participant")

    monkeypatch.setattr(consumers, "participant_seen", locked)
    # when the participant's phone opens its socket, then it stays open and listens
    assert run_async(_listens, _people(workshop, cookie))


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
        await asyncio.gather(screens.receive_nothing(0.1), people.receive_nothing(0.1))  # both in their group
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


def test_events_reach_the_screen_while_the_shared_thread_is_busy():
    # given a screen listening, and the process's one thread for database work busy (saving a batch of
    # votes, say) for a second
    workshop = WorkshopFactory()
    facilitator = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    screen = _screens(workshop, _session_cookie(facilitator))
    group = group_name(workshop_public_id=str(workshop.public_id), audience=SCREENS)

    async def scenario() -> tuple[Any, bool]:
        await screen.connect()
        await screen.receive_nothing(0.1)  # the screen is in its group
        busy = asyncio.ensure_future(sync_to_async(time.sleep)(1.0))
        await asyncio.sleep(0.05)
        # when an event is sent to the screens
        event = {"event": "card.added", "activity": "a", "cards": 1}
        layer = get_channel_layer()
        assert layer is not None
        await layer.group_send(group, {"type": "workshop.event", "event": event})
        heard = await screen.receive_json_from(timeout=0.9)
        still_busy = not busy.done()
        await busy
        await screen.disconnect()
        return heard, still_busy

    heard, still_busy = run_async(scenario)

    # then it is forwarded while the thread is still busy, not after its work
    assert heard == {"event": "card.added", "activity": "a", "cards": 1}
    assert still_busy


def _vote_message(statement: Any, value: str, key: str) -> dict[str, str]:
    return {"action": "vote", "statement": str(statement.public_id), "value": value, "key": key}


def test_a_phone_votes_over_its_socket_and_the_screen_hears_the_tally():
    # given a phone and the facilitator's screen on a live workshop with an open statements activity
    workshop = WorkshopFactory()
    facilitator = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    first, second = StatementFactory(activity=activity), StatementFactory(activity=activity)
    participant = ParticipantFactory(workshop=workshop)
    cookie = f"{participant_cookie_name(workshop=workshop)}={participant_token(participant=participant)}"
    phone, screen = _people(workshop, cookie), _screens(workshop, _session_cookie(facilitator))

    async def scenario() -> tuple[list[Any], Any]:
        await phone.connect()
        await screen.connect()
        await screen.receive_nothing(0.1)  # the screen is in its group
        # when the phone sends two votes and then the first one again (as after a lost answer)
        for message in (
            _vote_message(first, "agree", "k1"),
            _vote_message(second, "pass", "k2"),
            _vote_message(first, "agree", "k1"),
        ):
            await phone.send_json_to(message)
        answers = [await phone.receive_json_from(timeout=2) for _ in range(3)]
        tally = await screen.receive_json_from(timeout=2)
        await asyncio.gather(phone.disconnect(), screen.disconnect())
        return answers, tally

    answers, tally = run_async(scenario)

    # then each vote is acknowledged by its key, stored once, and the screen hears the total
    assert sorted(a["key"] for a in answers) == ["k1", "k1", "k2"]
    assert {a["event"] for a in answers} == {"vote.saved"}
    stored = {(v.statement_id, v.value) for v in StatementVote.objects.filter(participant=participant)}
    assert stored == {(first.pk, 1), (second.pk, 0)}
    assert tally["event"] == "statement.voted"
    assert tally["activity"] == str(activity.public_id)
    assert tally["votes"] >= 1


@pytest.mark.parametrize(
    ("change", "message", "reason"),
    [
        ("close", {"value": "agree"}, "This activity is not open for answers now."),
        ("", {"value": "maybe"}, "Choose agree, disagree or pass."),
        ("", {"statement": "not-a-uuid", "value": "agree"}, "That statement is no longer shown."),
    ],
)
def test_a_refused_socket_vote_says_why_and_stores_nothing(change, message, reason):
    workshop = WorkshopFactory()
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    statement = StatementFactory(activity=activity)
    if change == "close":
        type(activity).objects.filter(pk=activity.pk).update(state=ActivityState.CLOSED)
    phone = _people(workshop, _participant_cookie(workshop))

    async def scenario() -> Any:
        await phone.connect()
        await phone.send_json_to({**_vote_message(statement, "agree", "k9"), **message})
        answer = await phone.receive_json_from(timeout=2)
        await phone.disconnect()
        return answer

    answer = run_async(scenario)
    assert answer == {"event": "vote.refused", "key": "k9", "message": reason, "retry": False}
    assert not StatementVote.objects.exists()


def test_socket_votes_are_rate_limited(settings):
    settings.WORKSHOP_RATE_LIMIT = 2
    workshop = WorkshopFactory()
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    statements = [StatementFactory(activity=activity) for _ in range(3)]
    phone = _people(workshop, _participant_cookie(workshop))

    async def scenario() -> list[Any]:
        await phone.connect()
        for number, statement in enumerate(statements):
            await phone.send_json_to(_vote_message(statement, "agree", f"k{number}"))
        answers = [await phone.receive_json_from(timeout=2) for _ in statements]
        await phone.disconnect()
        return answers

    answers = run_async(scenario)
    refused = [a for a in answers if a["event"] == "vote.refused"]
    assert len(refused) == 1
    assert refused[0]["retry"] is False
    assert StatementVote.objects.count() == 2


def test_text_that_is_not_json_does_not_close_the_socket():
    workshop = WorkshopFactory()
    phone = _people(workshop, _participant_cookie(workshop))

    async def scenario() -> Any:
        await phone.connect()
        await phone.send_input({"type": "websocket.receive", "text": "{not json"})
        answer = await phone.receive_json_from()
        await phone.send_json_to({"event": "dot.changed"})
        quiet = await phone.receive_nothing(timeout=0.2)
        await phone.disconnect()
        return answer, quiet

    assert run_async(scenario) == ({"event": "error", "message": UNREADABLE}, True)


def _sends(socket: WebsocketCommunicator, frame: dict[str, Any]) -> Any:
    """Connect, send one raw frame, and return what the socket answers (a message or a close)."""

    async def scenario() -> Any:
        await socket.connect()
        await socket.send_input({"type": "websocket.receive", **frame})
        answer = await socket.receive_output(timeout=2)
        await socket.disconnect()
        return answer

    return run_async(scenario)


def test_deeply_nested_json_over_the_size_cap_closes_the_socket_with_a_code():
    # given a phone's socket and a screen's, each sent 5,000 nested brackets (which json.loads cannot parse)
    workshop = WorkshopFactory()
    user = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    nested = "[" * 5000 + "]" * 5000
    for socket in (
        _people(workshop, _participant_cookie(workshop)),
        _screens(workshop, _session_cookie(user)),
    ):
        # then each closes with 1009 (message too big), with no error in the consumer
        assert _sends(socket, {"text": nested}) == {"type": "websocket.close", "code": TOO_BIG}


@pytest.mark.parametrize(
    "frame",
    [
        {"text": "[" * 600 + "]" * 600},  # nested deeper than a vote ever is, under the size cap
        {"text": '{"action": "vote", "key": ' + "{" * 20 + "}" * 20 + "}"},
        {"bytes": b"\x00\x01"},  # a binary frame
        {"text": ""},
    ],
)
def test_unreadable_socket_messages_are_answered_with_an_error(frame):
    workshop = WorkshopFactory()
    answer = _sends(_people(workshop, _participant_cookie(workshop)), frame)
    assert answer["type"] == "websocket.send"
    assert json.loads(answer["text"]) == {"event": "error", "message": UNREADABLE}


def test_with_the_production_windows_votes_are_batched_and_the_tally_follows(settings):
    # given the windows a server uses: votes gathered for 20 ms, tallies at most every 50 ms
    settings.WORKSHOP_VOTE_BATCH_WINDOW = 0.02
    settings.WORKSHOP_TALLY_WINDOW = 0.05
    workshop = WorkshopFactory()
    facilitator = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    activity = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS, state=ActivityState.OPEN)
    statements = [StatementFactory(activity=activity) for _ in range(3)]
    phone = _people(workshop, _participant_cookie(workshop))
    screen = _screens(workshop, _session_cookie(facilitator))

    async def scenario() -> tuple[list[Any], list[Any]]:
        await asyncio.gather(phone.connect(), screen.connect())
        await screen.receive_nothing(0.1)
        for number, statement in enumerate(statements):
            await phone.send_json_to(_vote_message(statement, "disagree", f"k{number}"))
        answers = [await phone.receive_json_from(timeout=2) for _ in statements]
        tallies = [await screen.receive_json_from(timeout=2)]
        while tallies[-1]["votes"] < 3:  # a slow machine may split the votes over two batches
            tallies.append(await screen.receive_json_from(timeout=2))
        await asyncio.gather(phone.disconnect(), screen.disconnect())
        return answers, tallies

    answers, tallies = run_async(scenario)

    # then each vote is saved, and the screen ends on the total
    assert [a["event"] for a in answers] == ["vote.saved"] * 3
    assert tallies[-1] == {"event": "statement.voted", "activity": str(activity.public_id), "votes": 3}
    assert StatementVote.objects.count() == 3


def test_removing_a_participant_closes_their_phones_socket_and_no_other():
    # given two participants' phones listening to a live workshop
    workshop = WorkshopFactory()
    facilitator = MembershipFactory(project=workshop.project, role=ProjectRole.FACILITATOR).user
    removed, stays = ParticipantFactory(workshop=workshop), ParticipantFactory(workshop=workshop)
    name = participant_cookie_name(workshop=workshop)
    phones = [_people(workshop, f"{name}={participant_token(participant=p)}") for p in (removed, stays)]

    async def scenario() -> tuple[Any, bool]:
        for phone in phones:
            await phone.connect()
        await asyncio.gather(*(phone.receive_nothing(0.1) for phone in phones))
        # when the facilitator removes the first
        await database_sync_to_async(participant_remove)(participant=removed, by=facilitator)
        closed = await phones[0].receive_output(timeout=2)
        other_quiet = await phones[1].receive_nothing(timeout=0.2)
        await phones[1].disconnect()
        return closed, other_quiet

    closed, other_quiet = run_async(scenario)

    # then that phone's socket is closed as refused, and the other hears nothing of it
    assert closed == {"type": "websocket.close", "code": REFUSED}
    assert other_quiet
