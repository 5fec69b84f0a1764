"""A project's suggestion index: the sentences of its transcripts and their vectors, shared by every process.

The index is keyed by a digest of everything it is built from: the analysable transcripts' ids and an MD5 of
each text (worked out by the database), their turns' bounds and roles, the passages version and the name of
what makes the vectors (`corpus_fingerprint`, `encoders.encoder_name`). The digest is read on each use, so
an edit of a transcript or of its speakers changes the suggestions in every process.

Where it is kept (docs/adr/0008-shared-caches.md):
- in the default file storage, ``suggestion-index/project-<id>-<digest>.npz`` (`core.caches`): the vectors,
  the passages' offsets and roles, and for TF-IDF its vocabulary and weights (never a pickle), so another
  process loads it instead of encoding every sentence again; storing a new version deletes the older file;
- in this process in a `MemoryLRU` of at most ``SUGGESTION_INDEX_MEMORY_MB`` (100 MB by default).

The `suggestion_index_prepare` task (analysis/tasks.py) builds it ahead, after a project is imported.
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.core.files.storage import default_storage
from scipy import sparse  # type: ignore[import-untyped]

from coproduce.core.caches import (
    MB,
    Arrays,
    MemoryLRU,
    bytes_text,
    stored_name,
    stored_read,
    stored_write,
    text_bytes,
)
from coproduce.projects.models import Project

from .encoders import TFIDF_NAME, Encoder, TfidfEncoder, Vectors, encoder_name, model_encoder, stack
from .selectors.suggestions import Passage, corpus_fingerprint, corpus_read

INDEX_FOLDER = "suggestion-index"
DEFAULT_MEMORY_MB = 100
CODES_KEPT = 8


@dataclass
class Index:
    encoder: Encoder
    passages: list[Passage]
    matrix: Vectors
    snippets: dict[str, Vectors] = field(default_factory=dict)  # snippet words -> vector, filled as used
    codes: "OrderedDict[str, Vectors]" = field(default_factory=OrderedDict)  # code matrices by their words

    def vectors(self, texts: list[str]) -> Vectors:
        """Vectors of coded segments' words, each worked out once and then kept."""
        missing = list(dict.fromkeys(t for t in texts if t not in self.snippets))
        if missing:
            rows = self.encoder.encode(missing)
            for i, text in enumerate(missing):
                self.snippets[text] = rows[i : i + 1]
        return stack([self.snippets[t] for t in texts])

    @property
    def nbytes(self) -> int:
        """Memory taken, about: the vectors, the passages and TF-IDF's vocabulary."""
        m = self.matrix
        vectors = m.data.nbytes + m.indices.nbytes + m.indptr.nbytes if sparse.issparse(m) else m.nbytes
        encoder = self.encoder
        tfidf = isinstance(encoder, TfidfEncoder) and encoder.fitted
        vocabulary = len(encoder.vectorizer.vocabulary_) if isinstance(encoder, TfidfEncoder) and tfidf else 0
        return int(vectors) + 120 * len(self.passages) + 100 * vocabulary


def _memory_limit() -> int:
    return int(getattr(settings, "SUGGESTION_INDEX_MEMORY_MB", DEFAULT_MEMORY_MB) * MB)


INDEXES_KEPT: MemoryLRU[Index] = MemoryLRU(limit=_memory_limit)


def index_digest(*, fingerprint: str, model: str) -> str:
    return hashlib.blake2b(f"{model}\x1f{fingerprint}".encode(), digest_size=16).hexdigest()


def project_index(project: Project) -> Index:
    """The project's sentences and their vectors as its transcripts are now: kept, stored or built."""
    model = encoder_name()
    digest = index_digest(fingerprint=corpus_fingerprint(project=project), model=model)
    found = INDEXES_KEPT.get((project.pk, digest))
    if found is not None:
        return found
    index = _stored(project, digest, model)
    if index is None:
        digest, index = _built(project, model)
    INDEXES_KEPT.discard(lambda key: isinstance(key, tuple) and key[0] == project.pk and key[1] != digest)
    return INDEXES_KEPT.put((project.pk, digest), index, size=index.nbytes)


def index_ready(*, project: Project) -> bool:
    """Whether the index for the transcripts as they are now is in this process or stored."""
    model = encoder_name()
    digest = index_digest(fingerprint=corpus_fingerprint(project=project), model=model)
    if INDEXES_KEPT.get((project.pk, digest)) is not None:
        return True
    return default_storage.exists(stored_name(folder=INDEX_FOLDER, group=_group(project), digest=digest))


def index_warm(*, project_id: int) -> None:
    """Have the project's suggestion index built and stored, for the next coding page."""
    project = Project.objects.filter(pk=project_id).first()
    if project is not None:
        project_index(project)


def _group(project: Project) -> str:
    return f"project-{project.pk}"


def _built(project: Project, model: str) -> tuple[str, Index]:
    """Encode the passages as read now, keyed by the digest of exactly what was read, and store them."""
    corpus = corpus_read(project=project)
    encoder = model_encoder() or TfidfEncoder(corpus.words)
    words = corpus.words
    index = Index(encoder, corpus.passages, encoder.encode(words) if words else encoder.encode([""])[:0])
    digest = index_digest(fingerprint=corpus.fingerprint, model=model)
    stored_write(folder=INDEX_FOLDER, group=_group(project), digest=digest, arrays=_arrays(index, model))
    return digest, index


def _arrays(index: Index, model: str) -> Arrays:
    p = index.passages
    arrays: Arrays = {
        "model": text_bytes(model),
        "passages": np.asarray(
            [(x.transcript_id, x.start, x.end, x.turn_start, x.turn_end) for x in p], dtype=np.int64
        ).reshape(len(p), 5),
        "roles": text_bytes("\n".join(x.role for x in p)),
    }
    if sparse.issparse(index.matrix):
        m = sparse.csr_matrix(index.matrix)
        arrays |= {"data": m.data, "indices": m.indices, "indptr": m.indptr}
        arrays["shape"] = np.asarray(m.shape, dtype=np.int64)
    else:
        arrays["dense"] = np.asarray(index.matrix)
    if isinstance(index.encoder, TfidfEncoder):
        terms, idf = index.encoder.terms()
        arrays |= {"terms": text_bytes("\n".join(terms)), "idf": idf}
    return arrays


def _stored(project: Project, digest: str, model: str) -> Index | None:
    arrays = stored_read(folder=INDEX_FOLDER, group=_group(project), digest=digest)
    if arrays is None or bytes_text(arrays["model"]) != model:
        return None
    encoder = model_encoder()
    if model == TFIDF_NAME:
        terms = bytes_text(arrays["terms"])
        encoder = TfidfEncoder.restored(terms.split("\n") if terms else [], arrays["idf"])
    if encoder is None:
        return None
    rows, roles = arrays["passages"].tolist(), bytes_text(arrays["roles"]).split("\n")
    passages = [
        Passage(row[0], row[1], row[2], row[3], row[4], role)
        for row, role in zip(rows, roles[: len(rows)], strict=True)
    ]
    if "dense" in arrays:
        matrix = arrays["dense"]
    else:
        shape = tuple(int(n) for n in arrays["shape"])
        matrix = sparse.csr_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=shape)
    return Index(encoder, passages, matrix)
