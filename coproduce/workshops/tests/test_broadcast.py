"""Tallies for the screens: at most one message per window, the first at once, counted when it leaves."""

import asyncio
import threading
import time
import uuid
from unittest import mock

import pytest
from asgiref.sync import sync_to_async
from django.db import transaction

from coproduce.workshops import broadcast

from .websocket import run_async

pytestmark = pytest.mark.django_db
DEADLINE = 10.0  # seconds: how long a busy machine may take to run a timer, before the test gives up


def _wait_until(condition, deadline=DEADLINE):
    """Poll until `condition()` holds; the window's timer runs on another thread."""
    give_up = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"still waiting after {deadline} s")
        time.sleep(0.01)


async def _await_until(condition, deadline=DEADLINE):
    give_up = time.monotonic() + deadline
    while not condition():
        if time.monotonic() > give_up:
            raise AssertionError(f"still waiting after {deadline} s")
        await asyncio.sleep(0.01)


@pytest.fixture(autouse=True)
def _no_tally_sent_yet():
    """Each test starts as if no tally had left: the pace of an activity is kept in the process."""
    broadcast._paces.clear()
    yield
    broadcast._paces.clear()


def _tallies(django_capture_on_commit_callbacks, totals):
    """One vote per total: the stored total becomes `total`, then the vote asks for a tally."""
    stored = {"votes": 0}
    for total in totals:
        stored["votes"] = total
        with django_capture_on_commit_callbacks(execute=True):
            broadcast.broadcast_tally(
                workshop_public_id="w1", event="statement.voted", activity_public_id="a1",
                count=lambda: dict(stored),
            )  # fmt: skip


def test_a_burst_of_votes_sends_one_tally_at_once_and_one_with_the_latest_total(
    settings, django_capture_on_commit_callbacks
):
    settings.WORKSHOP_TALLY_WINDOW = 0.5  # long enough that all five votes fall in one window
    with mock.patch.object(broadcast, "_send") as send:
        # given five votes within one window
        _tallies(django_capture_on_commit_callbacks, [1, 2, 3, 4, 5])
        _wait_until(lambda: send.call_count >= 2)
        time.sleep(2 * settings.WORKSHOP_TALLY_WINDOW)  # room for a third message, were one to leave

    # then the first left at once, and the other four rode along in one message counted at the window's end
    assert [c.args for c in send.call_args_list] == [
        ("workshop.w1.screens", {"event": "statement.voted", "activity": "a1", "votes": total})
        for total in (1, 5)
    ]


def test_a_vote_after_a_quiet_window_is_sent_without_waiting(settings, django_capture_on_commit_callbacks):
    settings.WORKSHOP_TALLY_WINDOW = 60  # a wait for the window would outlast the test's deadline
    with mock.patch.object(broadcast, "_send") as send:
        # given no tally sent for the activity within the window, when one vote commits
        _tallies(django_capture_on_commit_callbacks, [1])
        # then its tally leaves at once
        _wait_until(lambda: send.called)

    send.assert_called_once_with(
        "workshop.w1.screens", {"event": "statement.voted", "activity": "a1", "votes": 1}
    )


def test_without_a_window_each_change_sends_at_once(settings, django_capture_on_commit_callbacks):
    settings.WORKSHOP_TALLY_WINDOW = 0
    with mock.patch.object(broadcast, "_send") as send:
        _tallies(django_capture_on_commit_callbacks, [1, 2])

    assert [c.args[1]["votes"] for c in send.call_args_list] == [1, 2]


def test_nothing_leaves_when_the_transaction_rolls_back(settings):
    settings.WORKSHOP_TALLY_WINDOW = 0
    with mock.patch.object(broadcast, "_send") as send:
        broadcast.broadcast_tally(
            workshop_public_id="w1", event="dot.changed", activity_public_id="a1", count=lambda: {"dots": 1}
        )

    send.assert_not_called()  # the test's transaction never commits


