"""How long the import request of a long transcript takes: names looked for by a job, beside in the request.

Run: .venv/bin/python bench/transcript_import.py [--copies 1] [--rounds 3]

The transcript is the two real, anonymised transcripts in ../shared/data/transcripts/proctor-qc-demo (a
school-board meeting and a semi-structured interview; AGPL-3.0, from github.com/cproctor/qualitative-coding,
see SOURCES.md there), joined and repeated `--copies` times (84 kB, 14,000 words, with 1: a long interview).
It skips, saying so, when that folder is absent.

In a throwaway migrated SQLite database (deleted afterwards), signed in as a researcher with Django's test
client, each round posts the file to the import page (`interviews:transcript_upload`) twice, for two new
interviews, in turn:
- in the request: with the immediate task backend, so the name-finding job runs inside the request, as the
  import did before it was a job;
- by a job: with the database task backend, so the request only parses, saves the turns, guesses the
  speakers and queues the job; the worker's work (`transcript_names_find`) is then timed on its own.
The name-finding model is loaded once before timing (a worker keeps it loaded). Both paths must leave the same
suggestions. It prints the median of the rounds for each path, and every round.
"""

import argparse
import atexit
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCE = ROOT.parent / "shared" / "data" / "transcripts" / "proctor-qc-demo"
FILES = ("board_2017.txt", "admin-1.txt")
_FOLDER = tempfile.mkdtemp(prefix="coproduce-bench-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_FOLDER}/bench.sqlite3"

import django  # noqa: E402

django.setup()
logging.disable(logging.INFO)  # each request and task logs a line

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

IMMEDIATE = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}
}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def transcript_bytes(copies: int) -> bytes:
    parts = [(SOURCE / name).read_text(encoding="utf-8") for name in FILES]
    return "\n\n".join(parts * copies).encode()


def _world() -> tuple[Client, Any, Any]:
    """A project, and a researcher signed in to it."""
    from django.conf import settings

    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import MembershipFactory, ProjectFactory

    project = ProjectFactory()
    user = MembershipFactory(project=project, role=ProjectRole.RESEARCHER).user
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    return client, project, user


def _interview(project: Any, user: Any) -> Any:
    """A new person who agreed to be interviewed, and their interview, done."""
    from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
    from coproduce.consent.services.events import consent_record
    from coproduce.interviews.models import Interview
    from coproduce.people.tests.factories import StakeholderFactory

    person = StakeholderFactory(project=project)
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.INTERVIEW], kind=ConsentKind.GIVEN,
        method=ConsentMethod.VERBAL, by=user,
    )  # fmt: skip
    return Interview.objects.create(
        project=project, stakeholder=person, scheduled_for=timezone.now(), status="done"
    )


def _post(client: Client, interview: Any, data: bytes) -> float:
    kwargs = {"project_id": interview.project.public_id, "interview_id": interview.public_id}
    url = reverse("interviews:transcript_upload", kwargs=kwargs)
    started = time.perf_counter()
    response = client.post(url, {"file": SimpleUploadedFile("long-interview.txt", data)})
    seconds = time.perf_counter() - started
    if response.status_code != 302:
        raise SystemExit(f"the import was refused ({response.status_code})")
    return seconds


def _suggestions(interview: Any) -> int:
    from coproduce.interviews.models import Transcript

    return Transcript.objects.get(interview=interview).redactions.count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    if not all((SOURCE / name).is_file() for name in FILES):
        print(f"skipped: the shared transcripts are not in {SOURCE}")
        return
    from coproduce.interviews.entities import name_finder_available
    from coproduce.interviews.models import Transcript
    from coproduce.interviews.tasks import transcript_names_find

    call_command("migrate", verbosity=0)
    data = transcript_bytes(options.copies)
    print(f"A transcript of {len(data):,} bytes ({len(data.split()):,} words), {options.rounds} rounds.")
    if not name_finder_available():
        print("Note: the name-finding model is not installed; only the register and patterns are searched.")
    client, project, user = _world()
    rows: list[tuple[float, float, float]] = []
    for _round in range(options.rounds):
        with override_settings(TASKS=IMMEDIATE):
            in_request = _interview(project, user)
            request_s = _post(client, in_request, data)
        with override_settings(TASKS=DATABASE):
            by_job = _interview(project, user)
            job_request_s = _post(client, by_job, data)
            queued = _suggestions(by_job)
            job_id = Transcript.objects.get(interview=by_job).names_job_id or 0
            started = time.perf_counter()
            transcript_names_find.call(job_id=job_id)
            worker_s = time.perf_counter() - started
        if queued or _suggestions(by_job) != _suggestions(in_request):
            raise SystemExit("the two paths left different suggestions")
        rows.append((request_s, job_request_s, worker_s))
        print(
            f"  round: in the request {request_s:.2f} s; by a job {job_request_s:.2f} s, then the worker "
            f"{worker_s:.2f} s ({_suggestions(by_job)} suggestions either way)"
        )
    medians = [statistics.median(column) for column in zip(*rows, strict=True)]
    print(
        f"Median import request: names found in the request {medians[0]:.2f} s; names found by a job "
        f"{medians[1]:.2f} s ({medians[0] / medians[1]:.0f} times shorter), the job's work on the worker "
        f"{medians[2]:.2f} s."
    )


if __name__ == "__main__":
    main()
