"""The report page of the mixed load's large project: kept in the shared cache, beside built on every view.

Run: .venv/bin/python bench/report_page.py [--views 40] [--edits 5] [--redis URL] [--folder DIR]. It seeds a
throwaway SQLite database with the mixed load's project (as bench/researcher_pages.py does, through
bench/mixed_load/mixed_seed.py: 10,000 records with 3,000 included, 100 transcripts with speaker turns and
20,000 codings, two frameworks of 15 elements with evidence, 40 recommendations, past workshops, every report
section written), then, signed in as the lead with Django's test client, views `reports:report_page`
`--views` times each way, in turn, in one process:

- **built**: `REPORT_PAGE_CACHE_SECONDS=0`, the document put together on every view, as before;
- **kept**: the page as it is now, an unchanged report read from the cache under its digest;
- **after an edit** (`--edits` times): a section saved through the service, then the next view, which works
  out the new digest, builds the document and stores it.

It prints p50 and p95 of wall time and of the process's CPU time, and the queries, for each, and the time
to work out the digest alone. The cache is Redis at `--redis` (database 11 on this machine by default, as in
production; keys named for this run), or each process's memory with `--redis ""`. `--folder` keeps the
seeded database there and reuses it on the next run. `--database-url postgres://...` seeds an empty
PostgreSQL database there instead (migrated first, and analysed after the seed as autovacuum would; drop it
afterwards).
"""

import argparse
import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.researcher_pages import _django, seed, seed_project


def _seeded_elsewhere(database_url: str, folder: Path) -> dict[str, Any]:
    """The mixed load's project in an empty database at `database_url` (PostgreSQL, as in production)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.test import override_settings

    override_settings(MEDIA_ROOT=str(folder / "media")).enable()
    seeded = seed_project()
    from django.db import connection

    with connection.cursor() as cursor:  # the planner's statistics, as autovacuum keeps them in production
        cursor.execute("VACUUM ANALYZE")
    return seeded


def _seeded(folder: Path) -> dict[str, Any]:
    """The mixed load's project in `folder`, seeded now unless a previous run left it there."""
    facts = folder / "seeded.json"
    if facts.exists():
        _django(Path(__file__).resolve().parent.parent, folder / "seed.sqlite3", folder / "media")
        seeded: dict[str, Any] = json.loads(facts.read_text())
        return seeded
    seeded = seed(folder)
    facts.write_text(json.dumps(seeded))
    return seeded


def _percentiles(rows: list[tuple[float, float, int]]) -> str:
    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]

    walls, cpus = [r[0] for r in rows], [r[1] for r in rows]
    figures = [statistics.median(walls), p95(walls), statistics.median(cpus), p95(cpus)]
    return "".join(f"{value:>10.0f}" for value in figures) + f"{max(r[2] for r in rows):>9}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--views", type=int, default=40)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--folder", default="")
    parser.add_argument("--database-url", default="")  # an empty PostgreSQL database instead of SQLite
    args = parser.parse_args()
    if args.redis:
        os.environ["REDIS_URL"] = args.redis
    folder = Path(args.folder or tempfile.mkdtemp(prefix="coproduce-bench-report-page-"))
    folder.mkdir(parents=True, exist_ok=True)
    if not args.folder:
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    started = time.perf_counter()
    seeded = _seeded_elsewhere(args.database_url, folder) if args.database_url else _seeded(folder)
    print(f"Seeded in {time.perf_counter() - started:.0f} s: {seeded['summary']}")
    run(seeded, args.views, args.edits)


def run(seeded: dict[str, Any], views: int, edits: int) -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from coproduce.accounts.models import User
    from coproduce.projects.models import Project
    from coproduce.reports.document import Audience
    from coproduce.reports.selectors.document_inputs import report_inputs_digest
    from coproduce.reports.services import report_section_save

    named = {**settings.CACHES["default"], "KEY_PREFIX": f"bench{os.getpid()}"}
    override_settings(CACHES={"default": named}).enable()
    print(f"Cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}")
    lead = User.objects.get(pk=seeded["lead"])
    project = Project.objects.get(public_id=seeded["project"])
    client = Client(SERVER_NAME="localhost")
    client.force_login(lead)
    url = f"/p/{seeded['project']}/report/"

    def view() -> tuple[float, float, int]:
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            assert client.get(url).status_code == 200
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        return 1000 * wall, 1000 * cpu, len(queries.captured_queries)

    def built() -> tuple[float, float, int]:
        with override_settings(REPORT_PAGE_CACHE_SECONDS=0):
            return view()

    def timed(work: Callable[[], object]) -> tuple[float, float, int]:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        return 1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu), 1

    built(), view(), view()  # warm up: imports, fonts, the first build kept
    found: dict[str, list[tuple[float, float, int]]] = {"built": [], "kept": [], "after an edit": []}
    for _ in range(views):
        found["built"].append(built())
        found["kept"].append(view())
    for n in range(edits):
        report_section_save(project=project, by=lead, key="summary", body=f"Our summary, draft {n}.")
        found["after an edit"].append(view())
    digest = [
        timed(lambda: report_inputs_digest(project=project, audience=Audience.TEAM)) for _ in range(views)
    ]
    print(
        f"\n{'report page':<16}{'wall p50':>10}{'wall p95':>10}{'CPU p50':>10}{'CPU p95':>10}{'queries':>9}"
    )
    for name, rows in found.items():
        print(f"{name:<16}{_percentiles(rows)}")
    print(f"{'digest alone':<16}{_percentiles(digest)}")
    print("(milliseconds; the first two alternate view by view, so both see the same load on the machine)")
    kept = cache.get(f"reports.page.latest:{project.pk}")
    cache.delete_many([kept, f"reports.page.latest:{project.pk}"])


if __name__ == "__main__":
    main()
