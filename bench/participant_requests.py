"""The requests of a participant's phone in a live workshop, timed with this code beside an older one.

Run: .venv/bin/python bench/participant_requests.py [--before REV] [--rounds N] [--alternations N]
[--database-url postgres://postgres@127.0.0.1:5432/]. It seeds, through the project's services, one project
with four live workshops of 100 participants each (a room per kind of activity open): an idea board with
300 cards (a statements activity done before it), a dot vote on a closed board of 60 cards with 200 dots
placed, a statements activity of 30 statements with 2,000 votes, and a pairwise comparison of 8 options.
The database is a throwaway SQLite file in a temporary folder, or with `--database-url` a PostgreSQL
database `bench_cardpost_<pid>_seed` copied for each side as `bench_cardpost_<pid>_run` (both dropped at
the end). Then, for each side, a fresh copy is served by a process of its own, importing the code of this
checkout ("now") or of `--before` (exported with git archive into the temporary folder; by default the
commit where this branch left main). One phone, joined to every room, with Django's test client checking
the CSRF token as a browser's would, makes each request once to warm up, then `--rounds` times (10 by
default) in turn:

- the join page of a browser that has not joined (GET);
- the take-part page with the idea board open (GET);
- an idea card, as an htmx post (the busiest post of the mixed load);
- a dot added, then taken back (htmx posts);
- a vote on a statement by the form path, not the socket (htmx post);
- a pairwise choice between the pair on the screen (htmx post).

The sides run one after the other, `--alternations` times (2 by default). It prints, for each request, the
median wall time, the median CPU time of the process (what the request costs a server's core) and the
number of queries, before and now. The participants' rate limit is raised out of the way on both sides,
and the live tallies are counted but not sent (no channel layer).
"""

import argparse
import atexit
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent.parent
REQUESTS = [
    "join page GET",
    "take-part GET (idea board)",
    "idea card POST (htmx)",
    "dot POST add (htmx)",
    "dot POST take back (htmx)",
    "statement vote POST (htmx)",
    "pairwise choice POST (htmx)",
]
PEOPLE = 100
FORM = "application/x-www-form-urlencoded"


def _django(code: Path, database_url: str) -> None:
    """Set up Django from the code in `code`, on `database_url`, with a MEDIA_ROOT of its own."""
    sys.path.insert(0, str(code))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.test import override_settings

    media = tempfile.mkdtemp(prefix="coproduce-bench-media-")
    atexit.register(shutil.rmtree, media, ignore_errors=True)
    # No channel layer: the screens' tallies are still counted after each commit, as a server does on its
    # event loop, but not sent (the test settings' in-memory layer would start a thread per message).
    override_settings(MEDIA_ROOT=media, WORKSHOP_RATE_LIMIT=1_000_000, CHANNEL_LAYERS={}).enable()


def _people(workshop: Any, count: int) -> list[Any]:
    from coproduce.workshops.models import ParticipantSector
    from coproduce.workshops.services.participation import participant_join

    sectors = ParticipantSector.values
    return [
        participant_join(workshop=workshop, sector=sectors[n % len(sectors)], device_key=f"bench-{n}")
        for n in range(count)
    ]


def _activity(workshop: Any, lead: Any, kind: str, **settings: Any) -> Any:
    from coproduce.workshops.services.agenda import ActivitySettings, activity_create
    from coproduce.workshops.services.running import activity_open

    activity = activity_create(workshop=workshop, by=lead, kind=kind, settings=ActivitySettings(**settings))
    return activity_open(activity=activity, by=lead)


def _cards(board: Any, people: list[Any], each: int) -> list[Any]:
    from coproduce.workshops.services.contributions import card_add

    columns = list(board.columns)
    return [
        card_add(
            activity=board,
            participant=person,
            column=columns[(n + k) % len(columns)],
            text=f"Idea {n}.{k}: one number to ring for early help, open in the evenings too",
            client_key=uuid.uuid4(),
        )
        for n, person in enumerate(people)
        for k in range(each)
    ]


