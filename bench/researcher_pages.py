"""The researchers' pages of the mixed load on a large project, timed with this code beside an older one.

Run: .venv/bin/python bench/researcher_pages.py [--before REV] [--rounds N] [--alternations N]. It builds a
throwaway SQLite database and MEDIA_ROOT in a temporary folder (deleted afterwards) holding the project of
bench/mixed_load/mixed_seed.py (bench/report/report_project.py: 10,000 records with 3,000 included, 100
transcripts with 20,000 codings and speaker turns, two frameworks of 15 elements with evidence, 40
recommendations, workshops with cards and votes; half of the excluded records back in the screening queue,
so 5,000 screened and 5,000 to screen, with the screening features stored as the import stores them; every
report section written). Then, for each side, a fresh copy of that database is served by a process of its
own, importing the code of this checkout ("now") or of `--before` (checked out into a temporary git
worktree; by default the commit where this branch left main): signed in as the lead with Django's test
client, it opens each page of the mixed load's mix once to warm up (imports, the stored features loaded),
then `--rounds` times (5 by default) in turn. The sides run one after the other, `--alternations` times (2 by
default), so that both see the same load on the machine. It prints, for each page, the median wall time,
the median CPU time of the process (what the page costs a server's core) and the number of queries, before
and now.

The GET of the screening page offers a record without deciding, as the mixed load's researchers do; the
coding POST of the mix is not timed here (bench/coding_view.py times the coding page).
"""

import argparse
import atexit
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
PAGES = {
    "dashboard:project_dashboard": "",
    "evidence:reference_list": "evidence/",
    "evidence:screen": "evidence/screen/",
    "analysis:transcript_code": "analysis/transcripts/{interview}/",
    "analysis:codebook": "analysis/codebook/",
    "frameworks:framework_detail": "frameworks/{framework}/",
    "recommendations:recommendation_list": "recommendations/",
    "reports:report_page": "report/",
}


def _django(code: Path, database: Path, media: Path) -> None:
    """Set up Django from the code in `code`, on `database`, with `media` as MEDIA_ROOT."""
    sys.path.insert(0, str(code))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.test import override_settings

    override_settings(MEDIA_ROOT=str(media)).enable()


def seed(folder: Path) -> dict[str, Any]:
    """The mixed load's project, in `folder`/seed.sqlite3 and `folder`/media."""
    _django(HERE, folder / "seed.sqlite3", folder / "media")
    return seed_project()


def seed_project() -> dict[str, Any]:
    """The mixed load's project, in the database Django is set up with (migrated first)."""
    from django.core.management import call_command
    from django.db import connection

    from bench.mixed_load.mixed_seed import screening_reopen, turns_add
    from bench.report.report_project import build_project
    from coproduce.interviews.models import Transcript
    from coproduce.reports.models import SectionKey
    from coproduce.reports.services import report_section_save

    call_command("migrate", verbosity=0)
    built = build_project()
    turns_add()
    screening_reopen(built.project)
    for key in SectionKey.values:
        report_section_save(project=built.project, by=built.lead, key=key, body=f"Our {key} in a few words.")
    interview = Transcript.objects.values_list("interview__public_id", flat=True).first()
    connection.close()
    return {
        "project": str(built.project.public_id),
        "lead": built.lead.pk,
        "framework": str(built.framework.public_id),
        "interview": str(interview),
        "summary": built.summary,
    }


