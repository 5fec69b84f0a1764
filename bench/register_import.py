"""How long importing 1,000 and 5,000 people into the stakeholder register takes: the rows written together
(`stakeholders_create_many`, today's path) beside `stakeholder_create` called once per row (the path before
it), in the same run; then how long the upload request takes when the file is imported by a job.

Run: .venv/bin/python bench/register_import.py [rows ...] [--profile]. It builds a CSV file of fictional
people (names made up from word lists, example.org addresses, some at one of 40 fictional organisations, with
interests and statuses), imports it into a new project of a throwaway SQLite database each way, and prints
the seconds and queries taken. Both ways check the rows the same way; only the writing differs. `--profile`
prints the 15 most expensive calls of the new path.
"""

import cProfile
import io
import os
import pstats
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django

django.setup()

from django.db import connection  # noqa: E402

FIRST = ["Idris", "Nia", "Owain", "Ffion", "Gwen", "Tomos", "Alys", "Rhys", "Eira", "Cai", "Mali", "Dylan"]
LAST = ["Marchbank", "Blackwood", "Thistledown", "Quillfeather", "Harrowgate", "Oakhurst", "Fennimore"]
INTERESTS = ["Housing", "Youth work", "Food poverty", "Transport", "Older people", "Green spaces", "Jobs"]
STATUSES = ["", "Identified", "Invited", "Consented", "interviewed", "participating"]
ORGANISATIONS = 40
HEADER = "full_name,role,organisation,email,phone,interests,status,notes"


def people_csv(rows: int, seed: int = 11) -> bytes:
    """`rows` fictional people, every name different."""
    rng = random.Random(seed)
    lines = [HEADER]
    for n in range(rows):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{n}"
        organisation = f"Brookvale Trust {rng.randrange(ORGANISATIONS)}" if n % 3 else ""
        interests = "; ".join(rng.sample(INTERESTS, rng.randint(0, 3)))
        email = f"person{n}@example.org" if n % 2 else ""
        phone = f"0121 496 {n % 10000:04d}" if n % 4 == 0 else ""
        status = rng.choice(STATUSES)
        lines.append(f"{name},Volunteer,{organisation},{email},{phone},{interests},{status},Met at a forum")
    return ("\n".join(lines) + "\n").encode()


def _project_with_organisations() -> tuple[Any, Any]:
    from coproduce.people.tests.factories import OrganisationFactory
    from coproduce.projects.permissions import ProjectRole
    from coproduce.projects.tests.factories import MembershipFactory

    membership = MembershipFactory(role=ProjectRole.LEAD)
    for n in range(ORGANISATIONS):
        OrganisationFactory(project=membership.project, name=f"Brookvale Trust {n}")
    return membership.project, membership.user


def _per_row(project: Any, file: io.BytesIO, by: Any) -> Any:
    """The path before the rows were written together: the same checks, then one service call per row."""
    from coproduce.people import csv_import
    from coproduce.people.services import stakeholder_create

    def write(valid: list[dict[str, Any]], progress: Any) -> None:
        for data in valid:
            stakeholder_create(project=project, by=by, status_note=csv_import.IMPORT_NOTE, **data)

    check = csv_import._people_check(project)
    unheard = csv_import._unheard
    return csv_import._run(
        kind="people", project=project, file=file, by=by, check=check, write=write, progress=unheard
    )


def _together(project: Any, file: io.BytesIO, by: Any) -> Any:
    from coproduce.people.csv_import import stakeholders_import_csv

    return stakeholders_import_csv(project=project, file=file, by=by)


def _timed(how: Callable[[Any, io.BytesIO, Any], Any], content: bytes) -> tuple[float, int]:
    project, user = _project_with_organisations()
    queries = 0

    def count(execute: Callable[..., Any], *args: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(*args)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = how(project, io.BytesIO(content), user)
        seconds = time.perf_counter() - started
    assert result.ok and result.created == content.count(b"\n") - 1, result.errors[:3]
    return seconds, queries


def _upload_seconds(content: bytes) -> tuple[float, float, str]:
    """The seconds the upload request takes when the file goes to a job, and the seconds the worker took."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    from coproduce.jobs.models import Job

    project, user = _project_with_organisations()
    client = Client()
    client.force_login(user)
    url = reverse("people:import_upload", kwargs={"project_id": project.public_id})
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    with override_settings(REGISTER_IMPORT_IN_BACKGROUND_ROWS=0, TASKS=queue, ALLOWED_HOSTS=["testserver"]):
        started = time.perf_counter()
        client.post(url, {"kind": "people", "file": SimpleUploadedFile("people.csv", content)})
        request = time.perf_counter() - started
        call_command("jobs_worker", worker_id="bench", batch=True, interval=0.01, verbosity=0)
    job = Job.objects.get(project=project)
    assert job.started_at is not None and job.finished_at is not None
    worker = (job.finished_at - job.started_at).total_seconds()
    return request, worker, str(job.result.get("summary", {}).get("message", job.error))


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:] if a.isdigit()] or [1_000, 5_000]
    connection.creation.create_test_db(verbosity=0)
    for rows in sizes:
        content = people_csv(rows)
        new, new_queries = _timed(_together, content)
        old, old_queries = _timed(_per_row, content)
        print(
            f"{rows:,} people: {new:.2f} s and {new_queries:,} queries written together; "
            f"{old:.2f} s and {old_queries:,} queries one service call per row ({old / new:.1f} times longer)"
        )
    for rows in sizes:
        request, worker, message = _upload_seconds(people_csv(rows))
        print(
            f"{rows:,} people uploaded: the request took {request:.2f} s, the job {worker:.2f} s: {message}"
        )
    if "--profile" in sys.argv:
        project, user = _project_with_organisations()
        profile = cProfile.Profile()
        profile.runcall(_together, project, io.BytesIO(people_csv(sizes[-1])), user)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
