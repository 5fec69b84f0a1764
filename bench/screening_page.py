"""How long the screening page takes with 10,000 records: each GET (next record) and each POST (a decision).

Run: .venv/bin/python bench/screening_page.py [records] [rounds] [--profile] [--dual PERCENT]. It builds a
throwaway SQLite database file (and MEDIA_ROOT) in a temporary folder, imports a RIS file of fictional
records, screens 100 of them through the service, prepares the screening features as the import's task
would (``features_warm``), then, signed in with Django's test client, requests the screening page and posts a
decision `rounds` times (100 by default). It prints the first GET apart, then p50, p95 and the maximum for
the other GETs and for the POSTs, then two more cold GETs: one as a fresh process would make it (the feature
matrix loaded from its file) and one with nothing stored (the matrix built on the request).
``--profile`` also prints a cProfile of 10 more GETs and of the GET with the features from their file;
``--dual 10`` has 10% of the records screened blind by two people.
"""

import atexit
import cProfile
import os
import pstats
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_FOLDER = tempfile.mkdtemp(prefix="coproduce-bench-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_FOLDER}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

TARGET_MS = 200.0
TOPICS = [
    "community", "council", "housing", "health", "outcomes", "participatory", "evaluation", "youth",
    "services", "randomised", "trial", "review", "wellbeing", "poverty", "food", "volunteers", "social",
    "care", "mental", "local", "policy", "co-production", "neighbourhood", "loneliness", "older", "adults",
    "intervention", "qualitative", "study", "systematic", "evidence", "employment", "schools", "children",
    "tenants", "homelessness", "budget", "commissioning", "charity", "partnership", "inequality", "transport",
    "libraries", "parks", "carers", "disability", "migration", "skills", "debt", "benefits", "isolation",
]  # fmt: skip
FILLER = ["the", "of", "and", "in", "to", "a", "for", "with", "on", "was", "were", "by", "from", "at", "as"]
REFERENCE_ID = re.compile(r'name="reference_id" value="(\d+)"')


def build_ris(count: int, seed: int = 11) -> str:
    """Fictional records: 8-14 word titles, ~150 word abstracts over a few thousand words."""
    rng = random.Random(seed)
    vocabulary = TOPICS + [f"term{n}" for n in range(3000)]

    def words(n: int) -> str:
        return " ".join(
            rng.choice(FILLER) if rng.random() < 0.35 else rng.choice(vocabulary) for _ in range(n)
        )

    lines: list[str] = []
    for n in range(count):
        lines += [
            "TY  - JOUR",
            f"TI  - {words(rng.randint(8, 14)).capitalize()} {n}",
            f"AU  - Author{rng.randint(1, 3000)}, Alex",
            f"PY  - {rng.randint(1995, 2025)}",
            f"AB  - {words(rng.randint(130, 170))}",
            "T2  - Journal of Local Public Services",
            f"DO  - 10.9999/screen.{n}",
            "ER  - ",
        ]
    return "\n".join(lines) + "\n"


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p50, p95 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    verdict = "under" if p95 < TARGET_MS else "OVER"
    spread = f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {ordered[-1]:6.1f} ms"
    return f"{spread}  ({verdict} the {TARGET_MS:.0f} ms target)"


def main() -> None:
    dual = int(sys.argv[sys.argv.index("--dual") + 1]) if "--dual" in sys.argv else 0
    args = [a for a in sys.argv[1:] if not a.startswith("--") and not (dual and a == str(dual))]
    count = int(args[0]) if args else 10_000
    rounds = int(args[1]) if len(args) > 1 else 100
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from coproduce.evidence import features
    from coproduce.evidence.models import Decision, Reference
    from coproduce.evidence.selectors.screening import screenable_references
    from coproduce.evidence.services.imports import references_import
    from coproduce.evidence.services.screening import dual_screening_set, reference_screen
    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

    project = ProjectFactory()
    user = MembershipFactory(project=project, role=ProjectRole.RESEARCHER).user
    started = time.perf_counter()
    references_import(
        project=project, search=None, filename="bench.ris", fmt="ris", text=build_ris(count), by=None
    )
    seconds = time.perf_counter() - started
    print(f"{screenable_references(project=project).count()} records imported in {seconds:.1f} s")
    if dual:
        dual_screening_set(project=project, share_percent=dual, by=user)
    rng = random.Random(3)
    for reference in Reference.objects.filter(project=project).order_by("?")[:100]:
        decision = Decision.INCLUDE if rng.random() < 0.2 else Decision.EXCLUDE
        reference_screen(reference=reference, decision=decision, by=user, offered_as="random")

    settings.MEDIA_ROOT = Path(_FOLDER) / "media"
    started = time.perf_counter()
    features.features_warm(project_id=project.pk)
    warm_seconds = time.perf_counter() - started
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    url = reverse("evidence:screen", kwargs={"project_id": project.public_id})
    gets: list[float] = []
    posts: list[float] = []
    for n in range(rounds):
        started = time.perf_counter()
        page = client.get(url)
        gets.append(1000 * (time.perf_counter() - started))
        assert page.status_code == 200, page.status_code
        found = REFERENCE_ID.search(page.content.decode())
        assert found is not None, "no record offered"
        decision = Decision.INCLUDE if n % 4 == 0 else Decision.EXCLUDE
        started = time.perf_counter()
        answer = client.post(
            url, {"reference_id": found.group(1), "offered_as": "active", "decision": decision}
        )
        posts.append(1000 * (time.perf_counter() - started))
        assert answer.status_code == 302, answer.status_code
    if "--profile" in sys.argv:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(url) for _ in range(10)])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats("coproduce|ranking|sklearn|render", 30)
    cold = {}
    for name in ("file", "nothing stored"):
        features.FEATURES_KEPT.clear()  # as in a fresh process
        if name == "nothing stored":
            shutil.rmtree(Path(settings.MEDIA_ROOT) / features.FEATURES_FOLDER)
        cold_profiler = cProfile.Profile() if "--profile" in sys.argv and name == "file" else None
        started = time.perf_counter()
        page = cold_profiler.runcall(client.get, url) if cold_profiler else client.get(url)
        cold[name] = 1000 * (time.perf_counter() - started)
        assert page.status_code == 200, page.status_code
        if cold_profiler:
            print("cProfile of the first GET in a new process (features from their file):")
            stats = pstats.Stats(cold_profiler).sort_stats("cumulative")
            stats.print_stats("coproduce|ranking|sklearn|scipy", 25)
    sampled = f", {dual}% dual screened" if dual else ""
    print(f"screening page at {count} records{sampled}, 100 screened before, {rounds} GET + POST rounds:")
    print(f"  features_warm after the import {warm_seconds:6.1f} s")
    print(f"  first GET (features warmed)             {gets[0]:7.1f} ms")
    print(f"  first GET in a new process (from file)  {cold['file']:7.1f} ms")
    print(f"  first GET with nothing stored (built)   {cold['nothing stored']:7.1f} ms")
    print(f"  GET (warm)  {percentiles(gets[1:])}")
    print(f"  POST        {percentiles(posts)}")


if __name__ == "__main__":
    main()
