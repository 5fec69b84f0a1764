"""Run a task worker: first queue again what this worker left running when it last stopped, then work.

    manage.py jobs_worker --worker-id web1-1 [--queue-name default,email] [db_worker options]

Give each worker a lasting id (systemd: the instance name): a worker killed mid-job then finds, when it
starts again, the jobs it was running, and queues them again at once rather than after their lease.
"""

import socket
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from coproduce.jobs.services import job_recover


class Command(BaseCommand):
    help = "Run a task worker, first queueing again the jobs it left running when it last stopped."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--worker-id", default=f"{socket.gethostname()}-worker"[:64])
        parser.add_argument("--queue-name", default="default,email")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks for a task")
        parser.add_argument("--batch", action="store_true", help="Stop when there is nothing left to do")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options["worker_id"]
        recovered = job_recover(worker_id=worker_id)
        if recovered:
            self.stderr.write(f"Queued again {recovered} job(s) left running when this worker last stopped.")
        db_options: dict[str, Any] = {
            "worker_id": worker_id,
            "queue_name": options["queue_name"],
            "interval": options["interval"],
        }
        if options["batch"]:
            db_options["batch"] = True
        call_command("db_worker", **db_options)