@pytest.mark.django_db(transaction=True)
def test_in_a_server_the_tally_leaves_from_its_event_loop(settings):
    # given a server's event loop running a vote's database work in a thread, as a consumer does
    settings.WORKSHOP_TALLY_WINDOW = 0.5  # long enough that the last two votes fall in one window
    sent: list[tuple[str, dict, asyncio.AbstractEventLoop]] = []
    stored = {"votes": 0}

    class Layer:
        async def group_send(self, group: str, message: dict) -> None:
            sent.append((group, message, asyncio.get_running_loop()))

    def vote() -> None:
        with transaction.atomic():
            stored["votes"] += 1
            broadcast.broadcast_tally(
                workshop_public_id="w1", event="statement.voted", activity_public_id="a1",
                count=lambda: dict(stored),
            )  # fmt: skip

    async def scenario() -> asyncio.AbstractEventLoop:
        await sync_to_async(vote)()
        await _await_until(lambda: sent)  # the first leaves at once
        await sync_to_async(vote)()
        await sync_to_async(vote)()  # within the same window: one more message, at its end
        await _await_until(lambda: len(sent) == 2)
        await asyncio.sleep(2 * settings.WORKSHOP_TALLY_WINDOW)  # room for a third, were one to leave
        return asyncio.get_running_loop()

    # when three votes commit, then two tallies leave, from that loop (which keeps its Redis connections)
    with mock.patch.object(broadcast, "get_channel_layer", return_value=Layer()):
        loop = run_async(scenario)
    events = [{"event": "statement.voted", "activity": "a1", "votes": total} for total in (1, 3)]
    assert sent == [("workshop.w1.screens", {"type": "workshop.event", "event": e}, loop) for e in events]


@pytest.mark.django_db(transaction=True)
def test_in_a_server_a_tally_leaving_at_once_is_counted_on_the_committing_thread(settings):
    # given a server's event loop running votes' database work in a thread, as a consumer does
    settings.WORKSHOP_TALLY_WINDOW = 0.5
    committed_on: list[int] = []
    counted_on: list[int] = []
    sent: list[dict] = []

    class Layer:
        async def group_send(self, group: str, message: dict) -> None:
            sent.append(message["event"])

    def count() -> dict[str, int]:
        counted_on.append(threading.get_ident())
        return {"votes": len(committed_on)}

    def vote() -> None:
        with transaction.atomic():
            committed_on.append(threading.get_ident())
            broadcast.broadcast_tally(
                workshop_public_id="w1", event="statement.voted", activity_public_id="a1", count=count
            )

    async def scenario() -> None:
        await sync_to_async(vote)()  # after a quiet window: leaves at once
        await _await_until(lambda: sent)
        await sync_to_async(vote)()  # within the window: leaves at its end
        await _await_until(lambda: len(sent) == 2)

    # when two votes commit
    with mock.patch.object(broadcast, "get_channel_layer", return_value=Layer()):
        run_async(scenario)

    # then the first tally was counted on the thread that committed it, with no hop to another; the
    # second on a database thread at the window's end; both reached the screens, the last with the total
    assert counted_on[0] == committed_on[0]
    assert counted_on[1] != committed_on[1]
    assert [message["votes"] for message in sent] == [1, 2]


def test_a_message_to_the_screens_gives_them_a_new_change_mark(django_capture_on_commit_callbacks):
    workshop = str(uuid.uuid4())
    before = broadcast.screens_mark(workshop_public_id=workshop)

    # a message to the phones only leaves the screens' mark as it was
    with django_capture_on_commit_callbacks(execute=True):
        broadcast.broadcast(
            workshop_public_id=workshop, event="statements.changed", audiences=(broadcast.PEOPLE,)
        )
    assert broadcast.screens_mark(workshop_public_id=workshop) == before

    # a message to the screens, or a tally, gives them a new one each time
    marks = set()
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            broadcast.broadcast(workshop_public_id=workshop, event="timer", audiences=(broadcast.SCREENS,))
        marks.add(broadcast.screens_mark(workshop_public_id=workshop))
        with django_capture_on_commit_callbacks(execute=True):
            broadcast.broadcast_tally(
                workshop_public_id=workshop,
                event="dot.changed",
                activity_public_id="a1",
                count=lambda: {"dots": 1},
            )
        marks.add(broadcast.screens_mark(workshop_public_id=workshop))
    assert len(marks - {before}) == 4
