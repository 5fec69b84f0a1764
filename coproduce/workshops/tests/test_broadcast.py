"""Tallies for the screens: coalesced into one message per window, counted when it leaves."""

import asyncio
import time
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


def test_votes_within_a_window_send_one_tally_with_the_latest_total(
    settings, django_capture_on_commit_callbacks
):
    settings.WORKSHOP_TALLY_WINDOW = 0.5  # long enough that all five votes fall in one window
    with mock.patch.object(broadcast, "_send") as send:
        # given five votes within one window
        _tallies(django_capture_on_commit_callbacks, [1, 2, 3, 4, 5])
        _wait_until(lambda: send.called)
        time.sleep(2 * settings.WORKSHOP_TALLY_WINDOW)  # room for a second message, were one to leave

    # then one message left, at the end of the window, counted then
    send.assert_called_once_with(
        "workshop.w1.screens", {"event": "statement.voted", "activity": "a1", "votes": 5}
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
    settings.WORKSHOP_TALLY_WINDOW = 0.5  # long enough that both votes fall in one window
    sent: list[tuple[str, dict, asyncio.AbstractEventLoop]] = []

    class Layer:
        async def group_send(self, group: str, message: dict) -> None:
            sent.append((group, message, asyncio.get_running_loop()))

    def vote() -> None:
        with transaction.atomic():
            broadcast.broadcast_tally(
                workshop_public_id="w1", event="statement.voted", activity_public_id="a1",
                count=lambda: {"votes": 3},
            )  # fmt: skip

    async def scenario() -> asyncio.AbstractEventLoop:
        await sync_to_async(vote)()
        await sync_to_async(vote)()  # within the same window: no second message
        await _await_until(lambda: sent)
        await asyncio.sleep(2 * settings.WORKSHOP_TALLY_WINDOW)  # room for a second, were one to leave
        return asyncio.get_running_loop()

    # when two votes commit, then one tally leaves, from that loop (which keeps its Redis connections)
    with mock.patch.object(broadcast, "get_channel_layer", return_value=Layer()):
        loop = run_async(scenario)
    event = {"event": "statement.voted", "activity": "a1", "votes": 3}
    assert sent == [("workshop.w1.screens", {"type": "workshop.event", "event": event}, loop)]
