"""The screening queue: which record to offer next, in active-learning or random order.

Record texts are turned into features once per set of records. The matrix is kept in this process (with
its `Ranker`, so offering the next record costs one retrain: a few milliseconds at 10,000 records) and in a
file under ``MEDIA_ROOT/screening-features/``, named by the project and a fingerprint of its records' ids
and texts, so that another process, or this one after a restart, loads it (a fraction of a second at
10,000 records) instead of building it again (several seconds). `features_warm` builds it ahead of the
first screening page, for example right after an import.
"""

import hashlib
import logging
import os
import random
import tempfile
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django import db
from django.conf import settings
from django.db import transaction
from scipy import sparse  # type: ignore[import-untyped]

from coproduce.projects.models import Project

from .models import Decision, Reference, ScreeningDecision, ScreeningStage
from .ranking import FEATURES_VERSION, Ranker, features_build, record_text
from .selectors.screening import (
    DualVotes,
    current_decisions,
    dual_votes,
    screenable_count,
    screenable_ids,
    screenable_references,
)
from .stopping import StoppingTest, stopping_test

ACTIVE, RANDOM, SECOND = "active", "random", "second"
FEATURES_FOLDER = "screening-features"
_FEATURES: "OrderedDict[tuple[int, int, int], _Features]" = OrderedDict()
_FEATURES_KEPT = 8
_FEATURES_LOCK = threading.Lock()
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NextRecord:
    reference: Reference | None
    offered_as: str
    expected_relevant_remaining: float | None


@dataclass
class _Features:
    ids: list[int]  # record ids in row order
    rows: dict[int, int]  # record id -> row
    matrix: sparse.csr_matrix
    seed: int
    lock: threading.Lock = field(default_factory=threading.Lock)  # one retrain at a time per ranker
    _ranker: Ranker | None = None

    def ranker(self) -> Ranker:
        """The project's ranker over this matrix, made on first use and then kept (call under ``lock``)."""
        if self._ranker is None:
            self._ranker = Ranker(features=self.matrix, seed=self.seed)
        return self._ranker


def features_warm(*, project_id: int) -> None:
    """Build (or load) the project's screening feature matrix now, so the next screening page need not.

    Call it once the records have changed and the change is committed, e.g. after an import:
    ``transaction.on_commit(lambda: features_warm(project_id=project.pk))``. It keeps the matrix in this
    process and writes it to a file that other processes load. It takes a few seconds at 10,000 records.
    """
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return
    features = _features(project)
    with features.lock:
        features.ranker()


def features_warm_soon(*, project_id: int) -> None:
    """Once the current transaction commits, warm the project's features in a background thread.

    The import or duplicate decision that changed the records returns at once; the next screening page then
    finds the matrix ready. Failures are logged, never raised: the page builds the matrix itself if need be.
    Turned off by ``SCREENING_WARM_IN_BACKGROUND = False`` (the test settings do, to keep tests in step).
    """
    if not getattr(settings, "SCREENING_WARM_IN_BACKGROUND", True):
        return

    def run() -> None:
        try:
            features_warm(project_id=project_id)
        except Exception:
            logger.exception("Could not prepare the screening features of project %s", project_id)
        finally:
            db.connection.close()

    thread = threading.Thread(target=run, name="screening-features", daemon=True)
    transaction.on_commit(thread.start)


def _features(project: Project) -> _Features:
    ids = screenable_ids(project=project)
    key = (project.pk, len(ids), hash(tuple(ids)))
    with _FEATURES_LOCK:
        found = _FEATURES.get(key)
        if found is not None:
            _FEATURES.move_to_end(key)
            return found
    features = _Features(ids, {pk: i for i, pk in enumerate(ids)}, _matrix(project, ids), project.pk)
    with _FEATURES_LOCK:
        features = _FEATURES.setdefault(key, features)  # another thread may have built it meanwhile
        _FEATURES.move_to_end(key)
        while len(_FEATURES) > _FEATURES_KEPT:
            _FEATURES.popitem(last=False)
    return features


def _matrix(project: Project, ids: list[int]) -> sparse.csr_matrix:
    """The feature matrix of these records: from its file when one matches their texts, else built."""
    if not ids:
        return sparse.csr_matrix((0, 0), dtype=np.float32)
    rows = screenable_references(project=project).order_by("pk").values_list("pk", "title", "abstract")
    texts, digest = [], hashlib.blake2b(f"v{FEATURES_VERSION}".encode(), digest_size=16)
    for pk, title, abstract in rows:
        text = record_text(title, abstract)
        texts.append(text)
        digest.update(f"{pk}\x1f{text}\x1e".encode())
    folder = Path(settings.MEDIA_ROOT) / FEATURES_FOLDER
    path = folder / f"project-{project.pk}-{digest.hexdigest()}.npz"
    matrix = _matrix_read(path, len(texts))
    if matrix is None:
        matrix = features_build(texts)
        _matrix_write(path, matrix)
    return matrix


