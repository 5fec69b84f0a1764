"""Screening prioritisation: rank the unscreened records so the likely relevant ones come first.

The text of each record (title and abstract) becomes a TF-IDF vector once per project (`features_build`; keep
the matrix and pass it back as ``features=`` so it is not rebuilt after each decision). After each screening
decision `Ranker.fit` retrains small linear models on the screened records only, and `Ranker.rank` orders the
unscreened ones by the models' combined score (query by highest score, as ASReview's "max" querier does).

Models (``model=``):
- ``svm``: linear SVM (squared hinge, C=0.11) with relevant records weighted so that the irrelevant ones
  together weigh 1/9.8 of the relevant ones (the set-up of ASReview's default ``elas_u4``).
- ``lr``: logistic regression with balanced class weights.
- ``nb``: multinomial naive Bayes (alpha 3.822) with the relevant records weighted 1.2 x the irrelevant ones.
- ``svm+nb`` (default), ``svm+lr``, ``lr+nb``, ``ensemble`` (all three): the mean of the members' scores,
  each standardised over all records (mean 0, standard deviation 1).

With no decisions yet the order is a seeded random one; with only relevant decisions it is by TF-IDF
similarity to the relevant records; with only irrelevant ones it stays random.
"""

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

Floats = NDArray[np.float64]

SVM_RATIO = 9.8  # total weight of the relevant records over that of the irrelevant ones
NB_RATIO = 1.2
NB_ALPHA = 3.822
SCALE_SAMPLE = 2048  # records used to put the models' scores on one scale
LR_C = 10.0


def features_build(texts: Sequence[str]) -> sparse.csr_matrix:
    """TF-IDF of word 1-2 grams (sublinear term frequency, l2-normalised rows) for each record's text."""
    safe = [text if text.strip() else "_empty_" for text in texts]
    for max_df in (0.95, 1.0):  # 1.0 only when 0.95 leaves no words (tiny or uniform sets)
        vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, max_df=max_df, dtype=np.float64)
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


def _compact(x_train: sparse.csr_matrix) -> tuple[sparse.csr_matrix, NDArray[np.int32]]:
    """The training rows restricted to the columns they use (an L2-regularised weight is 0 elsewhere)."""
    columns = np.unique(x_train.indices)
    return sparse.csr_matrix(x_train[:, columns]), columns


def _expand(coef: Floats, columns: NDArray[np.int32], n_features: int) -> Floats:
    full = np.zeros(n_features, dtype=np.float64)
    full[columns] = coef
    return full


def _svm(x_train: sparse.csr_matrix, y: NDArray[np.bool_], seed: int) -> tuple[Floats, float]:
    model = LinearSVC(C=0.11, loss="squared_hinge", dual=True, random_state=seed)
    model.fit(x_train, y, sample_weight=_weights(y, SVM_RATIO))
    return np.asarray(model.coef_[0], dtype=np.float64), float(model.intercept_[0])


def _lr_fit(x_train: sparse.csr_matrix, y: NDArray[np.bool_], seed: int) -> LogisticRegression:
    model = LogisticRegression(
        C=LR_C, class_weight="balanced", solver="liblinear", dual=True, random_state=seed
    )
    return model.fit(x_train, y)


def _lr(x_train: sparse.csr_matrix, y: NDArray[np.bool_], seed: int) -> tuple[Floats, float]:
    compact, columns = _compact(x_train)
    model = _lr_fit(compact, y, seed)
    return _expand(model.coef_[0], columns, x_train.shape[1]), float(model.intercept_[0])


def _nb(x_train: sparse.csr_matrix, y: NDArray[np.bool_], seed: int) -> tuple[Floats, float]:
    """Multinomial naive Bayes (scikit-learn's, weighted), written out because it is linear in the features:
    log-odds = x . (log p(word | relevant) - log p(word | irrelevant)) + log(prior odds). Words absent from
    the screened records differ only by the constant of the two normalisers, so only the others need logs."""
    del seed
    weights = _weights(y, NB_RATIO)
    relevant_w, irrelevant_w = np.where(y, weights, 0.0), np.where(y, 0.0, weights)
    n_features, per_entry = x_train.shape[1], np.diff(x_train.indptr)
    relevant = np.bincount(x_train.indices, np.repeat(relevant_w, per_entry) * x_train.data, n_features)
    irrelevant = np.bincount(x_train.indices, np.repeat(irrelevant_w, per_entry) * x_train.data, n_features)
    totals = relevant.sum() + NB_ALPHA * n_features, irrelevant.sum() + NB_ALPHA * n_features
    coef = np.full(n_features, np.log(totals[1]) - np.log(totals[0]))
    seen = (relevant > 0) | (irrelevant > 0)
    coef[seen] += np.log(relevant[seen] + NB_ALPHA) - np.log(irrelevant[seen] + NB_ALPHA)
    return coef, float(np.log(relevant_w.sum()) - np.log(irrelevant_w.sum()))


