"""Delete files made by background work after JOB_RESULT_DAYS, and finished jobs after JOB_KEEP_DAYS."""

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.jobs.services import job_prune


class Command(BaseCommand):
    help = "Delete old files made by background work, and the records of long-finished work."

    def handle(self, *args: Any, **options: Any) -> None:
        files, jobs = job_prune()
        self.stdout.write(f"Deleted {files} file(s) and {jobs} finished job(s).")
