"""Delete uploaded spreadsheets whose columns were never mapped, once they expire. Run it hourly."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from coproduce.evidence.services.imports import pending_imports_expire


class Command(BaseCommand):
    help = "Delete uploaded reference files left waiting for their columns to be mapped past their expiry."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = pending_imports_expire(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} expired upload{'s' if deleted != 1 else ''}.")
