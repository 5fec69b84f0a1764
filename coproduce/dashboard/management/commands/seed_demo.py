from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coproduce.dashboard.demo import demo_logins, demo_project_get, demo_seed
from coproduce.dashboard.demo_context import BIRMINGHAM, demo_context_seed
from coproduce.dashboard.demo_data import DEMO_PASSWORD


class Command(BaseCommand):
    help = 'Load the fictional demo project "Birmingham Together (demo)" and its logins (once).'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--context-data",
            type=Path,
            default=BIRMINGHAM,
            help="The folder of Birmingham ward and budget files for the local context dossier "
            "(default: ../shared/data/birmingham beside the project).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        existed = demo_project_get() is not None
        project = demo_seed()
        self.stdout.write(
            f"{'Demo project already loaded' if existed else 'Loaded the demo project'}: {project.title}"
        )
        self.stdout.write(
            demo_context_seed(project=project, by=project.created_by, folder=options["context_data"])
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<12} {login.email}")