def _rooms(project: Any, lead: Any) -> dict[str, Any]:
    """The four live workshops and what the phone needs to answer in each."""
    from coproduce.workshops.models import ActivityKind, Statement
    from coproduce.workshops.services.contributions import dot_add, statement_vote
    from coproduce.workshops.services.running import activity_close
    from coproduce.workshops.tests.factories import WorkshopFactory, WorkshopSeriesFactory

    series = WorkshopSeriesFactory(project=project, title="Early help together")
    rooms = {name: WorkshopFactory(series=series, title=f"{name.title()} room") for name in
             ("ideas", "dots", "statements", "pairwise")}  # fmt: skip
    people = {name: _people(workshop, PEOPLE) for name, workshop in rooms.items()}
    seeds = [f"Statement {n}: services should share one referral form" for n in range(30)]
    earlier = _activity(rooms["ideas"], lead, ActivityKind.STATEMENTS, title="Warm up", seed_statements=seeds)
    board = _activity(rooms["ideas"], lead, ActivityKind.IDEA_BOARD, title="Ideas for early help")
    assert earlier.pk != board.pk
    _cards(board, people["ideas"], 3)
    source = _activity(rooms["dots"], lead, ActivityKind.IDEA_BOARD, title="Ideas to vote on")
    targets = _cards(source, people["dots"][1:61], 1)
    activity_close(activity=source, by=lead)
    dots = _activity(rooms["dots"], lead, ActivityKind.DOT_VOTE, title="Dots", dots=3, source=source)
    for n, person in enumerate(people["dots"][1:]):
        for k in range(2):
            dot_add(activity=dots, participant=person, card=targets[(7 * n + k) % len(targets)])
    talk = _activity(
        rooms["statements"], lead, ActivityKind.STATEMENTS, title="Agree?", seed_statements=seeds
    )
    statements = list(Statement.objects.filter(activity=talk).order_by("number"))
    for n, person in enumerate(people["statements"][1:]):
        for statement in statements[n % 10 : n % 10 + 20]:
            statement_vote(statement=statement, participant=person, value=(n + statement.number) % 3 - 1)
    options = [f"Option {n}: a shared front door for early help" for n in range(8)]
    pairwise = _activity(
        rooms["pairwise"], lead, ActivityKind.PAIRWISE, title="Which first?", options=options
    )
    return {
        "codes": {name: workshop.join_code for name, workshop in rooms.items()},
        "phone": {name: people[name][0].pk for name in rooms},
        "board": str(board.public_id),
        "dots": str(dots.public_id),
        "dot_card": str(targets[0].public_id),
        "statements": [str(s.public_id) for s in statements],
        "pairwise": str(pairwise.public_id),
    }


def seed(database_url: str) -> dict[str, Any]:
    """The four rooms, on `database_url`."""
    _django(HERE, database_url)
    from django.core.management import call_command
    from django.db import connection

    from coproduce.accounts.tests.factories import UserFactory
    from coproduce.projects.models import Membership
    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import ProjectFactory

    call_command("migrate", verbosity=0)
    lead = UserFactory(full_name="Workshop Lead")
    project = ProjectFactory(title="Early help together", created_by=lead)
    Membership.objects.get_or_create(project=project, user=lead, defaults={"role": ProjectRole.LEAD})
    seeded = _rooms(project, lead)
    connection.close()
    return seeded


