"""How long the coding page takes for a 1.5 MB transcript with 2,000 codings.

Run: .venv/bin/python bench/coding_view.py [codings] [rounds] [--profile]. It builds a throwaway SQLite
database file in a temporary folder (migrated, deleted afterwards), a fictional interview whose transcript has
about 1.5 MB of text in 2,000 speaker turns (some with emoji), a codebook of 30 codes in two levels, and 2,000
codings by three coders (a quarter of them overlapping another), then, signed in as a researcher with
Django's test client, requests `analysis:transcript_code` `rounds` times (30 by default). It prints the first
GET apart, then p50, p95 and the maximum of the others, and the same for the htmx turn fragment returned after
applying a code (`analysis:coding_create`). ``--profile`` prints a cProfile of 5 more GETs.
"""

import atexit
import cProfile
import os
import pstats
import random
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
WORDS = [
    "we", "work", "with", "the", "council", "food", "bank", "volunteers", "trust", "funding", "every", "week",
    "partnership", "residents", "young", "people", "housing", "health", "meeting", "money", "time", "know",
    "really", "because", "community", "centre", "faith", "group", "services", "cut", "budget", "together",
]  # fmt: skip
EMOJI = ["🥫", "🙂", "👍🏽", "🏠"]


def build_text(size: int, rng: random.Random) -> list[str]:
    """Turns of 80 to 160 words (about 750 characters) until `size` characters."""
    turns: list[str] = []
    total = 0
    while total < size:
        words = [rng.choice(WORDS) for _ in range(rng.randint(80, 160))]
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), rng.choice(EMOJI))
        turn = " ".join(words).capitalize() + "."
        turns.append(turn)
        total += len(turn) + 2
    return turns


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p50, p95 = ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    verdict = "under" if p95 < TARGET_MS else "OVER"
    spread = f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {ordered[-1]:6.1f} ms"
    return f"{spread}  ({verdict} the {TARGET_MS:.0f} ms target)"


def build(count: int):
    from django.utils import timezone

    from coproduce.analysis.models import Code, Coding
    from coproduce.interviews.models import Interview, SpeakerRole, Transcript, TranscriptTurn
    from coproduce.people.tests.factories import StakeholderFactory
    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

    rng = random.Random(7)
    project = ProjectFactory()
    coders = [MembershipFactory(project=project, role=ProjectRole.RESEARCHER).user for _ in range(3)]
    person = StakeholderFactory(project=project, code="P07")
    interview = Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )
    turns = build_text(1_500_000, rng)
    text = "\n\n".join(turns)
    transcript = Transcript.objects.create(
        interview=interview, filename="long.txt", format="txt", original_text=text, text=text,
        redaction_done_at=timezone.now(),
    )  # fmt: skip
    rows, position = [], 0
    for order, words in enumerate(turns, start=1):
        role = SpeakerRole.INTERVIEWER if order % 2 else SpeakerRole.PARTICIPANT
        end = position + len(words)
        rows.append(TranscriptTurn(transcript=transcript, order=order, speaker="S", role=role, start=position,
                                   end=end, original_start=position, original_end=end))  # fmt: skip
        position = end + 2
    TranscriptTurn.objects.bulk_create(rows)

    def colour() -> str:
        return f"#{rng.randrange(0x1000000):06x}"

    parents = [Code.objects.create(project=project, name=f"Theme {n}", colour=colour()) for n in range(6)]
    codes = parents + [
        Code.objects.create(project=project, parent=rng.choice(parents), name=f"Code {n}", colour=colour())
        for n in range(24)
    ]
    codings: list[Coding] = []
    spans: set[tuple[int, ...]] = set()
    while len(codings) < count:
        if codings and rng.random() < 0.25:  # overlap an earlier coding
            other = rng.choice(codings)
            start = max(0, other.start + rng.randint(-40, 40))
        else:
            start = rng.randrange(len(text) - 400)
        end = start + rng.randint(20, 300)
        code, coder = rng.choice(codes), rng.choice(coders)
        if text[start].isspace() or text[end - 1].isspace() or (start, end, code.pk, coder.pk) in spans:
            continue
        spans.add((start, end, code.pk, coder.pk))
        codings.append(
            Coding(
                transcript=transcript, code=code, coder=coder, start=start, end=end, snippet=text[start:end]
            )
        )
    Coding.objects.bulk_create(codings)
    return project, interview, coders[0], codes[0], len(text), len(turns)


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 2000
    rounds = int(args[1]) if len(args) > 1 else 30
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    started = time.perf_counter()
    project, interview, user, code, length, turn_count = build(count)
    seconds = time.perf_counter() - started
    print(f"built {length:,} characters in {turn_count} turns with {count} codings in {seconds:.1f} s")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    kwargs = {"project_id": project.public_id, "interview_id": interview.public_id}
    url = reverse("analysis:transcript_code", kwargs=kwargs)
    gets: list[float] = []
    size = 0
    for _ in range(rounds):
        started = time.perf_counter()
        page = client.get(url)
        gets.append(1000 * (time.perf_counter() - started))
        assert page.status_code == 200, page.status_code
        size = len(page.content)
    posts: list[float] = []
    create = reverse("analysis:coding_create", kwargs=kwargs)
    rng = random.Random(5)
    for _ in range(rounds):
        start = rng.randrange(length - 200)
        started = time.perf_counter()
        answer = client.post(
            create,
            {"code": str(code.public_id), "start": start, "end": start + 100},
            headers={"HX-Request": "true"},
        )
        posts.append(1000 * (time.perf_counter() - started))
        assert answer.status_code == 200, answer.status_code
    if "--profile" in sys.argv:
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(url) for _ in range(5)])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats("coproduce|template|render", 30)
    megabytes = f"{length / 1e6:.1f} MB transcript, page {size / 1e6:.1f} MB"
    print(f"coding page: {megabytes}, {count} codings, {rounds} GETs:")
    print(f"  first GET              {gets[0]:7.1f} ms")
    print(f"  GET          {percentiles(gets[1:])}")
    print(f"  apply (htmx) {percentiles(posts)}")


if __name__ == "__main__":
    main()
