"""What turns texts into vectors for coding suggestions: a local sentence-embedding model, or TF-IDF.

A model is used when one is installed and configured (`SUGGESTION_MODEL_DIR`: a folder with ``model.onnx`` and
``tokenizer.json`` read with onnxruntime and tokenizers, or a sentence-transformers model folder); loaded
once per process. Otherwise TF-IDF over words and pairs of words is fitted on the project's own transcripts
(and can be stored as its vocabulary and weights, `TfidfEncoder.restored`). Nothing is downloaded.
"""

import functools
import importlib
import importlib.util
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from django.conf import settings
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

TFIDF_NAME = "tfidf-word-1-2gram"
Vectors = Any  # a scipy sparse matrix (TF-IDF) or a numpy array (embeddings), one L2-normalised row a text


class Encoder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> Vectors: ...


class TfidfEncoder:
    """TF-IDF of words and pairs of words, fitted on the project's sentences."""

    name = TFIDF_NAME

    def __init__(self, corpus: list[str]):
        self.vectorizer = _vectorizer()
        self.fitted = False
        try:
            self.vectorizer.fit(corpus)
            self.fitted = True
        except ValueError:  # no words at all: every text gets an empty vector
            pass

    @classmethod
    def restored(cls, terms: list[str], idf: np.ndarray) -> "TfidfEncoder":
        """The encoder as fitted before, from its `terms` (in column order) and their `idf` weights."""
        encoder = cls([])
        if terms:
            encoder.vectorizer.vocabulary_ = {term: column for column, term in enumerate(terms)}
            encoder.vectorizer.idf_ = idf
            encoder.fitted = True
        return encoder

    def terms(self) -> tuple[list[str], np.ndarray]:
        """What `restored` needs: the terms in column order and their idf weights (none when not fitted)."""
        if not self.fitted:
            return [], np.zeros(0, dtype=np.float32)
        return self.vectorizer.get_feature_names_out().tolist(), np.asarray(self.vectorizer.idf_)

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


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode", stop_words="english", dtype=np.float32
    )


def encoder_name() -> str:
    """The name of what makes the vectors now: the model folder's name, or TF-IDF's."""
    folder = model_folder()
    return folder.name if folder is not None and backend_kind() != "tfidf" else TFIDF_NAME


def model_encoder() -> Encoder | None:
    """The configured sentence-embedding model, loaded once per process, or None (then TF-IDF)."""
    kind, folder = backend_kind(), model_folder()
    return None if kind == "tfidf" or folder is None else _model_loaded(kind, folder)


@functools.lru_cache(maxsize=1)
def _model_loaded(kind: str, folder: Path) -> Encoder:
    return OnnxEncoder(folder) if kind == "onnx" else SentenceTransformerEncoder(folder)


def stack(parts: list[Vectors]) -> Vectors:
    if any(sparse.issparse(p) for p in parts):
        return sparse.vstack([sparse.csr_matrix(p) for p in parts], format="csr")
    return np.vstack(parts)