LINEAR: dict[str, Callable[[sparse.csr_matrix, NDArray[np.bool_], int], tuple[Floats, float]]] = {
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
}
MODELS = tuple(PARTS)
DEFAULT_MODEL = "svm+nb"


class Ranker:
    """Ranks records by how likely they are to be relevant, learning from the screening decisions so far.

    Deterministic for a given ``seed``: ties are broken by a seeded random order of the records.
    """

    def __init__(
        self,
        texts: Sequence[str] | None = None,
        *,
        features: sparse.csr_matrix | None = None,
        model: str = DEFAULT_MODEL,
        seed: int = 0,
    ) -> None:
        if features is None:
            if texts is None:
                raise ValueError("Give either the texts or a feature matrix.")
            features = features_build(texts)
        if model not in MODELS:
            raise ValueError(f"Unknown model {model!r}; choose from {', '.join(MODELS)}.")
        self.features = sparse.csr_matrix(features)
        self.model, self.seed = model, seed
        self.n_records = self.features.shape[0]
        rng = np.random.default_rng(seed)
        self._tiebreak: Floats = rng.random(self.n_records) * 1e-9
        self._labelled = np.zeros(self.n_records, dtype=bool)
        self._labels = np.zeros(self.n_records, dtype=bool)
        self._scores: Floats = self._tiebreak.copy()
        sample = np.sort(rng.permutation(self.n_records)[:SCALE_SAMPLE])
        self._sample_features = self.features[sample]

    def fit(self, labelled: Mapping[int, bool]) -> None:
        """Retrain on the screened records: ``labelled`` maps a record's index to True (relevant) or False."""
        self._labelled[:] = False
        self._labels[:] = False
        index = np.fromiter(labelled.keys(), dtype=np.int64, count=len(labelled))
        self._labelled[index] = True
        self._labels[index] = np.fromiter(labelled.values(), dtype=bool, count=len(labelled))
        self._scores = self._score() + self._tiebreak

    def rank(self) -> list[int]:
        """Indices of the unscreened records, most likely relevant first."""
        unlabelled = np.flatnonzero(~self._labelled)
        order = np.argsort(-self._scores[unlabelled], kind="stable")
        return [int(i) for i in unlabelled[order].tolist()]

    def predict_relevant_remaining(self) -> float:
        """Expected number of relevant records among the unscreened ones (sum of their probabilities).

        The probabilities come from a logistic regression with balanced class weights whose odds are then
        multiplied by (relevant screened / irrelevant screened), undoing the balancing, so that they match the
        share of relevant records among the screened ones. Records screened first are richer in relevant
        records than the rest, so this estimate tends to be high: a cautious guide, not a stopping rule.
        """
        index = np.flatnonzero(self._labelled)
        y = self._labels[index]
        n_pos, n_neg = int(y.sum()), int((~y).sum())
        unlabelled = ~self._labelled
        if n_pos == 0 or n_neg == 0:
            share = (n_pos + 0.5) / (n_pos + n_neg + 1.0)
            return float(share * unlabelled.sum())
        model = _lr_fit(self.features[index], y, self.seed)
        logit = model.decision_function(self.features[unlabelled]) + np.log(n_pos / n_neg)
        return float((1.0 / (1.0 + np.exp(-logit))).sum())

    def _score(self) -> Floats:
        index = np.flatnonzero(self._labelled)
        y = self._labels[index]
        if y.all() or not y.any():
            return self._similarity(index, y)
        return self._combine(self.features[index], y)

    def _combine(self, x_train: sparse.csr_matrix, y: NDArray[np.bool_]) -> Floats:
        """Each model's scores, divided by their standard deviation over (up to) 2,048 records, averaged.

        One sparse product over all records for the combined weights, instead of one per model."""
        fitted = [LINEAR[name](x_train, y, self.seed) for name in PARTS[self.model]]
        combined = np.zeros(self.features.shape[1], dtype=np.float64)
        for coef, _ in fitted:  # intercepts and means shift every score alike: they do not change the order
            spread = float((self._sample_features @ coef).std())
            combined += coef / (spread if spread > 0 else 1.0)
        return np.asarray(self.features @ combined, dtype=np.float64) / len(fitted)

    def _similarity(self, index: NDArray[np.int64], y: NDArray[np.bool_]) -> Floats:
        """Before both kinds of decision exist: closeness to the relevant records (or zero, i.e. random)."""
        relevant = index[y]
        if len(relevant) == 0:
            return np.zeros(self.n_records, dtype=np.float64)
        centroid = np.asarray(self.features[relevant].mean(axis=0)).ravel()
        return np.asarray(self.features @ centroid, dtype=np.float64)
