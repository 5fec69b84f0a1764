"""Screening prioritisation: rank the unscreened records so the likely relevant ones come first.

The text of each record (title and abstract) becomes a TF-IDF vector once per project (`features_build`; keep
the matrix and pass it back as ``features=`` so it is not rebuilt after each decision); the benchmark can add
each record's sentence embedding (``embeddings=``, bench/screening/embed_sets.py), which the app does not
use (docs/screening.md, "What was tried"). After each screening decision `Ranker.fit` retrains small linear
models on the screened records only, and `Ranker.rank` orders the unscreened ones by the models' combined
score (query by highest score, as ASReview's "max" querier does).

Models (``model=``):
- ``svm``: linear SVM (squared hinge, C=0.11) with relevant records weighted so that the irrelevant ones
  together weigh 1/9.8 of the relevant ones (the set-up of ASReview's default ``elas_u4``).
- ``lr``: logistic regression with balanced class weights.
- ``nb``: multinomial naive Bayes (alpha 3.822) with the relevant records weighted 1.2 x the irrelevant ones.
- ``esvm``, ``elr``, ``eridge``: linear SVM (weighted as ``svm``, C=1), balanced logistic regression or
  least squares (ridge, weighted as ``svm``) on the embeddings.
- ``svm+nb`` (default), ``svm+lr``, ``lr+nb``, ``ensemble`` (svm, lr, nb), ``svm+esvm``, ``svm+elr``,
  ``svm+nb+esvm``, ``svm+nb+elr``, ``svm+nb+eridge``: the mean of the members' scores, each divided by its
  standard deviation over a fixed sample of (up to) 2,048 records. The embedding members count only once
  ``embeddings_from`` (10 by default) relevant records are screened, or from the moment ``switch_after``
  irrelevant records have been screened one after another with at least ``switch_min_relevant`` relevant
  ones found (off by default), and only when embeddings are given; a model of embedding members alone
  needs them.

With no decisions yet the order is a seeded random one; with only relevant decisions it is by TF-IDF
similarity to the relevant records; with only irrelevant ones it stays random.

Speed (one retrain + re-rank at 10,000 records takes about 12 ms with 100 screened, 40 ms with 1,000): the
models are fitted on the screened rows restricted to the words they use (`Training`), which gives the same
weights several times faster; the features are float32, which halves the memory each scoring pass reads;
the scoring pass skips the words only one record has (`_shared_columns_only`); and everything that depends
only on the matrix is worked out once per `Ranker`.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

from .ridge_sums import RidgeSums

Floats = NDArray[np.float64]
Ints = NDArray[np.int64]

SVM_RATIO = 9.8  # total weight of the relevant records over that of the irrelevant ones
NB_RATIO = 1.2
NB_ALPHA = 3.822
SCALE_SAMPLE = 2048  # records used to put the models' scores on one scale
FEATURES_VERSION = 2  # bump when `features_build` changes, so that stored matrices are built again
LR_C = 10.0
EMBEDDING_C = 1.0
RIDGE_ALPHA = 1.0
EMBEDDINGS_FROM = 10  # relevant records screened before an embedding model joins the others


def features_build(texts: Sequence[str]) -> sparse.csr_matrix:
    """TF-IDF of word 1-2 grams (sublinear term frequency, l2-normalised rows) for each record's text."""
    safe = [text if text.strip() else "_empty_" for text in texts]
    for max_df in (0.95, 1.0):  # 1.0 only when 0.95 leaves no words (tiny or uniform sets)
        vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_df=max_df, dtype=np.float32)
        try:
            return sparse.csr_matrix(vectoriser.fit_transform(safe))
        except ValueError:
            continue
    raise ValueError("No words to learn from in these records.")


def record_text(title: str, abstract: str) -> str:
    """The text the model reads for one record: the title, then the abstract (either may be empty)."""
    return f"{title or ''} {abstract or ''}".strip()