def measure(seeded: dict[str, Any], rounds: int) -> dict[str, list[list[float]]]:
    """In a process set up by `_django`: each page's [wall ms, CPU ms, queries] for every round."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coproduce.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(pk=seeded["lead"]))
    base = f"/p/{seeded['project']}/"
    urls = {page: base + path.format(**seeded) for page, path in PAGES.items()}
    for url in urls.values():
        assert client.get(url).status_code == 200, url
    found: dict[str, list[list[float]]] = {page: [] for page in urls}
    for _ in range(rounds):
        for page, url in urls.items():
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                assert client.get(url).status_code == 200, url
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            found[page].append([1000 * wall, 1000 * cpu, len(queries.captured_queries)])
    return found


def _side(code: Path, folder: Path, seeded: dict[str, Any], rounds: int) -> dict[str, list[list[float]]]:
    """One side's figures, measured in a process of its own on a fresh copy of the seeded database."""
    run = folder / "run.sqlite3"
    shutil.copy(folder / "seed.sqlite3", run)
    command = [sys.executable, __file__, "--measure", str(code), "--folder", str(folder),
               "--rounds", str(rounds), "--seeded", json.dumps(seeded)]  # fmt: skip
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=code).stdout
    figures: dict[str, list[list[float]]] = json.loads(out.strip().splitlines()[-1])
    return figures


def _worktree(revision: str, folder: Path) -> Path:
    where = folder / "before"
    subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", str(where), revision],
                   check=True, capture_output=True)  # fmt: skip
    atexit.register(
        subprocess.run, ["git", "-C", str(HERE), "worktree", "remove", "--force", str(where)], check=False
    )
    (where / ".venv").unlink(missing_ok=True)
    return where


def _report(before: dict[str, list[list[float]]], now: dict[str, list[list[float]]], revision: str) -> None:
    median = statistics.median
    print(f"\nMedians; before = {revision}, now = this checkout (wall ms / CPU ms / queries)")
    print(f"{'page':<38}{'before':>24}{'now':>24}{'CPU x less':>12}")
    for page in PAGES:
        old, new = before[page], now[page]
        figures = []
        for rows in (old, new):
            wall, cpu = median(r[0] for r in rows), median(r[1] for r in rows)
            figures.append((wall, cpu, f"{wall:7.0f} / {cpu:5.0f} / {max(r[2] for r in rows):3.0f}"))
        ratio = figures[0][1] / max(figures[1][1], 0.1)
        print(f"{page:<38}{figures[0][2]:>24}{figures[1][2]:>24}{ratio:>12.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--alternations", type=int, default=2)
    parser.add_argument("--measure", default="")  # internal: the code to measure
    parser.add_argument("--folder", default="")
    parser.add_argument("--seeded", default="")
    args = parser.parse_args()
    if args.measure:
        folder = Path(args.folder)
        _django(Path(args.measure), folder / "run.sqlite3", folder / "media")
        print(json.dumps(measure(json.loads(args.seeded), args.rounds)))
        return
    revision = (
        args.before
        or subprocess.run(
            ["git", "-C", str(HERE), "merge-base", "HEAD", "main"], check=True, capture_output=True, text=True
        ).stdout.strip()
    )
    folder = Path(tempfile.mkdtemp(prefix="coproduce-bench-pages-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    started = time.perf_counter()
    seeded = _seeded(folder)
    print(f"Seeded in {time.perf_counter() - started:.0f} s: {seeded['summary']}")
    before_code = _worktree(revision, folder)
    before: dict[str, list[list[float]]] = {page: [] for page in PAGES}
    now: dict[str, list[list[float]]] = {page: [] for page in PAGES}
    for _ in range(args.alternations):
        for code, into in ((before_code, before), (HERE, now)):
            for page, rows in _side(code, folder, seeded, args.rounds).items():
                into[page] += rows
    _report(before, now, revision[:12])


def _seeded(folder: Path) -> dict[str, Any]:
    """Seed in a process of its own (Django is set up once per process, and each side has its own)."""
    program = (
        f"import sys, json; sys.argv = ['seed']; sys.path.insert(0, {str(HERE)!r}); "
        "from bench.researcher_pages import seed; from pathlib import Path; "
        f"print(json.dumps(seed(Path({str(folder)!r}))))"
    )
    command = [sys.executable, "-c", program]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=HERE).stdout
    seeded: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return seeded


if __name__ == "__main__":
    main()
