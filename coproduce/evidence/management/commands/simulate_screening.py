"""Replay screening on a labelled CSV and print how early the ranking finds the relevant records."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.evidence.ranking import DEFAULT_MODEL, MODELS
from coproduce.evidence.simulation import labelled_set_read, simulate


class Command(BaseCommand):
    help = "Simulate prioritised screening on a CSV with title, abstract and label_included columns."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--n-prior-included", type=int, default=1)
        parser.add_argument("--n-prior-excluded", type=int, default=1)
        parser.add_argument("--model", choices=MODELS, default=DEFAULT_MODEL)
        parser.add_argument("--retrain-every", type=int, default=1, help="records screened between retrains")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        data = labelled_set_read(path)
        result = simulate(
            data,
            seed=options["seed"],
            n_prior_included=options["n_prior_included"],
            n_prior_excluded=options["n_prior_excluded"],
            model=options["model"],
            retrain_every=options["retrain_every"],
        )
        self.stdout.write(f"{path.name}: {len(data.labels)} records, {sum(data.labels)} relevant")
        self.stdout.write(f"priors (row numbers from 0): {result.priors}")
        for name, value in result.figures.items():
            self.stdout.write(f"{name:>11}: {value:.3f}")
        self.stdout.write(f"{'run time':>11}: {result.seconds:.1f} s ({result.retrains} retrains)")
