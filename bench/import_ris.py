"""How long importing 10,000 RIS records takes, exact and near-duplicate detection included, and how long
the researcher's upload request takes when the file is imported in the request or by a job.

Run: .venv/bin/python bench/import_ris.py [records]. It builds the file itself (with some exact and some
near duplicates), imports it into a fresh throwaway SQLite database and prints the seconds taken. Then it
uploads the same file through the upload page twice, to two new projects: once imported in the request
(today's path for files up to IMPORT_IN_BACKGROUND_BYTES) and once as a job on the database task queue (the
path for larger files), which the worker then runs; it prints the seconds each request took, and the
worker's.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django

django.setup()

from django.db import connection  # noqa: E402

WORDS = [
    "community", "council", "housing", "health", "outcomes", "participatory", "evaluation", "youth",
    "services", "randomised", "trial", "review", "wellbeing", "poverty", "food", "volunteers", "social",
    "care", "mental", "local", "policy", "co-production", "neighbourhood", "loneliness", "older", "adults",
    "intervention", "qualitative", "study", "systematic", "evidence", "employment", "schools", "children",
]  # fmt: skip


def build_ris(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    vocabulary = WORDS + [f"term{n}" for n in range(4000)]
    lines: list[str] = []
    previous: list[str] = []
    year, author = 2000, "Author0"
    for n in range(count):
        if previous and n % 50 == 0:
            title_words = previous[:]  # an exact duplicate
        elif previous and n % 37 == 0:
            title_words = [*previous[:-1], "revisited"]  # a near duplicate
        else:
            title_words = [rng.choice(vocabulary) for _ in range(rng.randint(6, 14))]
            year, author = rng.randint(1995, 2025), f"Author{rng.randint(1, 3000)}"
        previous = title_words
        lines += [
            "TY  - JOUR",
            f"TI  - {' '.join(title_words).capitalize()}",
            f"AU  - {author}, Alex",
            "AU  - Second, Sam",
            f"PY  - {year}",
            f"AB  - {' '.join(rng.choice(vocabulary) for _ in range(120))}",
            "T2  - Journal of Local Public Services",
            f"DO  - 10.9999/bench.{n}" if n % 50 else "",
            "ER  - ",
            "",
        ]
    return "\n".join(line for line in lines if line) + "\n"


def _upload_seconds(text: str, *, in_background: bool) -> tuple[float, object]:
    """The seconds the upload request and the preview's confirmation take together, and the last response."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client, override_settings
    from django.urls import reverse

    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import MembershipFactory

    membership = MembershipFactory(role=ProjectRole.RESEARCHER)
    client = Client()
    client.force_login(membership.user)
    url = reverse("evidence:import_upload", kwargs={"project_id": membership.project.public_id})
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    threshold = 0 if in_background else 10**9
    with override_settings(IMPORT_IN_BACKGROUND_BYTES=threshold, TASKS=queue, ALLOWED_HOSTS=["testserver"]):
        upload = SimpleUploadedFile("bench.ris", text.encode())
        started = time.perf_counter()
        preview = client.post(url, {"search": "none", "file": upload, "format": "auto"})
        response = client.post(preview["Location"])  # "Import the N usable records" on the preview
        return time.perf_counter() - started, response


def requests_compared(text: str) -> None:
    from django.core.management import call_command
    from django.test import override_settings

    from coproduce.jobs.models import Job

    in_request, _ = _upload_seconds(text, in_background=False)
    by_job, _ = _upload_seconds(text, in_background=True)
    job = Job.objects.get()
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=queue):  # it also runs the screening-features tasks both imports queued
        call_command("jobs_worker", worker_id="bench", batch=True, interval=0.01, verbosity=0)
    job.refresh_from_db()
    assert job.started_at is not None and job.finished_at is not None
    worker = (job.finished_at - job.started_at).total_seconds()
    print(
        f"The upload and confirmation for {len(text.encode()) / 1e6:.1f} MB: {in_request:.2f} s importing "
        f"in the request, {by_job:.2f} s starting a job (then the job ran {worker:.2f} s in the worker; "
        f"{job.get_status_display()}: {job.result.get('summary', {}).get('message', job.error)})"
    )


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    connection.creation.create_test_db(verbosity=0)
    from coproduce.evidence.services.imports import references_import
    from coproduce.projects.tests.factories import ProjectFactory

    project = ProjectFactory()
    text = build_ris(count)
    started = time.perf_counter()
    batch = references_import(
        project=project, search=None, filename="bench.ris", fmt="ris", text=text, by=None
    )
    seconds = time.perf_counter() - started
    print(
        f"{count} RIS records imported in {seconds:.2f} s: {batch.records_created} created, "
        f"{batch.duplicates_merged} exact duplicates merged, "
        f"{project.duplicate_candidates.count()} possible duplicates found"
    )
    requests_compared(text)


if __name__ == "__main__":
    main()
