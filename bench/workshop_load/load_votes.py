"""Workshop load benchmark: many phones voting on statements while a projector watches the tally.

    .venv/bin/python bench/workshop_load/load_votes.py [--participants 300] [--statements 20]
        [--drill-statements 10] [--concurrency 64] [--no-restart] [--via socket|http] [--no-htmx]

Production configuration on loopback (load_stack.py): PostgreSQL, Redis, uvicorn with two workers. N people
join through the join page, a signed-in projector listens on the screens WebSocket, then every person votes
on every statement, `--concurrency` votes in flight: over each phone's WebSocket, as take-part.js sends them
(`--via socket`, the default), or as the form posts of a page without it (`--via http`). A second phase
(the restart drill) votes on more statements and SIGKILLs, a third of the way in, the worker holding the
projector's WebSocket: uvicorn starts a new one, phones send again what was not acknowledged, the
projector reconnects. See README.md for the method. Exits non-zero only when the run itself fails, never
on a missed target.
"""

import argparse
import asyncio
import contextlib
import html
import os
import random
import re
import signal
import sys
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import uvloop

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.workshop_load.load_client import ConnectionFailed, CookieJar, HttpPool, Response, csrf_token
from bench.workshop_load.load_phones import Phone, phones_connect
from bench.workshop_load.load_projector import Projector, ProjectorPage
from bench.workshop_load.load_report import DrillResult, PhaseFigures, phase_figures, report_print
from bench.workshop_load.load_stack import (
    Stack,
    cpu_snapshot,
    seed,
    server_start,
    stack_prepare,
    stored_votes,
    worker_holding,
    worker_pids,
)

SECTORS = [
    "local_authority",
    "vcfse",
    "public_sector",
    "private",
    "academic",
    "community_member",
    "prefer_not",
]
VALUES = {"agree": 1, "disagree": -1, "pass": 0}
JOIN_PATH = "/w/{code}/"
ERROR_ITEM = re.compile(r'govuk-error-summary__list">\s*<li>\s*(?:<a[^>]*>)?([^<]+)<')
VOTE_PATH = "/w/{code}/statements/{statement}/vote/"
RETRY_STATUSES = {429, 502, 503, 504}
GIVE_UP_SECONDS = 60.0


@dataclass
class Person:
    name: str
    jar: CookieJar


@dataclass
class Vote:
    person: Person
    number: int
    statement_id: str
    value: str
    client_key: str
    sent_at: float = 0.0
    acked_at: float | None = None
    shown_at: float | None = None
    attempts: int = 0
    outcome: str = ""


@dataclass
class Phase:
    name: str
    votes: list[Vote]
    statuses: Counter[str] = field(default_factory=Counter)
    connection_errors: int = 0
    acked: int = 0
    stored_before: int = 0
    started: float = 0.0
    ended: float = 0.0
    settled: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)


async def join_one(pool: HttpPool, code: str, name: str, sector: str) -> tuple[Person | None, list[str]]:
    """GET the join form (CSRF cookie and token), POST sector and name, keep the participant cookie. A
    refused join is tried again, as a person would tap again, up to 5 times; the reasons are returned."""
    jar = CookieJar()
    problems: list[str] = []
    while len(problems) < 5:
        try:
            page = await pool.request("GET", JOIN_PATH.format(code=code), jar=jar)
            token = csrf_token(page.body)
            if page.status != 200 or token is None:
                problems.append(f"GET {page.status}" + ("" if token else " (no CSRF token)"))
                continue
            form = {"csrfmiddlewaretoken": token, "sector": sector, "display_name": name}
            answer = await pool.request("POST", JOIN_PATH.format(code=code), jar=jar, form=form)
        except ConnectionFailed:
            problems.append("connection failed")
            await asyncio.sleep(0.1)
            continue
        if answer.status in (302, 303) and any(k.startswith("wp_") for k in jar.values):
            return Person(name, jar), problems
        problems.append(f"POST {answer.status}: {error_text(answer.body)}")
        await asyncio.sleep(0.2)
    return None, problems