class Phone:
    """One browser joined to every room, sending what a phone sends, with the CSRF check on."""

    def __init__(self, seeded: dict[str, Any]) -> None:
        from django.test import Client

        from coproduce.workshops.identity import participant_cookie_name, participant_token
        from coproduce.workshops.models import Participant

        self.seeded, self.codes = seeded, seeded["codes"]
        self.client = Client(SERVER_NAME="localhost", enforce_csrf_checks=True)
        self.stranger = Client(SERVER_NAME="localhost", enforce_csrf_checks=True)
        for pk in seeded["phone"].values():
            person = Participant.objects.select_related("workshop").get(pk=pk)
            cookie = participant_cookie_name(workshop=person.workshop)
            self.client.cookies[cookie] = participant_token(participant=person)
        self.votes = 0
        self.pair = self._pair(self._ok(self.client.get(f"/w/{self.codes['pairwise']}/now/")))

    @staticmethod
    def _ok(response: Any) -> str:
        assert response.status_code in (200, 302), (response.status_code, response.content[:300])
        return str(response.content.decode())

    @staticmethod
    def _pair(html: str) -> dict[str, str]:
        pair = re.search(r'name="pair" value="([0-9a-f-]{36})"', html)
        winner = re.search(r'name="winner" value="([0-9a-f-]{36})"', html)
        assert pair is not None and winner is not None, "no pair on the pairwise page"
        return {"pair": pair[1], "winner": winner[1]}

    def _post(self, path: str, data: dict[str, str]) -> str:
        token = self.client.cookies["csrftoken"].value
        headers = {"X-CSRFToken": token, "HX-Request": "true"}
        body = urlencode({"client_key": str(uuid.uuid4()), **data})  # as htmx sends a form
        return self._ok(self.client.post(path, body, content_type=FORM, headers=headers))

    def request(self, name: str) -> None:
        codes, seeded = self.codes, self.seeded
        if name == "join page GET":
            self._ok(self.stranger.get(f"/w/{codes['ideas']}/"))
        elif name == "take-part GET (idea board)":
            self._ok(self.client.get(f"/w/{codes['ideas']}/now/"))
        elif name == "idea card POST (htmx)":
            text = f"Idea {uuid.uuid4().hex[:6]}: one number to ring for early help"
            self._post(
                f"/w/{codes['ideas']}/ideas/{seeded['board']}/add/", {"column": "Tactical", "text": text}
            )
        elif name.startswith("dot POST"):
            verb = "add" if "add" in name else "remove"
            self._post(f"/w/{codes['dots']}/dots/{seeded['dots']}/{verb}/", {"card": seeded["dot_card"]})
        elif name == "statement vote POST (htmx)":
            statement = seeded["statements"][self.votes % len(seeded["statements"])]
            self.votes += 1
            self._post(f"/w/{codes['statements']}/statements/{statement}/vote/", {"value": "agree"})
        elif name == "pairwise choice POST (htmx)":
            html = self._post(f"/w/{codes['pairwise']}/pairwise/{seeded['pairwise']}/vote/", self.pair)
            self.pair = self._pair(html)


def measure(seeded: dict[str, Any], rounds: int) -> dict[str, list[list[float]]]:
    """In a process set up by `_django`: each request's [wall ms, CPU ms, queries] for every round."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    phone = Phone(seeded)
    for name in REQUESTS:
        phone.request(name)
    found: dict[str, list[list[float]]] = {name: [] for name in REQUESTS}
    for _ in range(rounds):
        for name in REQUESTS:
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                phone.request(name)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            found[name].append([1000 * wall, 1000 * cpu, len(queries.captured_queries)])
    return found


class Databases:
    """The seeded database and each side's fresh copy of it: SQLite files, or PostgreSQL databases."""

    def __init__(self, folder: Path, server: str) -> None:
        self.folder, self.server = folder, server.rstrip("/")
        prefix = f"bench_cardpost_{os.getpid()}"
        self.seed_name, self.run_name = f"{prefix}_seed", f"{prefix}_run"
        if self.server:
            self._sql(f"CREATE DATABASE {self.seed_name}")
            atexit.register(self._drop)

    def url(self, *, run: bool) -> str:
        if self.server:
            return f"{self.server}/{self.run_name if run else self.seed_name}"
        return f"sqlite:///{self.folder / ('run.sqlite3' if run else 'seed.sqlite3')}"

    def fresh_copy(self) -> None:
        if not self.server:
            shutil.copy(self.folder / "seed.sqlite3", self.folder / "run.sqlite3")
            return
        self._sql(f"DROP DATABASE IF EXISTS {self.run_name}")
        self._sql(f"CREATE DATABASE {self.run_name} TEMPLATE {self.seed_name}")

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as connection:
            connection.execute(statement.encode())

    def _drop(self) -> None:
        for name in (self.run_name, self.seed_name):
            self._sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _python(code: Path, program: list[str]) -> str:
    return subprocess.run(
        [sys.executable, *program], check=True, capture_output=True, text=True, cwd=code
    ).stdout


