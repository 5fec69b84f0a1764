"""Suggested codes and similar passages, by the similarity of words: suggestions only, never applied alone.

Texts become vectors with a local sentence-embedding model when one is installed and configured
(`SUGGESTION_MODEL_DIR`: a folder with ``model.onnx`` and ``tokenizer.json`` read with onnxruntime and
tokenizers, or a sentence-transformers model folder), and otherwise with TF-IDF over words and pairs of words
fitted on the project's own transcripts. Nothing is downloaded.

"Codes that may apply" compares a stretch of text with each code: the centroid of the vectors of its coded
segments, or, for a code not yet used, its name, definition, "use it when" note and example. "Segments like
this" compares a coded segment with every sentence of the project's pseudonymised transcripts.

The vectors of a project's sentences are kept in this process, keyed by the project and a fingerprint of
its transcripts' words and turns, so a request after the first costs a fingerprint query and a few products.
"""

import hashlib
import importlib
import importlib.util
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from django.conf import settings
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

from coproduce.projects.models import Project

from .models import Code
from .selectors.suggestions import (
    CodeExamples,
    Passage,
    code_examples,
    corpus_fingerprint,
    corpus_passages,
)

TFIDF_NAME = "tfidf-word-1-2gram"
TOP_CODES = 5
TOP_PASSAGES = 20
_KEPT = 8
_INDEXES: "OrderedDict[tuple[int, str, str], _Index]" = OrderedDict()
_LOCK = threading.Lock()

Vectors = Any  # a scipy sparse matrix (TF-IDF) or a numpy array (embeddings), one L2-normalised row a text


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> Vectors: ...


class TfidfEncoder:
    """TF-IDF of words and pairs of words, fitted on the project's sentences."""

    name = TFIDF_NAME

    def __init__(self, corpus: list[str]):
        self.vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", stop_words="english",
            dtype=np.float32,
        )  # fmt: skip
        self.fitted = False
        try:
            self.vectorizer.fit(corpus)
            self.fitted = True
        except ValueError:  # no words at all: every text gets an empty vector
            pass

    def encode(self, texts: list[str]) -> Vectors:
        if not self.fitted:
            return sparse.csr_matrix((len(texts), 1), dtype=np.float32)
        return self.vectorizer.transform(texts)


class OnnxEncoder:
    """A sentence-embedding model exported to ONNX, with its tokenizer.json: mean-pooled token vectors."""

    def __init__(self, folder: Path):
        onnxruntime = importlib.import_module("onnxruntime")
        tokenizers = importlib.import_module("tokenizers")
        self.name = folder.name
        self.tokenizer = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=256)
        self.tokenizer.enable_padding()
        self.session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), providers=["CPUExecutionProvider"]
        )
        self.inputs = {i.name for i in self.session.get_inputs()}

    def encode(self, texts: list[str]) -> Vectors:
        batches = []
        for at in range(0, len(texts), 64):
            encoded = self.tokenizer.encode_batch(texts[at : at + 64])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            tokens = self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0]
            summed = (tokens * mask[..., None]).sum(axis=1)
            batches.append(summed / np.maximum(mask.sum(axis=1, keepdims=True), 1))
        dense = np.vstack(batches) if batches else np.zeros((0, 1))
        return normalize(dense.astype(np.float32))


class SentenceTransformerEncoder:
    """A sentence-transformers model read from a local folder."""

    def __init__(self, folder: Path):
        module = importlib.import_module("sentence_transformers")
        self.name = folder.name
        self.model = module.SentenceTransformer(str(folder), device="cpu", local_files_only=True)

    def encode(self, texts: list[str]) -> Vectors:
        vectors = self.model.encode(texts, batch_size=64, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def _installed(*modules: str) -> bool:
    return all(importlib.util.find_spec(module) is not None for module in modules)


def model_folder() -> Path | None:
    folder = getattr(settings, "SUGGESTION_MODEL_DIR", "")
    return Path(folder) if folder and Path(folder).is_dir() else None


def backend_kind() -> str:
    """Which vectors this installation makes: "onnx", "sentence-transformers" or "tfidf"."""
    folder = model_folder()
    if folder is not None:
        if (folder / "model.onnx").is_file() and _installed("onnxruntime", "tokenizers"):
            return "onnx"
        if _installed("sentence_transformers"):
            return "sentence-transformers"
    return "tfidf"


def _encoder(corpus: list[str]) -> Encoder:
    kind, folder = backend_kind(), model_folder()
    if kind == "onnx" and folder is not None:
        return OnnxEncoder(folder)
    if kind == "sentence-transformers" and folder is not None:
        return SentenceTransformerEncoder(folder)
    return TfidfEncoder(corpus)


def _stack(parts: list[Vectors]) -> Vectors:
    if any(sparse.issparse(p) for p in parts):
        return sparse.vstack([sparse.csr_matrix(p) for p in parts], format="csr")
    return np.vstack(parts)


def _scores(matrix: Vectors, query: Vectors) -> np.ndarray:
    """Cosine similarity of each row of `matrix` with the one row of `query` (both normalised)."""
    if matrix.shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    product = matrix @ query.T
    dense = product.toarray() if sparse.issparse(product) else np.asarray(product)
    return np.asarray(dense, dtype=np.float32).ravel()


@dataclass
class _Index:
    encoder: Encoder
    passages: list[Passage]
    matrix: Vectors
    snippets: dict[str, Vectors] = field(default_factory=dict)  # snippet words -> vector, filled as used
    codes: "OrderedDict[str, Vectors]" = field(default_factory=OrderedDict)  # code matrices by their words

    def vectors(self, texts: list[str]) -> Vectors:
        """Vectors of coded segments' words, each worked out once and then kept."""
        missing = list(dict.fromkeys(t for t in texts if t not in self.snippets))
        if missing:
            for text, row in zip(missing, _rows(self.encoder.encode(missing)), strict=True):
                self.snippets[text] = row
        return _stack([self.snippets[t] for t in texts])


def _rows(vectors: Vectors) -> list[Vectors]:
    return [vectors[i : i + 1] for i in range(vectors.shape[0])]


def project_index(project: Project) -> _Index:
    """The project's sentences and their vectors, built once per version of its transcripts."""
    key = (project.pk, backend_kind(), corpus_fingerprint(project=project))
    with _LOCK:
        if key in _INDEXES:
            _INDEXES.move_to_end(key)
            return _INDEXES[key]
        passages, words = corpus_passages(project=project)
        encoder = _encoder(words)
        index = _Index(encoder, passages, encoder.encode(words) if words else encoder.encode([""])[:0])
        _INDEXES[key] = index
        for stale in [k for k in _INDEXES if k[0] == project.pk and k != key]:
            del _INDEXES[stale]
        while len(_INDEXES) > _KEPT:
            _INDEXES.popitem(last=False)
        return index


def model_name(project: Project) -> str:
    """The name recorded on a coding accepted from a suggestion."""
    return project_index(project).encoder.name


@dataclass(frozen=True)
class CodeSuggestion:
    code: Code
    score: float
    examples: int  # coded segments the code was compared by; 0: by its codebook entry


def _code_matrix(index: _Index, codes: list[CodeExamples]) -> Vectors:
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
    matrix = _stack(rows)
    with _LOCK:
        index.codes[key] = matrix
        while len(index.codes) > _KEPT:
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
