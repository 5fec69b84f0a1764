"""The paths whose tests count work instead of seconds, timed beside the slow way each test guards against.

Run: .venv/bin/python bench/counted_paths.py [rounds]. It builds a throwaway SQLite database file in a
temporary folder (migrated, deleted afterwards) and prints, for each path, the median of `rounds` (5 by
default) beside the comparison measured in the same run:
- near duplicates among 10,001 titles: the blocked search against comparing every title with every other
  (timed on 2,000 titles and scaled by (10,001 / 2,000)^2, as the work is);
- a Word file of a few hundred kilobytes that unzips to 300 MB: refused from its zip directory against
  unzipping its parts to measure them;
- the Word export of a transcript of 400 turns with 500 codings, and the table of 500 codings filled row by
  row against filling it with `table.cell()` (python-docx builds the whole cell grid on each call; timed on
  200 rows and scaled by (500 / 200)^2);
- a code suggestion on a project of 100 transcripts, 40 codes and 2,000 codings: the kept index against
  the first request (index built and stored) and a request that must load it from storage.
The tests that guard these paths (coproduce/evidence/tests/test_duplicates.py, test_archives.py,
test_formats_docx.py, test_transcript_docx.py, test_suggestions_speed.py) count comparisons, unzipped parts,
grid builds, index loads and queries.
"""

import atexit
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_FOLDER = tempfile.mkdtemp(prefix="coproduce-bench-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_FOLDER}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import override_settings  # noqa: E402


def median_ms(run: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def line(what: str, ours: float, theirs: float, other: str) -> None:
    print(f"{what:<44} {ours:10.1f} ms   {other:<34} {theirs:10.1f} ms   ({theirs / max(ours, 0.001):,.0f}x)")


def near_duplicates(rounds: int) -> None:
    from rapidfuzz import fuzz, process

    from coproduce.evidence.importers.records import title_words
    from coproduce.evidence.services.duplicates import TITLE_CUTOFF, near_duplicate_pairs

    words = [f"w{n}" for n in range(3000)]
    rows: list[tuple[int, str, list[str], int | None]] = []
    for n in range(10_000):
        title = " ".join(words[(n * k * 7 + k) % 3000] for k in range(1, 10))
        rows.append((n + 1, " ".join(sorted(title_words(title).split())), [], 2020))
    rows.append((10_001, rows[0][1] + " x", [], 2020))
    titles = [row[1] for row in rows[:2000]]
    blocked = median_ms(lambda: near_duplicate_pairs(rows), rounds)
    every = median_ms(lambda: process.cdist(titles, titles, scorer=fuzz.ratio, score_cutoff=TITLE_CUTOFF), 1)
    line("near duplicates, 10,001 titles (blocked)", blocked, every * (len(rows) / 2000) ** 2, "every pair")


def zip_bomb(rounds: int) -> None:
    import zipfile
    from io import BytesIO

    from coproduce.core.archives import ArchiveProblem, BoundedArchive
    from coproduce.core.tests.zip_bombs import word_bomb

    bomb = word_bomb(300)

    def refuse() -> None:
        try:
            BoundedArchive(bomb)
        except ArchiveProblem:
            return
        raise AssertionError("the bomb was not refused")

    def unzip() -> int:
        with zipfile.ZipFile(BytesIO(bomb)) as archive:
            return sum(len(archive.read(info)) for info in archive.infolist())

    line(
        "300 MB zip bomb refused (zip directory)", median_ms(refuse, rounds), median_ms(unzip, 1), "unzipped"
    )


def word_export(rounds: int) -> None:
    from docx import Document

    from coproduce.accounts.tests.factories import UserFactory
    from coproduce.analysis.services.codebook import code_create
    from coproduce.analysis.services.codings import coding_create
    from coproduce.analysis.tests.test_codings import make_transcript
    from coproduce.analysis.transcript_docx import transcript_docx
    from coproduce.interviews.models import SpeakerRole
    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

    project = ProjectFactory()
    lead = MembershipFactory(project=project, role=ProjectRole.LEAD, user=UserFactory()).user
    words = "we talked about the food bank and the tenants group and how the council helps " * 6
    turns = [(SpeakerRole.INTERVIEWER if n % 2 else SpeakerRole.PARTICIPANT, words) for n in range(400)]
    transcript = make_transcript(project, turns=turns)
    code = code_create(project=project, by=lead, name="Trust")
    step = len(transcript.text) // 500
    for n in range(500):
        coding_create(transcript=transcript, code=code, by=lead, start=n * step, end=n * step + 40)
    export = median_ms(lambda: transcript_docx(transcript=transcript), rounds)
    print(f"{'Word export, 400 turns and 500 codings':<44} {export:10.1f} ms")
    values = [("Trust", "Coder", words[:40])] * 500

    def by_rows() -> None:
        table = Document().add_table(rows=501, cols=3)
        for row, texts in zip(list(table.rows)[1:], values, strict=True):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.text = text

    def by_cell() -> None:  # 200 rows, scaled below: each call builds the grid, so the work grows as rows^2
        table = Document().add_table(rows=201, cols=3)
        for r, texts in enumerate(values[:200], start=1):
            for c, text in enumerate(texts):
                table.cell(r, c).text = text

    line(
        "  its table of 500 codings, row by row",
        median_ms(by_rows, rounds),
        median_ms(by_cell, 1),
        "table.cell()",
    )


def suggestions(rounds: int) -> None:
    from django.test import Client
    from django.urls import reverse

    from coproduce.analysis.models import Coding
    from coproduce.analysis.suggestion_index import INDEXES_KEPT
    from coproduce.analysis.tests.test_suggestions_speed import _project

    project, lead, made = _project(transcripts=100, turns=60, codes=40, codings=2000)
    client = Client()
    client.force_login(lead)
    transcript, rows = made[3]
    kwargs = {"project_id": project.public_id, "interview_id": transcript.interview.public_id}
    url = reverse("analysis:code_suggestions", kwargs=kwargs) + f"?start={rows[5].start}&end={rows[5].end}"
    first = median_ms(lambda: client.get(url), 1)
    kept = median_ms(lambda: client.get(url), rounds)

    def from_storage() -> None:
        INDEXES_KEPT.discard(lambda key: True)
        client.get(url)

    line("code suggestion, index kept", kept, first, "first (built and stored)")
    line("", kept, median_ms(from_storage, rounds), "loaded from storage")
    coding = Coding.objects.filter(transcript=transcript).first()
    assert coding is not None
    similar = reverse(
        "analysis:similar_segments", kwargs={"project_id": project.public_id, "coding_id": coding.pk}
    )
    print(f"{'similar segments, index kept':<44} {median_ms(lambda: client.get(similar), rounds):10.1f} ms")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    call_command("migrate", verbosity=0)
    logging.getLogger("coproduce.access").setLevel(logging.WARNING)
    near_duplicates(rounds)
    zip_bomb(rounds)
    with override_settings(MEDIA_ROOT=_FOLDER, ALLOWED_HOSTS=["*"]):
        word_export(rounds)
        suggestions(rounds)


if __name__ == "__main__":
    main()
