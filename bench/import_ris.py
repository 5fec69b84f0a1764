"""How long importing 10,000 RIS records takes, exact and near-duplicate detection included.

Run: .venv/bin/python bench/import_ris.py [records]. It builds the file itself (with some exact and some
near duplicates), imports it into a fresh throwaway SQLite database and prints the seconds taken.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = "sqlite://:memory:"

import django

django.setup()

from django.db import connection  # noqa: E402

WORDS = [
    "community", "council", "housing", "health", "outcomes", "participatory", "evaluation", "youth",
    "services", "randomised", "trial", "review", "wellbeing", "poverty", "food", "volunteers", "social",
    "care", "mental", "local", "policy", "co-production", "neighbourhood", "loneliness", "older", "adults",
    "intervention", "qualitative", "study", "systematic", "evidence", "employment", "schools", "children",
]  # fmt: skip


def build_ris(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    vocabulary = WORDS + [f"term{n}" for n in range(4000)]
    lines: list[str] = []
    previous: list[str] = []
    year, author = 2000, "Author0"
    for n in range(count):
        if previous and n % 50 == 0:
            title_words = previous[:]  # an exact duplicate
        elif previous and n % 37 == 0:
            title_words = [*previous[:-1], "revisited"]  # a near duplicate
        else:
            title_words = [rng.choice(vocabulary) for _ in range(rng.randint(6, 14))]
            year, author = rng.randint(1995, 2025), f"Author{rng.randint(1, 3000)}"
        previous = title_words
        lines += [
            "TY  - JOUR",
            f"TI  - {' '.join(title_words).capitalize()}",
            f"AU  - {author}, Alex",
            "AU  - Second, Sam",
            f"PY  - {year}",
            f"AB  - {' '.join(rng.choice(vocabulary) for _ in range(120))}",
            "T2  - Journal of Local Public Services",
            f"DO  - 10.9999/bench.{n}" if n % 50 else "",
            "ER  - ",
            "",
        ]
    return "\n".join(line for line in lines if line) + "\n"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    connection.creation.create_test_db(verbosity=0)
    from coproduce.evidence.services.imports import references_import
    from coproduce.projects.tests.factories import ProjectFactory

    project = ProjectFactory()
    text = build_ris(count)
    started = time.perf_counter()
    batch = references_import(
        project=project, search=None, filename="bench.ris", fmt="ris", text=text, by=None
    )
    seconds = time.perf_counter() - started
    print(
        f"{count} RIS records imported in {seconds:.2f} s: {batch.records_created} created, "
        f"{batch.duplicates_merged} exact duplicates merged, "
        f"{project.duplicate_candidates.count()} possible duplicates found"
    )


if __name__ == "__main__":
    main()