async def join_all(pool: HttpPool, code: str, count: int, rng: random.Random) -> list[Person]:
    started = time.perf_counter()
    slots = asyncio.Semaphore(16)
    refusals: Counter[str] = Counter()
    tries: Counter[int] = Counter()

    async def one(index: int) -> Person | None:
        async with slots:
            person, problems = await join_one(pool, code, f"Load {index:04d}", rng.choice(SECTORS))
            refusals.update(problems)
            tries[len(problems) + 1 if person else 0] += 1
            return person

    joined = [p for p in await asyncio.gather(*(one(i) for i in range(1, count + 1))) if p is not None]
    seconds = time.perf_counter() - started
    rate = len(joined) / seconds
    print(f"Joined {len(joined)} of {count} in {seconds:.1f} s ({rate:.0f}/s), 16 at a time.")
    if refusals:
        attempts = ", ".join(f"{n} on try {k}" for k, n in sorted(tries.items()) if k)
        print(f"  joined {attempts}; never: {tries[0]}. Refusals: {dict(refusals)}")
    return joined


async def vote_send(pool: HttpPool, code: str, vote: Vote, *, phase: Phase, htmx: bool) -> None:
    """Send one vote; retry with the same client_key after a dropped connection or a 429/50x."""
    path = VOTE_PATH.format(code=code, statement=vote.statement_id)
    csrf = vote.person.jar.values.get("csrftoken", "")
    headers = {"X-CSRFToken": csrf, **({"HX-Request": "true"} if htmx else {})}
    form = {"value": vote.value, "client_key": vote.client_key, "csrfmiddlewaretoken": csrf}
    vote.sent_at = time.perf_counter()
    while True:
        vote.attempts += 1
        try:
            answer = await pool.request("POST", path, jar=vote.person.jar, form=form, headers=headers)
        except ConnectionFailed:
            phase.connection_errors += 1
            status = None
        else:
            status = answer.status
            phase.statuses[str(status)] += 1
            if not _accepted(answer):
                vote.outcome = f"HTTP {status}, not accepted"
                phase.statuses["not accepted"] += 1
                return
            if status < 400:
                vote.acked_at = time.perf_counter()
                vote.outcome = "acknowledged"
                phase.acked += 1
                return
            if status not in RETRY_STATUSES:
                vote.outcome = f"HTTP {status}"
                return
        if time.perf_counter() - vote.sent_at > GIVE_UP_SECONDS:
            vote.outcome = "gave up"
            return
        await asyncio.sleep(min(0.5, 0.02 * vote.attempts))


def error_text(body: bytes) -> str:
    """The first message of a page's error summary."""
    match = ERROR_ITEM.search(body.decode("utf-8", "replace"))
    return html.unescape(match.group(1).strip()) if match else "no error summary"


def _accepted(answer: Response) -> bool:
    """A 2xx/3xx that really took the vote: htmx's HX-Refresh (participant not recognised) does not, nor a
    redirect anywhere but the take-part page."""
    if answer.header("hx-refresh"):
        return False
    return not (300 <= answer.status < 400 and "/now/" not in (answer.header("location") or ""))


async def vote_over_socket(phones: dict[str, Phone], vote: Vote, *, phase: Phase) -> None:
    """Send one vote over the person's socket; it is acknowledged once the server says it is saved."""
    phone = phones[vote.person.name]
    vote.sent_at = time.perf_counter()
    answer = await phone.vote(
        key=vote.client_key, statement=vote.statement_id, value=vote.value, give_up=GIVE_UP_SECONDS
    )
    vote.attempts = phone.sends.get(vote.client_key, 0)
    if answer.saved:
        vote.acked_at = time.perf_counter()
        vote.outcome = "acknowledged"
        phase.acked += 1
        phase.statuses["saved"] += 1
    else:
        vote.outcome = answer.reason
        phase.statuses[f"refused: {answer.reason}"] += 1


