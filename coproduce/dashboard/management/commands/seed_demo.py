from typing import Any

from django.core.management.base import BaseCommand

from coproduce.dashboard.demo import demo_logins, demo_project_get, demo_seed
from coproduce.dashboard.demo_data import DEMO_PASSWORD


class Command(BaseCommand):
    help = 'Load the fictional demo project "Birmingham Together (demo)" and its logins (once).'

    def handle(self, *args: Any, **options: Any) -> None:
        existed = demo_project_get() is not None
        project = demo_seed()
        self.stdout.write(
            f"{'Demo project already loaded' if existed else 'Loaded the demo project'}: {project.title}"
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<12} {login.email}")
