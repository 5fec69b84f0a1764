"""The leading-edge pace of tallies and vote batches: at once after a quiet window, else at its end."""

import asyncio
import uuid

from asgiref.sync import sync_to_async
from django_stubs_ext import StrOrPromise

from coproduce.workshops import vote_batcher
from coproduce.workshops.pacing import Pace
from coproduce.workshops.services.statement_votes import Ballot

from .websocket import run_async


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_first_send_and_one_after_a_quiet_window_leave_at_once():
    clock = Clock()
    pace = Pace(window=0.05, clock=clock)
    # given nothing sent yet, then a send
    assert pace.wait("a") == 0
    pace.sent("a")
    # then a send 20 ms later waits for the rest of the window; another key does not wait
    clock.now += 0.02
    assert abs(pace.wait("a") - 0.03) < 1e-9
    assert pace.wait("b") == 0
    # and once the window has passed, the next leaves at once
    clock.now += 0.05
    assert pace.wait("a") == 0


def test_quiet_keys_are_forgotten_once_many_are_kept(monkeypatch):
    monkeypatch.setattr("coproduce.workshops.pacing.KEPT", 3)
    clock = Clock()
    pace = Pace(window=1, clock=clock)
    for key in "abc":
        pace.sent(key)
    clock.now += 2  # all three quiet for longer than the window
    pace.sent("d")
    assert set(pace._last) == {"d"}


def _ballot(number: int) -> Ballot:
    return Ballot(participant_id=number, statement_id=uuid.uuid4(), value=1)


def test_a_vote_reaching_an_idle_batcher_is_saved_at_once_and_a_busy_ones_gather(monkeypatch):
    # given a batcher with a window of 30 s whose saves and waits are recorded, and whose saves take a
    # minute by its clock: longer than the window
    saved: list[list[int]] = []
    waits: list[float] = []
    clock = Clock()

    def record(*, ballots):
        saved.append([b.participant_id for b in ballots])
        clock.now += 60
        return [None] * len(ballots)

    sleep = asyncio.sleep

    async def wait(delay: float) -> None:  # the batcher's wait, noted and not waited
        waits.append(delay)
        await sleep(0)

    monkeypatch.setattr(vote_batcher, "statement_votes_record", record)
    monkeypatch.setattr(vote_batcher, "database_sync_to_async", sync_to_async)  # no database here
    monkeypatch.setattr(asyncio, "sleep", wait)

    async def scenario() -> list[StrOrPromise | None]:
        batcher = vote_batcher.VoteBatcher(window=30, clock=clock)
        answered: list[StrOrPromise | None] = []
        done = asyncio.Event()

        async def reply(problem: StrOrPromise | None, retry: bool) -> None:
            answered.append(problem)
            if len(answered) == 3:
                done.set()

        # when one vote arrives, is saved, then two more arrive within the window
        batcher.submit(_ballot(1), reply)
        while not answered:
            await sleep(0.01)
        batcher.submit(_ballot(2), reply)
        batcher.submit(_ballot(3), reply)
        await asyncio.wait_for(done.wait(), timeout=10)
        return answered

    answered = run_async(scenario)

    # then the first was saved at once, alone; the next two, arriving just after that save ended, waited
    # for a window counted from its end, and were saved together
    assert answered == [None, None, None]
    assert saved == [[1], [2, 3]]
    assert waits[0] == 0
    assert waits[1] == 30
