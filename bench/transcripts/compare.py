"""A long transcript in coproduce and in Taguette 1.5.2: import, the coding page, and a coded DOCX export.

Run: .venv/bin/python bench/transcripts/compare.py [--words 175000] [--codings 2000] [--gets 7]
[--no-taguette]

It writes a fictional "Name: text" transcript of about 175,000 words (about 1.5 MB), then:
- coproduce: in a throwaway migrated SQLite database (deleted afterwards), records the person's interview
  consent (`consent_record`), imports the file through `transcript_import`, adds 2,000 codings, and, signed
  in as a researcher with Django's test client, requests the coding page (`analysis:transcript_code`) a few
  times (p50 / p95) and the DOCX export (`analysis:transcript_docx`);
- Taguette 1.5.2: installed on first use into bench/.venv-taguette (`python -m venv`, `pip install
  taguette==1.5.2`), with Debian's calibre (for `ebook-convert`) installed by apt-get when missing and this
  user may (root or sudo); otherwise it says why and skips Taguette. taguette_driver.py, run with
  Taguette's Python, imports the same file and exports the document with the same number of highlights.
Then it prints a table of both, beside the targets.
"""

import atexit
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
_FOLDER = tempfile.mkdtemp(prefix="coproduce-bench-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_FOLDER}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

TAGUETTE = "taguette==1.5.2"
VENV = ROOT / "bench" / ".venv-taguette"
TARGET_IMPORT_S, TARGET_EXPORT_S = 1.0, 3.0
PARTICIPANT = "Morwenna Tregarthen"  # fictional
WORDS = [
    "community", "council", "housing", "volunteers", "neighbourhood", "funding", "tenants", "partnership",
    "wellbeing", "loneliness", "commissioning", "transport", "libraries", "families", "residents",
    "confidence", "listening", "meetings", "decisions", "priorities", "services", "together", "children",
    "difference", "experience", "organisation", "relationship", "everybody", "sometimes", "actually",
    "important", "different", "probably", "difficult", "understand", "remember", "certainly", "building",
]  # fmt: skip
FILLER = ["the", "and", "we", "they", "that", "was", "with", "for", "about", "really", "because", "people"]


def transcript_text(words: int, seed: int = 5) -> str:
    """Alternating turns: a short question from the interviewer, a longer answer from the participant."""
    rng = random.Random(seed)
    lines: list[str] = []
    written = 0
    while written < words:
        asking = len(lines) % 2 == 0
        count = rng.randint(12, 30) if asking else rng.randint(80, 220)
        said = " ".join(rng.choice(FILLER) if rng.random() < 0.3 else rng.choice(WORDS) for _ in range(count))
        said = said.capitalize() + ("?" if asking else ".")
        lines.append(f"{'Interviewer' if asking else PARTICIPANT}: {said}")
        written += count
    return "\n\n".join(lines) + "\n"


def spread(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return ordered[len(ordered) // 2], ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def coproduce_run(data: bytes, codings: int, gets: int) -> dict[str, float]:
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from coproduce.analysis.models import Coding
    from coproduce.analysis.services.codebook import code_create
    from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
    from coproduce.consent.services.events import consent_record
    from coproduce.interviews.models import Interview
    from coproduce.interviews.services.transcripts import transcript_import, transcript_redaction_finish
    from coproduce.people.tests.factories import StakeholderFactory
    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

    project = ProjectFactory()
    user = MembershipFactory(project=project, role=ProjectRole.RESEARCHER).user
    person = StakeholderFactory(project=project, code="P01", full_name=PARTICIPANT)
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.INTERVIEW], kind=ConsentKind.GIVEN,
        method=ConsentMethod.VERBAL, by=user,
    )  # fmt: skip
    interview = Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )
    started = time.perf_counter()
    transcript = transcript_import(interview=interview, by=user, data=data, filename="interview.txt")
    import_s = time.perf_counter() - started
    turns = transcript.turns.count()
    # The coding page and the export read a pseudonymised transcript: keep the suggestions as written.
    transcript_redaction_finish(transcript=transcript, by=user, undecided="keep")

    codes = [code_create(project=project, by=user, name=f"Code {n}") for n in range(20)]
    text, step = transcript.text, len(transcript.text) // codings
    rows = []
    for n in range(codings):  # every 4th overlaps the next one
        start = n * step
        end = start + (step + step // 2 if n % 4 == 0 else step // 2)
        end = min(end, len(text))
        rows.append(
            Coding(transcript=transcript, code=codes[n % len(codes)], start=start, end=end,
                   snippet=text[start:end], coder=user)
        )  # fmt: skip
    Coding.objects.bulk_create(rows)

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    kwargs = {"project_id": project.public_id, "interview_id": interview.public_id}
    page_times: list[float] = []
    for _ in range(gets):
        started = time.perf_counter()
        page = client.get(reverse("analysis:transcript_code", kwargs=kwargs))
        page_times.append(time.perf_counter() - started)
        assert page.status_code == 200, page.status_code
    export_times: list[float] = []
    for _ in range(3):
        started = time.perf_counter()
        answer = client.get(reverse("analysis:transcript_docx", kwargs=kwargs))
        export_times.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.status_code
    p50, p95 = spread(page_times[1:])
    return {
        "import_s": import_s, "turns": turns, "page_first_s": page_times[0], "page_p50_s": p50,
        "page_p95_s": p95, "page_bytes": len(page.content), "export_s": sorted(export_times)[1],
        "export_max_s": max(export_times), "docx_bytes": len(answer.content),
    }  # fmt: skip


def _as_root(command: list[str]) -> list[str] | None:
    if os.geteuid() == 0:
        return command
    if shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n", *command]
    return None


def taguette_ready() -> str | None:
    """Install Taguette and calibre when missing; the reason Taguette cannot run, or None."""
    python = VENV / "bin" / "python"
    if (
        not python.exists()
        or subprocess.run([python, "-c", "import taguette"], capture_output=True).returncode
    ):
        print(f"Installing {TAGUETTE} into {VENV.relative_to(ROOT)} ...", flush=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True)
        if made.returncode:
            return f"python -m venv failed: {made.stderr.strip()[-300:]}"
        # Taguette's opentelemetry imports pkg_resources, which Python 3.12's venv no longer brings.
        packages = [TAGUETTE, "setuptools<70"]
        pip = subprocess.run(
            [python, "-m", "pip", "install", "-q", *packages], capture_output=True, text=True
        )
        if pip.returncode:
            return f"pip install {TAGUETTE} failed: {pip.stderr.strip()[-300:]}"
    if not shutil.which("ebook-convert"):
        update = _as_root(["apt-get", "update", "-q"])
        if update is None:
            return "calibre's ebook-convert is missing and apt-get needs root or passwordless sudo"
        print("Installing calibre (for ebook-convert) with apt-get ...", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(update, capture_output=True, env=env)
        install = _as_root(["apt-get", "install", "-y", "-q", "calibre"]) or []
        done = subprocess.run(install, capture_output=True, text=True, env=env)
        if done.returncode or not shutil.which("ebook-convert"):
            return f"apt-get install calibre failed: {done.stderr.strip()[-300:]}"
    return None


def taguette_run(path: Path, codings: int) -> dict[str, float]:
    driver = Path(__file__).resolve().parent / "taguette_driver.py"
    work = Path(_FOLDER) / "taguette"
    work.mkdir()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [str(VENV / "bin" / "python"), str(driver), str(path), str(work), str(codings)],
        capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(done.stderr.strip()[-1500:])
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    def option(name: str, default: int) -> int:
        return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default

    words, codings, gets = option("--words", 175_000), option("--codings", 2_000), option("--gets", 7)
    text = transcript_text(words)
    path = Path(_FOLDER) / "interview.txt"
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size
    print(f"transcript: {len(text.split()):,} words, {size / 1e6:.2f} MB, {codings:,} codings")

    ours = coproduce_run(text.encode("utf-8"), codings, gets)
    print(f"coproduce: {ours['turns']:,} turns; coding page {ours['page_bytes'] / 1e6:.1f} MB of HTML, "
          f"DOCX {ours['docx_bytes'] / 1e6:.1f} MB "
          f"(export: median of 3, max {ours['export_max_s']:.2f} s)")  # fmt: skip

    theirs: dict[str, float] | None = None
    why = "--no-taguette given" if "--no-taguette" in sys.argv else taguette_ready()
    if why is None:
        try:
            theirs = taguette_run(path, codings)
            html_mb, docx_mb = theirs["html_bytes"] / 1e6, theirs["docx_bytes"] / 1e6
            print(f"taguette: HTML {html_mb:.1f} MB, DOCX {docx_mb:.1f} MB")
        except (RuntimeError, subprocess.TimeoutExpired) as problem:
            why = f"Taguette failed: {problem}"
    if why:
        print(f"Taguette skipped: {why}")

    def cell(seconds: float | None) -> str:
        return "-" if seconds is None else f"{seconds:.2f} s"

    their_import = theirs["import_seconds"] if theirs else None
    their_export = theirs["export_seconds"] if theirs else None
    print()
    print("| step | coproduce | Taguette 1.5.2 | target |")
    print("|---|---:|---:|---|")
    print(f"| import | {cell(ours['import_s'])} | {cell(their_import)} | "
          f"under {TARGET_IMPORT_S:.0f} s |")  # fmt: skip
    print(f"| coding page, first GET | {ours['page_first_s']:.2f} s | - | |")
    print(f"| coding page, GET p50 / p95 (next {gets - 1}) | "
          f"{ours['page_p50_s']:.2f} / {ours['page_p95_s']:.2f} s | - | |")  # fmt: skip
    print(f"| DOCX export, {codings:,} codings | {cell(ours['export_s'])} | "
          f"{cell(their_export)} | under {TARGET_EXPORT_S:.0f} s |")  # fmt: skip
    verdicts = [
        ("import", ours["import_s"] < TARGET_IMPORT_S),
        ("DOCX export", ours["export_s"] < TARGET_EXPORT_S),
    ]
    print("coproduce: " + ", ".join(f"{name} {'under' if ok else 'OVER'} target" for name, ok in verdicts))


if __name__ == "__main__":
    main()
