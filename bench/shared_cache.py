"""What the shared screening feature cache costs at 10,000 records, beside the per-process cache it replaced.

Run: .venv/bin/python bench/shared_cache.py [records] [rounds]. It uses the throwaway SQLite database and
records of bench/screening_page.py (imported: fictional RIS records, ~150-word abstracts), then prints the
median of `rounds` (20 by default) for:
- the digest each request works out now (ids and `updated_at` of the screenable records), and the
  alternative of a digest of the texts themselves;
- the key the per-process cache used before (ids only, no texts: an edit went unseen);
- a cold build (records read, TF-IDF built, stored), once;
- a load from the shared store by a process that has nothing in memory;
- the same first request as the code before made it: read every text to name the file, then load it.
"""

import hashlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import screening_page  # sets up Django with a throwaway database


def median_ms(run: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main() -> None:
    args = [int(a) for a in sys.argv[1:]]
    count, rounds = (args + [10_000, 20][len(args) :])[:2]
    from django.conf import settings
    from django.core.management import call_command
    from scipy import sparse  # type: ignore[import-untyped]

    from coproduce.core.caches import stored_prune
    from coproduce.evidence import features
    from coproduce.evidence.ranking import FEATURES_VERSION, record_text
    from coproduce.evidence.selectors.screening import (
        screenable_ids,
        screenable_references,
        screenable_versions,
    )
    from coproduce.evidence.services.imports import references_import
    from coproduce.projects.tests.factories import ProjectFactory

    call_command("migrate", verbosity=0)
    settings.MEDIA_ROOT = Path(screening_page._FOLDER) / "media"
    project = ProjectFactory()
    text = screening_page.build_ris(count)
    references_import(project=project, search=None, filename="bench.ris", fmt="ris", text=text, by=None)

    def digest_now() -> str:
        return features.features_digest(screenable_versions(project=project))

    def digest_of_texts() -> str:
        rows = screenable_references(project=project).order_by("pk").values_list("pk", "title", "abstract")
        digest = hashlib.blake2b(f"v{FEATURES_VERSION}".encode(), digest_size=16)
        for pk, title, abstract in rows:
            digest.update(f"{pk}\x1f{record_text(title, abstract)}\x1e".encode())
        return digest.hexdigest()

    def key_before() -> tuple[int, int, int]:
        ids = screenable_ids(project=project)
        return (project.pk, len(ids), hash(tuple(ids)))

    features.FEATURES_KEPT.clear()
    stored_prune(
        folder=features.FEATURES_FOLDER, group=f"project-{project.pk}"
    )  # the import's task stored it
    started = time.perf_counter()
    built = features.features_get(project=project)
    build_ms = 1000 * (time.perf_counter() - started)
    stored = sorted((Path(settings.MEDIA_ROOT) / features.FEATURES_FOLDER).glob("*.npz"))
    old_file = stored[0].with_name("before.npz")
    sparse.save_npz(old_file, built.matrix, compressed=False)

    def load_now() -> object:
        features.FEATURES_KEPT.clear()
        return features.features_get(project=project)

    def load_before() -> object:
        digest_of_texts()  # the code before named its file by a digest of every text
        return sparse.csr_matrix(sparse.load_npz(old_file))

    figures = [
        ("digest per request, now (ids + updated_at)", median_ms(digest_now, rounds)),
        ("digest per request, of the texts themselves", median_ms(digest_of_texts, rounds)),
        ("key per request, before (ids only)", median_ms(key_before, rounds)),
        ("cold build (read, TF-IDF, store)", build_ms),
        ("new process, now: digest + load from store", median_ms(load_now, rounds)),
        ("new process, before: read texts + load file", median_ms(load_before, rounds)),
    ]
    size = stored[0].stat().st_size / 1e6
    print(
        f"screening features at {built.matrix.shape[0]} records ({size:.1f} MB stored), median of {rounds}:"
    )
    for name, ms in figures:
        print(f"  {name:46} {ms:8.1f} ms")
    print(f"  in memory per project (matrix + ranker, as bounded) {built.nbytes / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