def _matrix_read(path: Path, n_rows: int) -> sparse.csr_matrix | None:
    try:
        matrix = sparse.load_npz(path)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        logger.warning("Unreadable screening feature file %s: building it again.", path.name)
        return None
    return sparse.csr_matrix(matrix) if matrix.shape[0] == n_rows else None


def _matrix_write(path: Path, matrix: sparse.csr_matrix) -> None:
    """Write atomically (a whole file or none), then drop the project's files for older sets of records.

    Uncompressed: at 10,000 records the file is about 25 MB and loads in a few tens of milliseconds."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".writing-", suffix=".npz")
        with os.fdopen(handle, "wb") as out:
            sparse.save_npz(out, matrix, compressed=False)
        os.replace(temporary, path)
        project_prefix = path.name.rsplit("-", 1)[0] + "-"
        for old in path.parent.glob(f"{project_prefix}*.npz"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        logger.warning("Could not write the screening feature file %s.", path.name, exc_info=True)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _random_pick(project: Project, candidates: list[int], done: int) -> int:
    return random.Random(f"{project.pk}:{done}").choice(candidates)  # noqa: S311 repeatable, not secret


def _waiting(
    ids: list[int], decided: dict[int, str], votes: dict[int, DualVotes], screener_id: int | None
) -> list[int]:
    """Records without a decision that counts which this screener may still screen.

    A record in the dual sample waits until two different people have screened it; it is never offered
    again to someone who has, and a disagreement goes to the conflict list rather than to a third screener.
    """
    blocked = {
        pk
        for pk, vote in votes.items()
        if vote.pair is not None or (screener_id is not None and vote.screened_by(screener_id))
    }
    return [pk for pk in ids if pk not in decided and pk not in blocked]


def screening_next(*, project: Project, order: str = ACTIVE, screener_id: int | None = None) -> NextRecord:
    """The record for `screener_id` to screen next at title and abstract stage, or None when none is left."""
    decided = current_decisions(project=project)
    features = _features(project)
    ids = features.ids
    votes = dual_votes(project=project)
    waiting = _waiting(ids, decided, votes, screener_id)
    if not waiting:
        return NextRecord(None, order, 0.0)
    labels = _labels(decided, features.rows)
    if order == RANDOM or len(set(labels.values())) < 2:
        # Until the team has included and excluded at least one record, the model has nothing to learn from.
        pk = _random_pick(project, waiting, len(decided))
        return NextRecord(Reference.objects.get(pk=pk), _offered(pk, votes, RANDOM), None)
    with features.lock:
        ranker = features.ranker()
        ranker.fit(labels)
        waiting_set = set(waiting)
        pk = next(ids[i] for i in ranker.rank() if ids[i] in waiting_set)
        expected = ranker.predict_relevant_remaining()
    offered = _offered(pk, votes, ACTIVE)
    return NextRecord(Reference.objects.get(pk=pk), offered, expected)


def _labels(decided: dict[int, str], rows: dict[int, int]) -> dict[int, bool]:
    """Row -> included, for the records with an include or exclude decision, in row order."""
    labelled = sorted(
        (rows[pk], decision == Decision.INCLUDE)
        for pk, decision in decided.items()
        if decision != Decision.MAYBE and pk in rows
    )
    return dict(labelled)


def _offered(pk: int, votes: dict[int, DualVotes], order: str) -> str:
    return SECOND if pk in votes and votes[pk].votes else order


def screening_stopping_test(*, project: Project, recall_target: float = 0.95) -> StoppingTest | None:
    """The hypergeometric stopping test over the records screened so far, in the order first screened."""
    first = (
        ScreeningDecision.objects.filter(reference__project=project, stage=ScreeningStage.TITLE_ABSTRACT)
        .order_by("created_at", "id")
        .values_list("reference_id", "decision")
    )
    seen: dict[int, str] = {}
    for reference_id, decision in first:
        seen.setdefault(reference_id, decision)
    if not seen:
        return None
    total = screenable_count(project=project)
    return stopping_test([d == Decision.INCLUDE for d in seen.values()], total, recall_target=recall_target)
