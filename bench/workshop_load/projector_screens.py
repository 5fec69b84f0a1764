"""Server CPU of the projector's fragment when several screens watch one workshop, beside another checkout.

    .venv/bin/python bench/workshop_load/projector_screens.py --before /tmp/wl-main [--screens 3]

Sets up the load benchmark's stack once (load_stack.py: PostgreSQL database `coproduce_bench_screens`,
Redis database 7, the production settings, migrations and static files), then for each checkout
(`--before`, for example a worktree of main, then this one) runs a process importing that checkout's code.
It seeds a live workshop with an open statements activity (load_seed.py), stores 300 people's votes on 20
statements and works out the opinion map, opens `--screens` signed-in clients (Django's test client) on
the projector's fragment, then `--changes` times changes one vote, marks the change for the screens as a
message would (`broadcast.screens_changed`, where the code has it) and has every screen fetch the fragment,
as the pages do after a message. It prints each checkout's CPU per change and per fetch, side by side. The
migrations are this checkout's: compare with code of the same schema.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def _measure(seeded: dict[str, Any], *, screens: int, changes: int) -> dict[str, float]:
    """In the child: the stored votes and map, then the screens' fetches after each change."""
    import django

    django.setup()
    from django.test import Client

    from coproduce.workshops import broadcast
    from coproduce.workshops.models import Activity, Participant, Statement, StatementVote
    from coproduce.workshops.services.snapshots import result_snapshot_compute

    activity = Activity.objects.select_related("workshop").get(public_id=seeded["activity_id"])
    workshop = activity.workshop
    people = Participant.objects.bulk_create(
        Participant(workshop=workshop, display_name=f"Screen {n:04d}", sector="resident", number=n)
        for n in range(1, 301)
    )
    statements = list(Statement.objects.filter(activity=activity).order_by("number")[:20])
    rng = random.Random(1)
    StatementVote.objects.bulk_create(
        StatementVote(statement=s, participant=p, value=rng.choice([-1, 0, 1]))
        for s in statements
        for p in people
    )
    result_snapshot_compute(activity=activity)
    clients = [Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="127.0.0.1") for _ in range(screens)]
    for client in clients:
        client.cookies["sessionid"] = seeded["session_key"]
    url = f"/p/{seeded['project_id']}/workshops/{seeded['workshop_id']}/projector/partial/"
    mark = getattr(broadcast, "screens_changed", None)
    cpu = 0.0
    for change in range(changes + 1):  # the first round warms up
        vote = StatementVote.objects.filter(statement=statements[change % 20], participant=people[change])
        vote.update(value=1 - change % 3)
        if mark is not None:
            mark(str(workshop.public_id))
        started = time.process_time()
        for client in clients:
            if client.get(url, headers={"X-Requested-With": "fetch"}).status_code != 200:
                sys.exit("The projector's fragment was refused")
        cpu += (time.process_time() - started) if change else 0.0
    return {"per_change_ms": 1000 * cpu / changes, "per_fetch_ms": 1000 * cpu / changes / screens}


def _run(
    checkout: Path, env: dict[str, str], seeded: dict[str, Any], args: argparse.Namespace
) -> dict[str, float]:
    scratch = env["PYTHONPATH"].split(os.pathsep)[0]
    child_env = {**env, "PYTHONPATH": os.pathsep.join([scratch, str(checkout)])}
    command = [sys.executable, __file__, "--child", json.dumps(seeded)]
    command += ["--screens", str(args.screens), "--changes", str(args.changes)]
    result = subprocess.run(command, cwd=checkout, env=child_env, check=True, capture_output=True, text=True)
    found: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--before", type=Path, help="a checkout to compare with (for example a worktree of main)"
    )
    parser.add_argument("--screens", type=int, default=3)
    parser.add_argument("--changes", type=int, default=30)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_measure(json.loads(args.child), screens=args.screens, changes=args.changes)))
        return
    sys.path.insert(0, str(ROOT))
    from bench.workshop_load.load_stack import seed, stack_prepare

    stack = stack_prepare(database="coproduce_bench_screens", redis_url="redis://127.0.0.1:6379/7")
    try:
        checkouts = ([("before", args.before.resolve())] if args.before else []) + [("this code", ROOT)]
        print(f"{args.screens} screens, {args.changes} changes; load average {os.getloadavg()[0]:.1f}")
        print("| code | CPU ms per change | CPU ms per fetch |\n|---|---:|---:|")
        for n, (name, checkout) in enumerate(checkouts):
            seeded = seed(stack, participants_hint=300, statements=20, email=f"screens{n}@example.org")
            found = _run(checkout, stack.env, seeded, args)
            print(f"| {name} ({checkout}) | {found['per_change_ms']:.1f} | {found['per_fetch_ms']:.1f} |")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
