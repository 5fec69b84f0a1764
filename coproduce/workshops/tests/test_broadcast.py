"""Tallies for the screens: coalesced into one message per window, counted when it leaves."""

import time
from unittest import mock

import pytest

from coproduce.workshops import broadcast

pytestmark = pytest.mark.django_db


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
    settings.WORKSHOP_TALLY_WINDOW = 0.05
    with mock.patch.object(broadcast, "_send") as send:
        # given five votes within one window
        _tallies(django_capture_on_commit_callbacks, [1, 2, 3, 4, 5])
        time.sleep(0.3)

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
