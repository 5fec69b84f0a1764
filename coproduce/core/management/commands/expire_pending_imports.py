"""Delete uploads kept until used (reference files, register CSV files, REFI-QDA files, corrected transcripts
waiting for confirmation) once they expire: every concrete `KeptUpload` model of every app. Run it hourly."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from coproduce.core.services import uploads_expire


class Command(BaseCommand):
    help = (
        "Delete uploaded files kept until they are used (imports waiting for their column mapping or their "
        "job, corrected transcripts waiting for confirmation), past their expiry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = uploads_expire(now=timezone.now())
        self.stdout.write(f"Deleted {deleted} expired upload{'s' if deleted != 1 else ''}.")
