"""What the report's Workshops section costs, on the report benchmark's large project (report_project.py).

Run: .venv/bin/python bench/report/workshops_section.py. It builds the project in a throwaway SQLite database,
then prints, side by side, the CPU seconds (median of 5, in one process, so that other work on the machine
moves them less than wall-clock time) of the report built and written as HTML and as DOCX without the
Workshops section and with it, and the queries and tables of the section alone.
"""

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.report import report_timing  # noqa: F401  (sets Django up on its throwaway database)
from bench.report.report_project import build_project
from coproduce.projects.models import Project
from coproduce.reports.document import Document, Table
from coproduce.reports.exports.docx_writer import report_docx
from coproduce.reports.exports.html_writer import report_html
from coproduce.reports.models import SectionKey
from coproduce.reports.selectors.document import report_document

RUNS = 5


def _cpu(project: Project, keys: tuple[str, ...], writer: Callable[..., object]) -> float:
    runs = []
    for _ in range(RUNS):
        start = time.process_time()
        writer(document=report_document(project=project, keys=keys))
        runs.append(time.process_time() - start)
    return statistics.median(runs)


def _alone(project: Project) -> tuple[int, Document]:
    with CaptureQueriesContext(connection) as queries:
        document = report_document(project=project, keys=(SectionKey.WORKSHOPS,))
    return len(queries.captured_queries), document


def main() -> None:
    call_command("migrate", verbosity=0)
    project = build_project().project
    every = tuple(SectionKey.values)
    without = tuple(key for key in every if key != SectionKey.WORKSHOPS)
    print(f"CPU s, median of {RUNS}   without the section   with it")
    for name, writer in (("HTML", report_html), ("DOCX", report_docx)):
        print(f"{name:<24}{_cpu(project, without, writer):>20.2f}{_cpu(project, every, writer):>10.2f}")
    queries, document = _alone(project)
    tables = sum(isinstance(block, Table) for section in document.sections for block in section.blocks)
    print(f"The section alone: {queries} queries, {tables} tables")


if __name__ == "__main__":
    main()
