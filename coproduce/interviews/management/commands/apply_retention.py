"""Delete identifiable transcript text past each project's retention date. Run it daily (e.g. from cron)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from coproduce.interviews.services.transcripts import transcripts_retention_apply


class Command(BaseCommand):
    help = "Delete the original text of transcripts in projects whose retention date has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        cleared = transcripts_retention_apply(today=timezone.localdate())
        self.stdout.write(f"Deleted the original text of {cleared} transcript{'s' if cleared != 1 else ''}.")