async def phase_run(phase: Phase, send: Callable[[Vote], Awaitable[None]], *, concurrency: int) -> None:
    queue = iter(phase.votes)

    async def sender() -> None:
        for vote in queue:
            await send(vote)

    phase.started = time.perf_counter()
    await asyncio.gather(*(sender() for _ in range(concurrency)))
    phase.ended = time.perf_counter()


def votes_plan(
    people: list[Person], statements: list[tuple[int, str]], rng: random.Random, name: str
) -> Phase:
    """Statement by statement, people in a new random order each time, a random answer each."""
    votes: list[Vote] = []
    for number, statement_id in statements:
        order = list(people)
        rng.shuffle(order)
        for person in order:
            value = rng.choice(list(VALUES))
            key = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            votes.append(Vote(person, number, statement_id, value, key))
    return Phase(name, votes)


async def drill(stack: Stack, projector: Projector, phase: Phase, *, workers: int) -> DrillResult | None:
    """A third of the way into the phase, SIGKILL the worker holding the projector's WebSocket (with
    --separate-websockets, one of the HTTP workers). None when the phase ended first."""
    while phase.acked < len(phase.votes) // 3:
        if phase.ended:
            return None
        await asyncio.sleep(0.005)
    before = set(worker_pids(stack.server))
    holder = None
    if stack.ws_server is None and projector.local_port is not None:
        holder = worker_holding(stack, client_port=projector.local_port)
    victim = holder if holder is not None else min(before)
    result = DrillResult(victim=victim, held_projector=holder is not None, killed_at=time.perf_counter())
    os.kill(victim, signal.SIGKILL)
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        current = set(worker_pids(stack.server))
        if len(current) == workers and current - before:
            result.replaced_at = time.perf_counter()
            break
        await asyncio.sleep(0.02)
    return result


async def settle(projector: Projector, phase: Phase, *, seconds: float = 3.0) -> None:
    """Wait until the projector shows every vote of the phase, for at most `seconds`."""
    deadline = time.perf_counter() + seconds
    while projector.last_count() < phase.stored_before + phase.acked and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)
    phase.settled = time.perf_counter()


def shown_times(phase: Phase, projector: Projector) -> None:
    """The k-th acknowledged vote of the phase (by time of acknowledgement) counts as shown when the
    projector first shows a total of at least (votes stored before the phase) + k (README.md, "Latency")."""
    acked = sorted((v for v in phase.votes if v.acked_at is not None), key=lambda v: v.acked_at or 0)
    window = {"since": phase.started, "until": phase.settled}
    seen = projector.first_seen(len(acked), base=phase.stored_before, **window)
    for vote, when in zip(acked, seen, strict=True):
        vote.shown_at = when


async def phase_measure(
    stack: Stack,
    projector: Projector,
    phase: Phase,
    send: Callable[[Vote], Awaitable[None]],
    *,
    args: argparse.Namespace,
    phones: list[Phone],
) -> None:
    phase.stored_before = len(stored_votes(stack, activity_id=projector.activity_id))
    before = cpu_snapshot(stack)
    drops = sum(phone.drops for phone in phones)
    await phase_run(phase, send, concurrency=args.concurrency)
    phase.cpu = {k: v - before[k] for k, v in cpu_snapshot(stack).items()}
    phase.connection_errors += sum(phone.drops for phone in phones) - drops
    await settle(projector, phase)
    shown_times(phase, projector)