def _weights(y: NDArray[np.bool_], ratio: float) -> Floats:
    """Sample weights giving the relevant records `ratio` times the total weight of the irrelevant ones."""
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    weights = np.where(y, 1.0, n_pos / (ratio * n_neg))
    return np.asarray(weights * (len(y) / weights.sum()), dtype=np.float64)


@dataclass(frozen=True)
class Training:
    """The screened records, restricted to the columns (words) they use.

    Every model here is linear with L2 regularisation (or, for naive Bayes, counts), so a column that no
    screened record uses gets weight 0 (naive Bayes: one constant weight shared by all such columns).
    Leaving those columns out gives the same models and makes the solvers several times faster."""

    x: sparse.csr_matrix  # screened rows x used columns
    y: NDArray[np.bool_]
    columns: NDArray[np.int64]  # the used columns, in the full matrix's numbering
    row_sums: Floats  # each screened row's sum over all its columns (naive Bayes' totals need them)
    n_features: int
    seed: int


@dataclass(frozen=True)
class Linear:
    """A fitted model's weights on the used columns, plus one weight added to every column of the matrix."""

    coef: Floats
    every_column: float = 0.0


def _compact(x_train: sparse.csr_matrix, remap: NDArray[np.int32]) -> tuple[sparse.csr_matrix, Ints]:
    """The training rows restricted to the columns they use, renumbered in the same order.

    ``remap`` is scratch space of one entry per column, so no sort and no per-call allocation of that size
    is needed; the renumbering keeps each row's column order, so the result is the same matrix a column
    slice would give."""
    used = np.zeros(len(remap), dtype=bool)
    used[x_train.indices] = True
    columns = np.flatnonzero(used)
    remap[columns] = np.arange(len(columns), dtype=np.int32)
    data, indices = x_train.data.astype(np.float64), remap[x_train.indices]
    shape = (x_train.shape[0], len(columns))
    return sparse.csr_matrix((data, indices, x_train.indptr), shape=shape), columns


def _svm(t: Training) -> Linear:
    model = LinearSVC(C=0.11, loss="squared_hinge", dual=True, random_state=t.seed)
    model.fit(t.x, t.y, sample_weight=_weights(t.y, SVM_RATIO))
    return Linear(np.asarray(model.coef_[0], dtype=np.float64))


def _lr_fit(x_train: sparse.csr_matrix, y: NDArray[np.bool_], seed: int) -> LogisticRegression:
    model = LogisticRegression(
        C=LR_C, class_weight="balanced", solver="liblinear", dual=True, random_state=seed
    )
    return model.fit(x_train, y)


def _lr(t: Training) -> Linear:
    return Linear(np.asarray(_lr_fit(t.x, t.y, t.seed).coef_[0], dtype=np.float64))


def _nb(t: Training) -> Linear:
    """Multinomial naive Bayes (scikit-learn's, weighted), written out because it is linear in the features:
    log-odds = x . (log p(word | relevant) - log p(word | irrelevant)) + log(prior odds). Words absent from
    the screened records differ only by the constant of the two normalisers (``every_column``), so only the
    used columns need logs. The per-class word sums are one sparse product, unweighted, then scaled by the
    class weight (every record of a class has the same weight)."""
    weights = _weights(t.y, NB_RATIO)
    classes = np.column_stack([t.y, ~t.y]).astype(np.float64)
    sums = np.asarray(t.x.T @ classes)  # used columns x (relevant, irrelevant), unweighted
    w_relevant, w_irrelevant = float(weights[t.y][0]), float(weights[~t.y][0])
    relevant, irrelevant = sums[:, 0] * w_relevant, sums[:, 1] * w_irrelevant
    totals = (
        w_relevant * t.row_sums[t.y].sum() + NB_ALPHA * t.n_features,
        w_irrelevant * t.row_sums[~t.y].sum() + NB_ALPHA * t.n_features,
    )
    coef = np.log(relevant + NB_ALPHA) - np.log(irrelevant + NB_ALPHA)
    return Linear(coef, float(np.log(totals[1]) - np.log(totals[0])))


