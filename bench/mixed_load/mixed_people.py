"""The workshops of the mixed load: phones that join, vote over their sockets and add cards, and projectors.

A phone joins by code (bench/workshop_load/load_votes.py `join_one`), opens the take-part page, opens its
people's socket (load_phones.py), then until the end does one thing every 2 to 6 seconds (uniformly drawn),
as a person reading and tapping would: with three chances in four a vote on a statement (those it has not
voted on first, in its own random order; then changing an earlier vote), otherwise a new card on the idea
board as an htmx form post. One projector per workshop (load_projector.py) listens to the screens socket.
"""

import asyncio
import random
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from bench.workshop_load.load_client import ConnectionFailed, CookieJar, HttpPool
from bench.workshop_load.load_phones import Phone, phones_connect
from bench.workshop_load.load_projector import Projector
from bench.workshop_load.load_votes import SECTORS, VALUES, join_one

ACTION_SECONDS = (2.0, 6.0)
VOTE_SHARE = 0.75
VOTE_GIVE_UP = 60.0


@dataclass
class SentVote:
    code: str
    name: str
    statement: str
    value: int
    first: bool  # the person's first vote on this statement: a new row, so the tally grows by one
    sent_at: float
    acked_at: float | None = None
    outcome: str = ""


@dataclass
class Timings:
    """Seconds per request of a page group, and the failures (status or dropped connection)."""

    seconds: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)

    def add(self, started: float, *, failure: str = "") -> None:
        self.starts.append(started)
        self.seconds.append(time.perf_counter() - started)
        if failure:
            self.failures[failure] += 1


@dataclass
class Crowd:
    """Everything the workshops' side of the load records."""

    pages: Timings = field(default_factory=Timings)  # the card posts during the load
    joins: Timings = field(default_factory=Timings)  # joining and the first take-part page, before it
    votes: list[SentVote] = field(default_factory=list)
    cards_added: int = 0
    joined: int = 0
    join_failed: int = 0
    projectors: dict[str, Projector] = field(default_factory=dict)
    phones: list[Phone] = field(default_factory=list)


async def _timed(timings: Timings, pool: HttpPool, method: str, path: str, jar: CookieJar,
                 **kwargs: Any) -> int | None:  # fmt: skip
    started = time.perf_counter()
    try:
        answer = await pool.request(method, path, jar=jar, **kwargs)
    except (ConnectionFailed, TimeoutError) as error:
        timings.add(started, failure=f"{method} {type(error).__name__}")
        return None
    if answer.header("hx-refresh"):
        timings.add(started, failure=f"{method} refused (HX-Refresh)")
        return None
    timings.add(started, failure="" if answer.status < 400 else f"{method} HTTP {answer.status}")
    return answer.status


@dataclass
class Workshop:
    """One workshop's phones, ready to act: names, cookie jars, sockets and their listening tasks."""

    seeded: dict[str, Any]
    people: list[tuple[str, CookieJar]]
    phones: list[Phone]
    tasks: list[asyncio.Task[None]]
    listening: asyncio.Task[None]


async def workshop_prepare(crowd: Crowd, pool: HttpPool, seeded: dict[str, Any], *, phones: int,
                           socket_port: int, session: str, rng: random.Random) -> Workshop:  # fmt: skip
    """Join `phones` people (8 at a time), open the take-part page for each, connect the projector and
    the phones' sockets."""
    code = str(seeded["join_code"])
    projector = Projector(socket_port, str(seeded["workshop_id"]), str(seeded["activity_id"]), session)
    crowd.projectors[code] = projector
    listening = asyncio.create_task(projector.run())
    slots = asyncio.Semaphore(8)

    async def join(n: int) -> CookieJar | None:
        async with slots:
            started = time.perf_counter()
            person, _problems = await join_one(pool, code, f"Phone {n:03d}", rng.choice(SECTORS))
            crowd.joins.add(started, failure="join refused" if person is None else "")
            if person is None:
                return None
            await _timed(crowd.joins, pool, "GET", f"/w/{code}/now/", person.jar)
            return person.jar

    jars = await asyncio.gather(*(join(n) for n in range(1, phones + 1)))
    people = [(f"Phone {n:03d}", jar) for n, jar in enumerate(jars, start=1) if jar is not None]
    crowd.joined += len(people)
    crowd.join_failed += phones - len(people)
    connected, tasks = await phones_connect(
        port=socket_port, workshop_id=str(seeded["workshop_id"]), cookies=[j.header() for _, j in people]
    )
    crowd.phones += connected
    return Workshop(seeded, people, connected, tasks, listening)


