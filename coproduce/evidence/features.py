"""The screening feature matrix of a project: one per version of its records' texts, shared by every process.

The matrix (TF-IDF of each record's title and abstract, `ranking.features_build`) is keyed by a digest of
the screenable records' ids and the time each was last saved (`updated_at`: every service that changes a
title or abstract saves the row; an import or a duplicate decision changes the ids), with the features
version. The digest costs one query of two columns per use (about three times the old ids-only key and half a
digest of the texts at 10,000 records: bench/shared_cache.py), so an edit in one process changes the ranking
in every process.

Where it is kept (docs/adr/0008-shared-caches.md):
- in the default file storage, ``screening-features/project-<id>-<digest>.npz`` (`core.caches`): a process
  that has not got it loads it there (a fraction of a second) instead of building it (several seconds);
  storing a new version deletes the project's older file;
- in this process, with its `Ranker`, in a `MemoryLRU` of at most ``SCREENING_FEATURES_MEMORY_MB``
  (200 MB by default: a 10,000-record project takes about 50 MB with its ranker).

With the matrix, each process keeps the last few rankings it worked out (`Features.ranking`), keyed by a
digest of the decisions they learnt from: the fit is deterministic for a matrix and its decisions, so the
pages that follow a decision (every screener's, until the next decision) read the order instead of
retraining (at 5,000 records screened, about 0.4 s of fitting per page).

The `features_prepare` task (evidence/tasks.py) builds it ahead of the first screening page, queued when an
import or a duplicate decision commits.
"""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import CharField
from django.db.models.functions import Cast
from scipy import sparse  # type: ignore[import-untyped]

from coproduce.core.caches import MB, MemoryLRU, stored_read, stored_write
from coproduce.projects.models import Project

from .ranking import FEATURES_VERSION, Ranker, features_build, record_text
from .selectors.screening import screenable_references, screenable_versions

FEATURES_FOLDER = "screening-features"
DEFAULT_MEMORY_MB = 200
RANKER_FACTOR = 2  # a ranker keeps a second, slightly smaller copy of the matrix for scoring
RANKINGS_KEPT = 4  # rankings kept with a matrix, for the last few sets of decisions


@dataclass(frozen=True)
class Ranking:
    """What one fit on a set of decisions gives: the unlabelled rows, most likely relevant first."""

    rows: np.ndarray


def labels_digest(labels: Mapping[int, bool]) -> str:
    """A digest of the decisions a ranker learns from (row -> included), in row order."""
    rows = np.fromiter(labels.keys(), dtype=np.int64, count=len(labels))
    included = np.fromiter(labels.values(), dtype=bool, count=len(labels))
    order = np.argsort(rows, kind="stable")
    digest = hashlib.blake2b(b"labels-v1", digest_size=16)
    digest.update(rows[order].tobytes())
    digest.update(included[order].tobytes())
    return digest.hexdigest()


@dataclass
class Features:
    ids: list[int]  # record ids in row order
    rows: dict[int, int]  # record id -> row
    matrix: sparse.csr_matrix
    seed: int
    lock: threading.Lock = field(default_factory=threading.Lock)  # one retrain at a time per ranker
    _ranker: Ranker | None = None
    _rankings: OrderedDict[str, Ranking] = field(default_factory=OrderedDict)

    def ranking(self, labels: Mapping[int, bool]) -> Ranking:
        """The ranking after training on `labels` (row -> included), fitted once per set of labels and kept:
        a second page with the same decisions reads it instead of fitting again."""
        key = labels_digest(labels)
        with self.lock:
            found = self._rankings.get(key)
            if found is not None:
                self._rankings.move_to_end(key)
                return found
            ranker = self.ranker()
            ranker.fit(labels)
            rows = np.asarray(ranker.rank(), dtype=np.int32)
            found = Ranking(rows)
            self._rankings[key] = found
            while len(self._rankings) > RANKINGS_KEPT:
                self._rankings.popitem(last=False)
            return found

    def ranker(self) -> Ranker:
        """The project's ranker over this matrix, made on first use and then kept (call under ``lock``)."""
        if self._ranker is None:
            self._ranker = Ranker(features=self.matrix, seed=self.seed)
        return self._ranker

    @property
    def nbytes(self) -> int:
        m = self.matrix
        matrix_bytes = int(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes)
        return RANKER_FACTOR * matrix_bytes + (64 + 4 * RANKINGS_KEPT) * len(self.ids)