def _dense_svm(x: NDArray[np.float32], y: NDArray[np.bool_], seed: int) -> Floats:
    """Linear SVM on the embeddings, weighted as `_svm`."""
    model = LinearSVC(C=EMBEDDING_C, loss="squared_hinge", dual=True, random_state=seed)
    model.fit(x, y, sample_weight=_weights(y, SVM_RATIO))
    return np.asarray(model.coef_[0], dtype=np.float64)


def _dense_lr(x: NDArray[np.float32], y: NDArray[np.bool_], seed: int) -> Floats:
    """Logistic regression on the embeddings, classes balanced."""
    model = LogisticRegression(C=EMBEDDING_C, class_weight="balanced", solver="liblinear", random_state=seed)
    return np.asarray(model.fit(x, y).coef_[0], dtype=np.float64)


def _dense_ridge(x: NDArray[np.float32], y: NDArray[np.bool_], seed: int) -> Floats:
    """Least squares on the embeddings (ridge, alpha 1, targets +1 and -1, weighted as `_svm`, with an
    intercept): scikit-learn's `RidgeClassifier` weights (tested), from the normal equations, a few
    milliseconds where the SVM's solver takes tens to hundreds."""
    del seed
    weights = _weights(y, SVM_RATIO)
    targets = np.where(y, 1.0, -1.0)
    xs = np.asarray(x, dtype=np.float64)
    mean_x = weights @ xs / weights.sum()
    mean_t = float(weights @ targets / weights.sum())
    centred = xs - mean_x
    weighted = centred.T * weights
    gram = weighted @ centred
    gram[np.diag_indices_from(gram)] += RIDGE_ALPHA
    return np.asarray(np.linalg.solve(gram, weighted @ (targets - mean_t)), dtype=np.float64)


DENSE: dict[str, Callable[[NDArray[np.float32], NDArray[np.bool_], int], Floats]] = {
    "esvm": _dense_svm,
    "elr": _dense_lr,
    "eridge": _dense_ridge,
}
LINEAR: dict[str, Callable[[Training], Linear]] = {
    "svm": _svm,
    "lr": _lr,
    "nb": _nb,
}
PARTS: dict[str, tuple[str, ...]] = {
    "svm": ("svm",),
    "lr": ("lr",),
    "nb": ("nb",),
    "svm+lr": ("svm", "lr"),
    "svm+nb": ("svm", "nb"),
    "lr+nb": ("lr", "nb"),
    "ensemble": ("svm", "lr", "nb"),
    "esvm": ("esvm",),
    "elr": ("elr",),
    "svm+esvm": ("svm", "esvm"),
    "svm+elr": ("svm", "elr"),
    "svm+nb+esvm": ("svm", "nb", "esvm"),
    "svm+nb+elr": ("svm", "nb", "elr"),
    "svm+nb+eridge": ("svm", "nb", "eridge"),
}
MODELS = tuple(PARTS)
DEFAULT_MODEL = "svm+nb"


def _shared_columns_only(features: sparse.csr_matrix) -> sparse.csr_matrix:
    """The matrix without the entries of words that only one record has, when there are many of them.

    Such a word gets a weight only from a model trained on its one record, i.e. once that record is
    screened, and a screened record's own score is never used; a weight shared by every word (naive
    Bayes') is added through the row sums instead. So the unscreened records' scores are unchanged, and
    scoring reads less memory (word pairs that occur once are common)."""
    columns = features.indices.astype(np.intp)  # bincount is several times faster on these
    shared = np.bincount(columns, minlength=features.shape[1])[columns] > 1
    dropped = np.flatnonzero(~shared)
    if len(dropped) < 0.05 * features.nnz:
        return features
    indptr = features.indptr - np.searchsorted(dropped, features.indptr)
    return sparse.csr_matrix((features.data[shared], features.indices[shared], indptr), shape=features.shape)


def _row_sums(features: sparse.csr_matrix) -> Floats:
    """Each row's sum, in float64 (row by row, as scipy would, without a float64 copy of the matrix)."""
    sums = np.zeros(features.shape[0], dtype=np.float64)
    filled = np.flatnonzero(np.diff(features.indptr))
    if len(filled):
        sums[filled] = np.add.reduceat(features.data, features.indptr[filled], dtype=np.float64)
    return sums


