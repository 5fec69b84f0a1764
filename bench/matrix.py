"""How long the analysis matrices and retrieval take over 100 transcripts and 20,000 codings.

Run: .venv/bin/python bench/matrix.py [transcripts] [codings] [rounds]. It builds a throwaway SQLite database
file in a temporary folder with fictional people in every sector (and some with no organisation), transcripts
of about 7,000 words in 120 speaker turns, a codebook of 40 codes in two levels, and codings spread over them
(made with bulk_create, not the services, to keep the set-up quick). It then times, `rounds` times each (10 by
default) after a first run printed apart, the code-by-sector selector and page (through Django's test client),
the co-occurrence selector and page, coded segments of one code, and a search, printing p50 and the maximum.
The target is the code-by-sector matrix under 500 ms.
"""

import atexit
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_FOLDER = tempfile.mkdtemp(prefix="coproduce-bench-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_FOLDER}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

TARGET_MS = 500.0
WORDS = [
    "council", "trust", "funding", "volunteers", "community", "partnership", "housing", "health", "youth",
    "services", "budget", "commissioning", "charity", "faith", "café", "neighbourhood", "loneliness",
    "carers", "the", "of", "and", "in", "to", "a", "for", "with", "we", "they", "was", "were", "it", "that",
    "is",
]  # fmt: skip


def timed(label: str, rounds: int, run: Callable[[], object]) -> float:
    """Print the first run apart (it loads templates and warms caches), then p50 and max of the rest."""
    times = []
    for _ in range(rounds + 1):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    ordered = sorted(times[1:])
    p50, worst = ordered[len(ordered) // 2], ordered[-1]
    print(f"  {label:<44} first {times[0]:7.1f} ms  p50 {p50:7.1f} ms  max {worst:7.1f} ms")
    return worst


def build(transcript_count: int, coding_count: int) -> tuple[Any, Any, Any]:
    from django.utils import timezone

    from coproduce.analysis.models import Code, Coding
    from coproduce.interviews.models import Interview, Transcript, TranscriptTurn
    from coproduce.people.models import Organisation, Stakeholder
    from coproduce.people.sectors import Sector
    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

    rng = random.Random(5)
    project = ProjectFactory()
    user = MembershipFactory(project=project, role=ProjectRole.RESEARCHER).user
    organisations = [
        Organisation.objects.create(
            project=project, name=f"Organisation {n}", sector=sector, ward=f"Ward {n % 9}"
        )
        for n, sector in enumerate(list(Sector.values) * 4)
    ]
    people = Stakeholder.objects.bulk_create(
        Stakeholder(project=project, code=f"P{n:03d}", full_name=f"Person {n}",
                    organisation=rng.choice(organisations) if n % 10 else None)
        for n in range(transcript_count)
    )  # fmt: skip
    interviews = Interview.objects.bulk_create(
        Interview(project=project, stakeholder=p, scheduled_for=timezone.now(), status="done") for p in people
    )
    texts, turn_rows = [], []
    for _ in interviews:
        turns = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 100))) for _ in range(120)]
        text, spans, at = "\n\n".join(turns), [], 0
        for turn in turns:
            spans.append((at, at + len(turn)))
            at += len(turn) + 2
        texts.append(text)
        turn_rows.append(spans)
    transcripts = Transcript.objects.bulk_create(
        Transcript(interview=i, filename="t.txt", format="txt", text=t, redaction_done_at=timezone.now())
        for i, t in zip(interviews, texts, strict=True)
    )
    TranscriptTurn.objects.bulk_create(
        TranscriptTurn(transcript=t, order=n, speaker="P", role="participant" if n % 2 else "interviewer",
                       start=s, end=e, original_start=s, original_end=e)
        for t, spans in zip(transcripts, turn_rows, strict=True) for n, (s, e) in enumerate(spans)
    )  # fmt: skip
    codes = []
    for n in range(8):
        parent = Code.objects.create(project=project, name=f"Theme {n}", order=n, level="cultural")
        codes.append(parent)
        codes += [
            Code.objects.create(project=project, parent=parent, name=f"Code {n}.{m}", order=m)
            for m in range(4)
        ]
    codings: list[Coding] = []
    seen = set()
    while len(codings) < coding_count:
        index = rng.randrange(len(transcripts))
        start, end = rng.choice(turn_rows[index])
        a = rng.randint(start, max(start, end - 30))
        b = min(end, a + rng.randint(10, 200))
        code = rng.choice(codes)
        if b <= a or (index, code.pk, a, b) in seen:
            continue
        seen.add((index, code.pk, a, b))
        codings.append(
            Coding(
                transcript=transcripts[index],
                code=code,
                start=a,
                end=b,
                snippet=texts[index][a:b],
                coder=user,
            )
        )
    Coding.objects.bulk_create(codings, batch_size=2000)
    return project, user, codes[1]


def main() -> None:
    args = [int(a) for a in sys.argv[1:]]
    transcript_count = args[0] if args else 100
    coding_count = args[1] if len(args) > 1 else 20_000
    rounds = args[2] if len(args) > 2 else 10
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from coproduce.analysis.selectors.matrices import PEOPLE, code_cooccurrence, code_sector_matrix
    from coproduce.analysis.selectors.retrieval import SegmentFilters, segment_list
    from coproduce.analysis.selectors.search import transcript_search

    started = time.perf_counter()
    project, user, code = build(transcript_count, coding_count)
    seconds = time.perf_counter() - started
    print(f"{transcript_count} transcripts and {coding_count} codings built in {seconds:.1f} s")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    kwargs = {"project_id": project.public_id}

    def page(name: str, query: str = "") -> None:
        response = client.get(reverse(f"analysis:{name}", kwargs=kwargs) + query)
        assert response.status_code == 200, response.status_code

    page("search")  # the process's first request loads the URLs, templates and middleware
    print(f"{rounds} rounds each:")
    matrix_ms = timed("code-by-sector matrix (selector)", rounds, lambda: code_sector_matrix(project=project))
    timed("code-by-sector, people, sub-codes rolled up", rounds,
          lambda: code_sector_matrix(project=project, measure=PEOPLE, include_subcodes=True))  # fmt: skip
    page_ms = timed("code-by-sector page (GET)", rounds, lambda: page("code_sector_matrix"))
    timed("co-occurrence matrix (selector)", rounds, lambda: code_cooccurrence(project=project))
    timed("co-occurrence page (GET)", rounds, lambda: page("cooccurrence"))
    code_id = code.pk
    one_code = SegmentFilters(code_ids=[code_id])
    timed("coded segments of one code (selector)", rounds,
          lambda: list(segment_list(project=project, filters=one_code)))  # fmt: skip
    timed("coded segments page (GET, first 50)", rounds,
          lambda: page("segment_list", f"?code={code.public_id}"))  # fmt: skip
    timed("search 'café' (selector)", rounds, lambda: transcript_search(project=project, query="cafe"))
    verdict = "under" if max(matrix_ms, page_ms) < TARGET_MS else "OVER"
    print(
        f"code-by-sector matrix: {verdict} the {TARGET_MS:.0f} ms target (selector and page, max after first)"
    )


if __name__ == "__main__":
    main()