async def workshop_act(crowd: Crowd, pool: HttpPool, workshop: Workshop, *, until: float,
                       rng: random.Random) -> None:  # fmt: skip
    """Every phone acts until `until`."""
    actors = [
        _act(crowd, pool, workshop.seeded, name, jar, phone, until=until, rng=random.Random(rng.random()))
        for (name, jar), phone in zip(workshop.people, workshop.phones, strict=True)
    ]
    await asyncio.gather(*actors)


async def workshop_close(crowd: Crowd, workshop: Workshop) -> None:
    for phone in workshop.phones:
        phone.stopping = True
    crowd.projectors[str(workshop.seeded["join_code"])].stopping = True
    for task in [*workshop.tasks, workshop.listening]:
        task.cancel()
    await asyncio.gather(*workshop.tasks, workshop.listening, return_exceptions=True)


async def _act(crowd: Crowd, pool: HttpPool, seeded: dict[str, Any], name: str, jar: CookieJar, phone: Phone,
               *, until: float, rng: random.Random) -> None:  # fmt: skip
    code = str(seeded["join_code"])
    order = list(seeded["statements"])
    rng.shuffle(order)
    voted: list[str] = []
    while True:
        await asyncio.sleep(rng.uniform(*ACTION_SECONDS))
        if time.perf_counter() >= until:
            return
        if rng.random() < VOTE_SHARE:
            first = len(voted) < len(order)
            statement = order[len(voted)] if first else rng.choice(voted)
            await _vote(crowd, phone, code, name, statement, first=first, rng=rng)
            if first:
                voted.append(statement)
        else:
            await _card(crowd, pool, seeded, jar, rng=rng)


async def _vote(crowd: Crowd, phone: Phone, code: str, name: str, statement: str, *, first: bool,
                rng: random.Random) -> None:  # fmt: skip
    label = rng.choice(list(VALUES))
    vote = SentVote(code, name, statement, VALUES[label], first, time.perf_counter())
    crowd.votes.append(vote)
    key = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    answer = await phone.vote(key=key, statement=statement, value=label, give_up=VOTE_GIVE_UP)
    vote.outcome = "saved" if answer.saved else answer.reason
    if answer.saved:
        vote.acked_at = time.perf_counter()


async def _card(crowd: Crowd, pool: HttpPool, seeded: dict[str, Any], jar: CookieJar, *,
                rng: random.Random) -> None:  # fmt: skip
    code, board = str(seeded["join_code"]), str(seeded["board_id"])
    csrf = jar.values.get("csrftoken", "")
    form = {
        "csrfmiddlewaretoken": csrf,
        "client_key": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "column": rng.choice(list(seeded["columns"])),
        "text": f"Idea {rng.randrange(10_000)}: one number to ring for early help",
    }
    headers = {"X-CSRFToken": csrf, "HX-Request": "true"}
    status = await _timed(
        crowd.pages, pool, "POST", f"/w/{code}/ideas/{board}/add/", jar, form=form, headers=headers
    )
    if status is not None and status < 400:
        crowd.cards_added += 1


def projector_latencies(crowd: Crowd, *, since: float, settled: float) -> tuple[list[float], int]:
    """Vote to projector (seconds) for each acknowledged first vote, workshop by workshop, as
    bench/workshop_load/README.md measures it: the k-th acknowledged new vote counts as shown when the
    projector first shows a total of k (the workshops start with no votes). Also how many never were."""
    latencies: list[float] = []
    unseen = 0
    for code, projector in crowd.projectors.items():
        acked = sorted(
            (v for v in crowd.votes if v.code == code and v.first and v.acked_at is not None),
            key=lambda v: v.acked_at or 0.0,
        )
        seen = projector.first_seen(len(acked), base=0, since=since, until=settled)
        for vote, when in zip(acked, seen, strict=True):
            if when is None:
                unseen += 1
            else:
                latencies.append(max(0.0, when - vote.sent_at))
    return latencies, unseen


async def projectors_settle(crowd: Crowd, *, seconds: float = 3.0) -> float:
    """Wait until every projector shows its workshop's acknowledged new votes, for at most `seconds`."""
    deadline = time.perf_counter() + seconds
    targets = Counter(v.code for v in crowd.votes if v.first and v.acked_at is not None)
    while time.perf_counter() < deadline:
        if all(p.last_count() >= targets[code] for code, p in crowd.projectors.items()):
            break
        await asyncio.sleep(0.05)
    return time.perf_counter()
