"""Statement votes from participants' sockets, gathered in each server process and saved together.

The people's socket (consumers.py) hands each vote to this process's `VoteBatcher` and carries on reading.
The batcher saves every vote waiting in one transaction (services/statement_votes.py) and answers each
socket: `vote.saved` once the vote is committed, or `vote.refused` with the reason. A vote arriving when
no batch has been saved for `WORKSHOP_VOTE_BATCH_WINDOW` seconds (0.02 by default) is saved at once; one
arriving sooner after the last save waits for the rest of that window, gathering others (pacing.Pace).
While one batch is being saved the next one gathers and is saved straight after, so under load the batches
grow with the load, and a busy room's votes still gather for a window after each run of saves.

Nothing is answered before the commit, so a phone keeps every vote it has not heard back about and sends
it again when its socket reconnects (to this process or another): a process that dies mid-batch loses no
vote, and the upsert stores a repeated vote once.
"""

import asyncio
import logging
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from channels.db import database_sync_to_async
from django.conf import settings

from .pacing import Pace
from .services.statement_votes import Ballot, statement_votes_record

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # the type of a lazily translated message

logger = logging.getLogger(__name__)

SAVE_FAILED = "Your vote could not be saved just now. It will be sent again."
MOST_PER_BATCH = 500

# What a socket does with the answer to one vote: the reason it was refused (None: saved) and whether
# sending it again later may succeed.
Reply = Callable[["StrOrPromise | None", bool], Awaitable[None]]


class VoteBatcher:
    def __init__(
        self, *, window: float, most: int = MOST_PER_BATCH, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.window = window
        self.most = most
        self._pace = Pace(window=window, clock=clock)
        self._waiting: list[tuple[Ballot, Reply]] = []
        self._task: asyncio.Task[None] | None = None

    def submit(self, ballot: Ballot, reply: Reply) -> None:
        """Queue `ballot`; `reply` is awaited once it is saved or refused."""
        self._waiting.append((ballot, reply))
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain(self._pace.wait()))

    async def _drain(self, delay: float) -> None:
        await asyncio.sleep(delay)  # 0 still lets the votes already read from other sockets join in
        while self._waiting:
            batch, self._waiting = self._waiting[: self.most], self._waiting[self.most :]
            await self._save(batch)
        self._pace.sent()  # the window is counted from here: a busy room's votes gather after each drain

    async def _save(self, batch: list[tuple[Ballot, Reply]]) -> None:
        ballots = [ballot for ballot, _ in batch]
        retry = False
        try:
            answers = await database_sync_to_async(statement_votes_record)(ballots=ballots)
        except Exception:  # the database is away: every socket keeps its votes and sends them again
            logger.exception("Saving %d statement votes failed", len(ballots))
            answers, retry = [SAVE_FAILED] * len(ballots), True
        replies = (reply(answer, retry) for (_, reply), answer in zip(batch, answers, strict=True))
        for outcome in await asyncio.gather(*replies, return_exceptions=True):
            if isinstance(outcome, Exception):  # a socket that closed meanwhile: its phone sends again
                logger.debug("A vote's answer was not delivered: %r", outcome)


_batchers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, VoteBatcher]" = weakref.WeakKeyDictionary()


def vote_batcher() -> VoteBatcher:
    """This process's batcher (one per event loop)."""
    loop = asyncio.get_running_loop()
    batcher = _batchers.get(loop)
    if batcher is None:
        window = float(getattr(settings, "WORKSHOP_VOTE_BATCH_WINDOW", 0.02))
        batcher = _batchers[loop] = VoteBatcher(window=window)
    return batcher
