"""How long the report takes to build for a large project, and how fast the framework page answers.

Run: .venv/bin/python bench/report/report_timing.py. It builds a throwaway SQLite database in a temporary
folder holding a large fictional project (10,000 records with 3,000 included, 100 pseudonymised transcripts,
20,000 codings, 2,000 workshop cards with statements and votes, two frameworks of 15 elements with evidence,
40 recommendations), then times the report as HTML, DOCX and PDF (three runs each, the median printed), and
30 GETs of the framework page through Django's test client (p50 and p95, after one warm-up).
Targets: HTML under 2 s, DOCX under 5 s, PDF under 10 s, the framework page under 200 ms p95.
"""

import atexit
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
_FOLDER = tempfile.mkdtemp(prefix="coproduce-bench-report-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_FOLDER}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.report.report_project import build_project  # noqa: E402
from coproduce.reports.exports.docx_writer import report_docx  # noqa: E402
from coproduce.reports.exports.html_writer import report_html, report_pdf  # noqa: E402
from coproduce.reports.selectors.document import report_document  # noqa: E402

TARGETS = {"HTML": 2.0, "DOCX": 5.0, "PDF": 10.0}


def _median_seconds(make: Callable[[], object], runs: int = 3) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        out = make()
        times.append(time.perf_counter() - start)
        size = len(out) if isinstance(out, bytes | str) else 0
    return statistics.median(times), size


def main() -> None:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    built = build_project()
    print(f"Built the project in {time.perf_counter() - started:.1f} s: {built.summary}")
    project = built.project
    makers: dict[str, Callable[[], object]] = {
        "HTML": lambda: report_html(document=report_document(project=project)),
        "DOCX": lambda: report_docx(document=report_document(project=project)),
        "PDF": lambda: report_pdf(document=report_document(project=project)),
    }
    print(f"\n{'Format':<8}{'median s':>10}{'size KB':>10}{'target s':>10}  met")
    for name, make in makers.items():
        seconds, size = _median_seconds(make)
        print(
            f"{name:<8}{seconds:>10.2f}{size / 1024:>10.0f}{TARGETS[name]:>10.1f}"
            f"  {'yes' if seconds < TARGETS[name] else 'NO'}"
        )
    client = Client(SERVER_NAME="localhost")
    client.force_login(built.lead)
    url = built.framework.get_absolute_url()
    client.get(url)
    times = []
    for _ in range(30):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(
        f"\nFramework page: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms"
        f" (target under 200 ms p95): {'met' if p95 < 200 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