class Ranker:
    """Ranks records by how likely they are to be relevant, learning from the screening decisions so far.

    Deterministic for a given ``seed``: ties are broken by a seeded random order of the records. Keep one
    ranker per feature matrix and call `fit` after each decision: what depends only on the matrix (row
    sums, the scaling sample, scratch space) is worked out once, here. One call at a time: threads that
    share a ranker need a lock around `fit` and what follows it.
    """

    def __init__(
        self,
        texts: Sequence[str] | None = None,
        *,
        features: sparse.csr_matrix | None = None,
        embeddings: NDArray[np.float32] | None = None,
        model: str = DEFAULT_MODEL,
        seed: int = 0,
        embeddings_from: int = EMBEDDINGS_FROM,
        switch_after: int = 0,
        switch_min_relevant: int = 0,
    ) -> None:
        if features is None:
            if texts is None:
                raise ValueError("Give either the texts or a feature matrix.")
            features = features_build(texts)
        if model not in MODELS:
            raise ValueError(f"Unknown model {model!r}; choose from {', '.join(MODELS)}.")
        if embeddings is None and not any(name in LINEAR for name in PARTS[model]):
            raise ValueError(f"The model {model!r} needs the records' embeddings.")
        if embeddings is not None and len(embeddings) != features.shape[0]:
            raise ValueError("Give one embedding per record.")
        self.features = sparse.csr_matrix(features, dtype=np.float32)
        self.model, self.seed = model, seed
        self.n_records, n_features = self.features.shape
        rng = np.random.default_rng(seed)
        self._tiebreak: Floats = rng.random(self.n_records) * 1e-9
        self._labelled = np.zeros(self.n_records, dtype=bool)
        self._labels = np.zeros(self.n_records, dtype=bool)
        self._scores: Floats = self._tiebreak.copy()
        sample = np.sort(rng.permutation(self.n_records)[:SCALE_SAMPLE])
        self._sample_features = self.features[sample]
        self._sample = sample
        self.embeddings = None if embeddings is None else np.ascontiguousarray(embeddings, dtype=np.float32)
        self._embeddings_from = embeddings_from  # relevant records screened before the embeddings count
        # Or, when above 0: irrelevant records screened one after another (in the order `fit` is given
        # them) after which the embeddings count from then on, as in studies that switch models once the
        # first model's queue runs dry; once at least `switch_min_relevant` relevant records are screened.
        self._switch_after, self._switch_min_relevant = switch_after, switch_min_relevant
        self._switched = False
        self._ridge: RidgeSums | None = None
        self._row_sums = _row_sums(self.features)
        self._scoring = _shared_columns_only(self.features)
        self._sample_sums = self._row_sums[sample]
        # Scratch space, one entry per column: column renumbering, and weights that are 0 outside the
        # columns in use (put back to 0 after each use, so that it need not be cleared).
        self._remap = np.zeros(n_features, dtype=np.int32)
        self._column_weights = np.zeros(n_features, dtype=np.float32)

    def fit(self, labelled: Mapping[int, bool]) -> None:
        """Retrain on the screened records: ``labelled`` maps a record's index to True (relevant) or False."""
        self._labelled[:] = False
        self._labels[:] = False
        index = np.fromiter(labelled.keys(), dtype=np.int64, count=len(labelled))
        self._labelled[index] = True
        self._labels[index] = np.fromiter(labelled.values(), dtype=bool, count=len(labelled))
        if self._switch_after and not self._switched:
            last = self._labels[index[-self._switch_after :]]
            enough = int(self._labels.sum()) >= self._switch_min_relevant
            self._switched = enough and len(last) == self._switch_after and not last.any()
        self._scores = self._score() + self._tiebreak

    def rank(self) -> list[int]:
        """Indices of the unscreened records, most likely relevant first."""
        unlabelled = np.flatnonzero(~self._labelled)
        order = np.argsort(-self._scores[unlabelled])  # scores are distinct: the tie-break sees to that
        ranked: list[int] = unlabelled[order].tolist()
        return ranked

    def _training(self, index: Ints, y: NDArray[np.bool_]) -> Training:
        x, columns = _compact(self.features[index], self._remap)
        n_features = self.features.shape[1]
        return Training(x, y, columns, self._row_sums[index], n_features, self.seed)

    def _apply(self, columns: Ints, coef: Floats, rows: sparse.csr_matrix | None = None) -> Floats:
        """``rows`` (all records by default, then right for the unscreened ones only) times the weights
        ``coef`` given on ``columns`` only."""
        weights = self._column_weights
        weights[columns] = coef
        try:
            return np.asarray((self._scoring if rows is None else rows) @ weights, dtype=np.float64)
        finally:
            weights[columns] = 0.0

    def _score(self) -> Floats:
        index = np.flatnonzero(self._labelled)
        y = self._labels[index]
        if y.all() or not y.any():
            return self._similarity(index, y)
        return self._combine(self._training(index, y))

    def _combine(self, t: Training) -> Floats:
        """Each model's scores, divided by their standard deviation over (up to) 2,048 records, averaged.

        One sparse product over all records for the combined weights, instead of one per model."""
        fitted = [self._part(name, t) for name in PARTS[self.model] if name in LINEAR]
        combined = np.zeros(len(t.columns), dtype=np.float64)
        every_column = 0.0
        for part, scale in fitted:  # intercepts and means shift every score alike: the order stays
            combined += part.coef / scale
            every_column += part.every_column / scale
        scores = self._apply(t.columns, combined) + every_column * self._row_sums
        dense = self._dense(t)
        for part_scores in dense:
            scores = scores + part_scores
        return np.asarray(scores / max(len(fitted) + len(dense), 1), dtype=np.float64)

    def _ridge_coef(self) -> Floats:
        """`_dense_ridge`'s weights from sums kept up to date decision by decision (`RidgeSums`); only
        called with embeddings."""
        if self._ridge is None:
            embeddings = self.embeddings if self.embeddings is not None else np.zeros((0, 0), np.float32)
            self._ridge = RidgeSums(embeddings, ratio=SVM_RATIO, alpha=RIDGE_ALPHA)
        self._ridge.update(self._labelled, self._labels)
        return self._ridge.coef()

    def _dense(self, t: Training) -> list[Floats]:
        """The embedding models' scores, each divided by its spread over the scaling sample: none without
        embeddings or before ``embeddings_from`` relevant records are screened."""
        if self.embeddings is None:
            return []
        if int(t.y.sum()) < self._embeddings_from and not self._switched:
            return []
        x = self.embeddings[np.flatnonzero(self._labelled)]
        out = []
        for name in (name for name in PARTS[self.model] if name in DENSE):
            coef = self._ridge_coef() if name == "eridge" else DENSE[name](x, t.y, t.seed)
            scores = np.asarray(self.embeddings @ coef.astype(np.float32), dtype=np.float64)
            spread = float(scores[self._sample].std())
            out.append(scores / (spread if spread > 0 else 1.0))
        return out

    def _part(self, name: str, t: Training) -> tuple[Linear, float]:
        """One model, and the spread of its scores over the scaling sample."""
        part = LINEAR[name](t)
        sample = self._apply(t.columns, part.coef, self._sample_features)
        spread = float((sample + part.every_column * self._sample_sums).std())
        return part, spread if spread > 0 else 1.0

    def _similarity(self, index: Ints, y: NDArray[np.bool_]) -> Floats:
        """Before both kinds of decision exist: closeness to the relevant records (or zero, i.e. random)."""
        relevant = index[y]
        if len(relevant) == 0:
            return np.zeros(self.n_records, dtype=np.float64)
        centroid = np.asarray(self.features[relevant].mean(axis=0), dtype=np.float32).ravel()
        return np.asarray(self._scoring @ centroid, dtype=np.float64)