def _memory_limit() -> int:
    return int(getattr(settings, "SCREENING_FEATURES_MEMORY_MB", DEFAULT_MEMORY_MB) * MB)


FEATURES_KEPT: MemoryLRU[Features] = MemoryLRU(limit=_memory_limit)


def features_digest(rows: Sequence[tuple[int, str]]) -> str:
    """A digest of the records' ids and last saves (`screenable_versions`), and of the features version."""
    digest = hashlib.blake2b(f"features-v{FEATURES_VERSION}".encode(), digest_size=16)
    digest.update("\n".join([f"{pk} {saved}" for pk, saved in rows]).encode())  # half the time of repr()
    return digest.hexdigest()


def features_get(*, project: Project, duplicates: AbstractSet[int] | None = None) -> Features:
    """The project's features for its records as they are now: kept, stored or built (in that order);
    `duplicates`, the project's confirmed duplicates when the caller has just read them."""
    versions = screenable_versions(project=project, duplicates=duplicates)
    digest = features_digest(versions)
    found = FEATURES_KEPT.get((project.pk, digest))
    if found is not None:
        return found
    ids = [pk for pk, _ in versions]
    matrix = _stored(project, digest, ids)
    if matrix is None:
        digest, ids, matrix = _built(project)
    features = Features(ids, {pk: i for i, pk in enumerate(ids)}, matrix, project.pk)
    FEATURES_KEPT.discard(lambda key: isinstance(key, tuple) and key[0] == project.pk and key[1] != digest)
    return FEATURES_KEPT.put((project.pk, digest), features, size=features.nbytes)


def features_warm(*, project_id: int) -> None:
    """Have the project's features built and stored, with a ranker in this process, for the next page."""
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return
    features = features_get(project=project)
    if features.ids:
        with features.lock:
            features.ranker()


def _group(project: Project) -> str:
    return f"project-{project.pk}"


def _stored(project: Project, digest: str, ids: list[int]) -> sparse.csr_matrix | None:
    if not ids:
        return sparse.csr_matrix((0, 0), dtype=np.float32)
    arrays = stored_read(folder=FEATURES_FOLDER, group=_group(project), digest=digest)
    if arrays is None or arrays["ids"].tolist() != ids:
        return None
    shape = tuple(int(n) for n in arrays["shape"])
    return sparse.csr_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape)


def _built(project: Project) -> tuple[str, list[int], sparse.csr_matrix]:
    """Build from the records as read now, keyed by the digest of exactly those rows, and store it."""
    saved = Cast("updated_at", output_field=CharField())  # as `screenable_versions` reads it
    rows = screenable_references(project=project).order_by("pk").values_list("pk", saved, "title", "abstract")
    read = list(rows)
    ids = [pk for pk, *_ in read]
    digest = features_digest([(pk, updated_at) for pk, updated_at, *_ in read])
    if not ids:
        return digest, ids, sparse.csr_matrix((0, 0), dtype=np.float32)
    matrix = features_build([record_text(title, abstract) for _, _, title, abstract in read])
    arrays = {
        "ids": np.asarray(ids, dtype=np.int64),
        "data": matrix.data,
        "indices": matrix.indices,
        "indptr": matrix.indptr,
        "shape": np.asarray(matrix.shape, dtype=np.int64),
    }
    stored_write(folder=FEATURES_FOLDER, group=_group(project), digest=digest, arrays=arrays)
    return digest, ids, matrix
