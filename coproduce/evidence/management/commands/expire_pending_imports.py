"""Delete uploads kept for an import that never came (reference files and register CSV files) once they
expire. Run it hourly."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from coproduce.evidence.services.imports import pending_imports_expire
from coproduce.people.services.imports import register_imports_expire


class Command(BaseCommand):
    help = (
        "Delete uploaded reference files left waiting for their columns to be mapped, and uploads whose "
        "import job never ran, past their expiry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        deleted = pending_imports_expire(now=now) + register_imports_expire(now=now)
        self.stdout.write(f"Deleted {deleted} expired upload{'s' if deleted != 1 else ''}.")