async def main_async(args: argparse.Namespace, stack: Stack, seeded: dict[str, Any]) -> None:
    code = str(seeded["join_code"])
    statements = [(int(n), str(s)) for n, s in seeded["statements"]]
    rng = random.Random(args.seed)
    pool = HttpPool("127.0.0.1", stack.port, args.concurrency, recycle=args.recycle)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Load average before (1, 5, 15 min): {load} on {os.cpu_count()} cores.")
    people = await join_all(pool, code, args.participants, rng)
    if not people:
        raise SystemExit("No one could join, so there is nothing to measure (is the join page there?).")
    projector = Projector(
        stack.ws_port, str(seeded["workshop_id"]), str(seeded["activity_id"]), str(seeded["session_key"])
    )
    if not args.no_projector_page:
        path = f"/p/{seeded['project_id']}/workshops/{seeded['workshop_id']}/projector/partial/"
        page_pool = HttpPool("127.0.0.1", stack.port, 1, max_idle=4.0)
        projector.page = ProjectorPage(page_pool, path, str(seeded["session_key"]))
    listening = asyncio.create_task(projector.run())
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(projector.connected.wait(), 10)
    await asyncio.sleep(0.5)  # the consumer joins its group after accepting, or closes a refused socket
    if not projector.connected.is_set():
        refused = projector.refused[-3:] or "no answer"
        print(f"The projector could not connect ({refused}); latency not measured.")
    phones: list[Phone] = []
    phone_tasks: list[asyncio.Task[None]] = []
    if args.via == "socket":
        cookies = [person.jar.header() for person in people]
        phones, phone_tasks = await phones_connect(
            port=stack.ws_port, workshop_id=str(seeded["workshop_id"]), cookies=cookies
        )
        by_name = {person.name: phone for person, phone in zip(people, phones, strict=True)}
    measure = partial(phase_measure, stack, projector, args=args, phones=phones)

    def sender(phase: Phase) -> Callable[[Vote], Awaitable[None]]:
        if args.via == "socket":
            return partial(vote_over_socket, by_name, phase=phase)
        return partial(vote_send, pool, code, phase=phase, htmx=not args.no_htmx)

    phases = [votes_plan(people, statements[: args.statements], rng, "steady")]
    await measure(phases[0], sender(phases[0]))
    result: DrillResult | None = None
    if not args.no_restart:
        phases.append(votes_plan(people, statements[args.statements :], rng, "restart drill"))
        drilling = asyncio.create_task(drill(stack, projector, phases[1], workers=args.workers))
        await measure(phases[1], sender(phases[1]))
        result = await drilling
        if result is not None:
            phases[1].cpu = {}  # the killed worker took its CPU time with it
    projector.stopping = True
    for phone in phones:
        phone.stopping = True
    for task in [listening, *phone_tasks]:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    pool.close()
    stored = stored_votes(stack, activity_id=str(seeded["activity_id"]))
    figures: list[PhaseFigures] = [phase_figures(p, stored, projector=projector) for p in phases]
    report_print(figures, projector=projector, drill=result, args=args)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--statements", type=int, default=20, help="statements in the steady phase")
    parser.add_argument("--drill-statements", type=int, default=10, help="statements in the restart drill")
    parser.add_argument("--concurrency", type=int, default=64, help="votes in flight (and connections)")
    parser.add_argument("--recycle", type=int, default=250, help="requests per connection (0: keep)")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--no-projector-page",
        action="store_true",
        help="the projector listens only, without fetching its page's fragment after each message",
    )
    parser.add_argument(
        "--separate-websockets",
        action="store_true",
        help="WebSockets on a third uvicorn process of their own",
    )
    parser.add_argument("--no-restart", action="store_true", help="skip the restart drill")
    parser.add_argument(
        "--via",
        choices=["socket", "http"],
        default="socket",
        help="votes over each phone's WebSocket (as take-part.js sends them) or as form posts",
    )
    parser.add_argument(
        "--no-htmx", action="store_true", help="with --via http: plain form posts (redirects), not htmx"
    )
    parser.add_argument("--database", default="coproduce_bench_load")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()
    if args.workers < 2 and not args.no_restart:
        print("The restart drill needs 2 workers or more (uvicorn restarts supervised workers): skipped.")
        args.no_restart = True
    return args


def main() -> None:
    args = arguments()
    stack = stack_prepare(database=args.database, redis_url=args.redis_url)
    try:
        server_start(stack, workers=args.workers, separate_websockets=args.separate_websockets)
        extra = 0 if args.no_restart else args.drill_statements
        seeded = seed(stack, participants_hint=args.participants, statements=args.statements + extra)
        where = f"127.0.0.1:{stack.port}"
        print(f"uvicorn with {args.workers} workers on {where}; workshop {seeded['join_code']}", flush=True)
        uvloop.run(main_async(args, stack, seeded))
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
