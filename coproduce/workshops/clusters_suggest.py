"""Suggested clusters for an idea board: cards whose words are alike, grouped and named by their top terms.

Pure: it takes (key, text) pairs and returns suggestions; the facilitator accepts, renames or rejects them
(services/moderation.py `clusters_suggestion_accept`). Texts are compared with TF-IDF over words (so
"referral form" meets "referral forms") and character n-grams (so typos and word endings still match), then
grouped by average-linkage agglomerative clustering on cosine distance, cut at `threshold` similarity.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.cluster import AgglomerativeClustering  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
    ENGLISH_STOP_WORDS,
    TfidfVectorizer,
)
from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

DEFAULT_THRESHOLD = 0.3
MAX_TERMS = 3
_WORD = re.compile(r"(?u)\b[^\W\d_]{3,}\b")


def _words(text: str) -> list[str]:
    """Lower-case words of three letters or more, without stop words, plurals made singular ("forms")."""
    found = (w for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS)
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in found]


@dataclass(frozen=True)
class SuggestedCluster:
    title: str
    keys: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass(frozen=True)
class _Features:
    combined: Any  # rows: cards; columns: word and character n-grams; each row of unit length
    words: Any  # the word columns only, to name the groups
    names: Any  # the words of those columns


def _features(texts: Sequence[str]) -> _Features:
    words = TfidfVectorizer(analyzer=_words, sublinear_tf=True)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    word_matrix = words.fit_transform(texts)
    combined = normalize(sparse.hstack([word_matrix, chars.fit_transform(texts)]).tocsr())
    return _Features(combined=combined, words=word_matrix, names=words.get_feature_names_out())


def _title(terms: Sequence[str]) -> str:
    return ", ".join(terms).capitalize() if terms else "Similar ideas"


def _top_terms(features: _Features, rows: list[int]) -> tuple[str, ...]:
    weights = np.asarray(features.words[rows].sum(axis=0)).ravel()
    order = np.argsort(-weights, kind="stable")[:MAX_TERMS]
    return tuple(str(features.names[i]) for i in order if weights[i] > 0)


def clusters_suggest(
    cards: Sequence[tuple[str, str]], *, threshold: float = DEFAULT_THRESHOLD, min_size: int = 2
) -> list[SuggestedCluster]:
    """Groups of at least `min_size` cards whose texts are at least `threshold` alike (cosine, 0 to 1).

    Largest groups first; cards alike to no other card are left out. Empty texts are ignored.
    """
    usable = [(key, text) for key, text in cards if text.strip()]
    if len(usable) < max(min_size, 2):
        return []
    texts = [text for _, text in usable]
    try:
        features = _features(texts)
    except ValueError:  # nothing but stop words
        return []
    similarity = (features.combined @ features.combined.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, None)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=1.0 - threshold
    ).fit_predict(distance)
    suggestions = []
    for label in sorted(set(labels.tolist())):
        rows = [i for i, found in enumerate(labels) if found == label]
        if len(rows) < min_size:
            continue
        terms = _top_terms(features, rows)
        suggestions.append(
            SuggestedCluster(title=_title(terms), keys=tuple(usable[i][0] for i in rows), terms=terms)
        )
    return sorted(suggestions, key=lambda s: (-len(s.keys), s.keys))