def _side(
    code: Path, databases: Databases, seeded: dict[str, Any], rounds: int
) -> dict[str, list[list[float]]]:
    """One side's figures, measured in a process of its own on a fresh copy of the seeded database."""
    databases.fresh_copy()
    program = [__file__, "--measure", str(code), "--database", databases.url(run=True),
               "--rounds", str(rounds), "--seeded", json.dumps(seeded)]  # fmt: skip
    figures: dict[str, list[list[float]]] = json.loads(_python(code, program).strip().splitlines()[-1])
    return figures


def _exported(revision: str, folder: Path) -> Path:
    """The code of `revision`, written out of git into `folder`/before (no worktree is made)."""
    where = folder / "before"
    where.mkdir()
    archive = subprocess.run(["git", "-C", str(HERE), "archive", revision], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive.stdout, check=True)
    return where


def _report(before: dict[str, list[list[float]]], now: dict[str, list[list[float]]], revision: str) -> None:
    median = statistics.median
    print(f"\nMedians; before = {revision}, now = this checkout (wall ms / CPU ms / queries)")
    print(f"{'request':<30}{'before':>22}{'now':>22}{'CPU x less':>12}")
    for name in REQUESTS:
        figures = []
        for rows in (before[name], now[name]):
            wall, cpu = median(r[0] for r in rows), median(r[1] for r in rows)
            figures.append((cpu, f"{wall:6.1f} / {cpu:5.1f} / {median(r[2] for r in rows):3.0f}"))
        ratio = figures[0][0] / max(figures[1][0], 0.01)
        print(f"{name:<30}{figures[0][1]:>22}{figures[1][1]:>22}{ratio:>12.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--alternations", type=int, default=2)
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server, e.g. postgres://user@host:5432"
    )
    parser.add_argument("--measure", default="")  # internal: the code to measure
    parser.add_argument("--database", default="")  # internal: the database it measures on
    parser.add_argument("--seeded", default="")
    parser.add_argument("--seed", default="")  # internal: seed this database and print what was made
    args = parser.parse_args()
    if args.seed:
        print(json.dumps(seed(args.seed)))
        return
    if args.measure:
        _django(Path(args.measure), args.database)
        print(json.dumps(measure(json.loads(args.seeded), args.rounds)))
        return
    merge_base = ["git", "-C", str(HERE), "merge-base", "HEAD", "main"]
    revision = (
        args.before or subprocess.run(merge_base, check=True, capture_output=True, text=True).stdout.strip()
    )
    folder = Path(tempfile.mkdtemp(prefix="coproduce-bench-participant-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    databases = Databases(folder, args.database_url)
    started = time.perf_counter()
    seeded = json.loads(
        _python(HERE, [__file__, "--seed", databases.url(run=False)]).strip().splitlines()[-1]
    )
    print(f"Seeded in {time.perf_counter() - started:.0f} s: 4 live workshops of {PEOPLE} participants")
    before_code = _exported(revision, folder)
    before: dict[str, list[list[float]]] = {name: [] for name in REQUESTS}
    now: dict[str, list[list[float]]] = {name: [] for name in REQUESTS}
    for _ in range(args.alternations):
        for code, into in ((before_code, before), (HERE, now)):
            for name, rows in _side(code, databases, seeded, args.rounds).items():
                into[name] += rows
    _report(before, now, revision[:12])


if __name__ == "__main__":
    main()
