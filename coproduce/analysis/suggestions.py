"""Suggested codes and similar passages, by the similarity of words: suggestions only, never applied alone.

Texts become vectors with a local sentence-embedding model when one is configured, and otherwise with TF-IDF
fitted on the project's own transcripts (encoders.py). Nothing is downloaded.

"Codes that may apply" compares a stretch of text with each code: the centroid of the vectors of its coded
segments, or, for a code not yet used, its name, definition, "use it when" note and example. "Segments like
this" compares a coded segment with every sentence of the project's pseudonymised transcripts.

The vectors of a project's sentences (its `suggestion_index.Index`) are built once per version of its
transcripts and stored where every process loads them, so a request after the first costs a digest query
and a few products.
"""

import hashlib
import threading
from dataclasses import dataclass

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

from coproduce.projects.models import Project

from .encoders import Vectors, backend_kind, encoder_name, model_folder, stack
from .models import Code
from .selectors.suggestions import CodeExamples, Passage, code_examples
from .suggestion_index import CODES_KEPT, Index, project_index

__all__ = ["backend_kind", "model_folder", "project_index"]  # also read from here by the tests and views

TOP_CODES = 5
TOP_PASSAGES = 20
_LOCK = threading.Lock()


def _scores(matrix: Vectors, query: Vectors) -> np.ndarray:
    """Cosine similarity of each row of `matrix` with the one row of `query` (both normalised)."""
    if matrix.shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    product = matrix @ query.T
    dense = product.toarray() if sparse.issparse(product) else np.asarray(product)
    return np.asarray(dense, dtype=np.float32).ravel()


def model_name(project: Project) -> str:
    """The name recorded on a coding accepted from a suggestion: that of what makes the vectors now, which
    the project's index is keyed by (so this needs no read of the transcripts)."""
    return encoder_name()


@dataclass(frozen=True)
class CodeSuggestion:
    code: Code
    score: float
    examples: int  # coded segments the code was compared by; 0: by its codebook entry


def _code_matrix(index: Index, codes: list[CodeExamples]) -> Vectors:
    """One normalised row per code: the centroid of its segments, or its codebook entry (kept by words)."""
    key = hashlib.sha256(repr([(c.code.pk, c.description, c.snippets) for c in codes]).encode()).hexdigest()
    with _LOCK:
        if key in index.codes:
            return index.codes[key]
    rows = []
    for item in codes:
        if item.snippets:
            vectors = index.vectors(item.snippets)
            centroid = vectors.sum(axis=0)
            rows.append(normalize(sparse.csr_matrix(centroid) if sparse.issparse(vectors) else centroid))
        else:
            rows.append(index.encoder.encode([item.description]))
    matrix = stack(rows)
    with _LOCK:
        index.codes[key] = matrix
        while len(index.codes) > CODES_KEPT:
            index.codes.popitem(last=False)
    return matrix


def codes_ranked(
    *, project: Project, text: str, hide_others_on: int | None = None, viewer_id: int | None = None,
    limit: int = TOP_CODES,
) -> list[CodeSuggestion]:  # fmt: skip
    """The codes most like `text`, best first, leaving out codes with no likeness at all."""
    codes = code_examples(project=project, hide_others_on=hide_others_on, viewer_id=viewer_id)
    if not codes or not text.strip():
        return []
    index = project_index(project)
    scores = _scores(_code_matrix(index, codes), index.encoder.encode([text]))
    order = sorted(range(len(codes)), key=lambda i: (-scores[i], i))
    return [
        CodeSuggestion(codes[i].code, round(float(scores[i]), 3), len(codes[i].snippets))
        for i in order[:limit]
        if scores[i] > 0
    ]


@dataclass(frozen=True)
class SimilarPassage:
    passage: Passage
    score: float


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def passages_like(
    *, project: Project, text: str, skip: dict[int, list[tuple[int, int]]], limit: int = TOP_PASSAGES
) -> list[SimilarPassage]:
    """The sentences most like `text`, best first, leaving out those overlapping the spans in `skip`."""
    index = project_index(project)
    if not index.passages or not text.strip():
        return []
    scores = _scores(index.matrix, index.encoder.encode([text]))
    found: list[SimilarPassage] = []
    for i in np.argsort(-scores, kind="stable"):
        if scores[i] <= 0 or len(found) >= limit:
            break
        passage = index.passages[i]
        if not _overlaps(skip.get(passage.transcript_id, []), passage.start, passage.end):
            found.append(SimilarPassage(passage, round(float(scores[i]), 3)))
    return found
