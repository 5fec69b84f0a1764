"""Import a file of records into a project from the command line, through the same service as the page."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.evidence.importers import ImportProblem, decode_upload, detect_format
from coproduce.evidence.models import ImportFormat
from coproduce.evidence.selectors.duplicates import duplicate_candidate_count
from coproduce.evidence.services.imports import references_import
from coproduce.evidence.services.searches import search_create
from coproduce.projects.models import Project


class Command(BaseCommand):
    help = "Import references (RIS, BibTeX, CSV, PubMed .nbib or CSL-JSON) into a project's evidence review."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", required=True, help="The project's public id (a UUID).")
        parser.add_argument("--file", required=True, type=Path)
        parser.add_argument(
            "--format", choices=ImportFormat.values, help="Worked out from the file if left out."
        )
        parser.add_argument(
            "--search-source", help="Log a search of this database today and tie the import to it."
        )
        parser.add_argument("--by", help="The email address of the team member importing.")

    def handle(self, *args: Any, **options: Any) -> None:
        project = Project.objects.filter(public_id=options["project"]).first()
        if project is None:
            raise CommandError(f"No project with id {options['project']}.")
        by = User.objects.filter(email__iexact=options["by"]).first() if options["by"] else None
        if options["by"] and by is None:
            raise CommandError(f"No user with the email address {options['by']}.")
        path = Path(options["file"])
        try:
            uploaded = decode_upload(path.read_bytes())
            text = uploaded.text
            fmt = options["format"] or detect_format(filename=path.name, text=text)
            with transaction.atomic():  # no search is logged if its file cannot be imported
                search = None
                if options["search_source"]:
                    source = options["search_source"]
                    search = search_create(
                        project=project, by=by, source=source, searched_on=timezone.localdate()
                    )
                batch = references_import(
                    project=project,
                    search=search,
                    filename=path.name,
                    fmt=fmt,
                    text=text,
                    by=by,
                    encoding=uploaded.assumed_encoding,
                )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        except ImportProblem as problem:
            raise CommandError(f"Nothing was imported. {problem}") from problem
        possible = duplicate_candidate_count(project=project, batch=batch)
        self.stdout.write(
            f"{batch.records_in_file} records in the file: {batch.records_created} imported, "
            f"{batch.duplicates_merged} exact duplicates merged, {possible} possible duplicates to check. "
            f"{batch.skipped_note} {batch.encoding_note}".strip()
        )
