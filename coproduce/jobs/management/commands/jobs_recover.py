"""Queue again the jobs whose worker stopped (their lease has passed). Run it every few minutes."""

from typing import Any

from django.core.management.base import BaseCommand

from coproduce.jobs.services import job_recover


class Command(BaseCommand):
    help = "Queue again background jobs left running by a worker that stopped."

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = job_recover()
        self.stdout.write(f"Queued again {recovered} job(s).")
