import numpy as np
import pytest
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.naive_bayes import MultinomialNB  # type: ignore[import-untyped]
from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

from coproduce.evidence.ranking import (
    MODELS,
    Ranker,
    _nb,
    _row_sums,
    _shared_columns_only,
    _svm,
    _weights,
    features_build,
    record_text,
)

# Synthetic records: the relevant ones are about school meals, the rest about other things.
RELEVANT = [f"free school meals pilot {i} children nutrition lunch" for i in range(6)]
IRRELEVANT = [
    f"{topic} study {i}" for i, topic in enumerate(["bus routes", "housing repair", "library hours"] * 6)
]
TEXTS = RELEVANT + IRRELEVANT + [""]


@pytest.mark.parametrize("model", MODELS)
def test_ranker_rank_puts_relevant_first_from_two_priors(model):
    # Given one relevant and one irrelevant screened record
    ranker = Ranker(TEXTS, model=model, seed=0)
    ranker.fit({0: True, len(RELEVANT): False})
    # When ranking the rest, then the other relevant records come first and screened ones are left out
    order = ranker.rank()
    assert set(order[:5]) == {1, 2, 3, 4, 5}
    assert 0 not in order and len(RELEVANT) not in order
    assert len(order) == len(TEXTS) - 2


def test_ranker_is_deterministic_for_a_seed():
    first, second = Ranker(TEXTS, seed=3), Ranker(TEXTS, seed=3)
    for ranker in (first, second):
        ranker.fit({0: True, 7: False})
    assert first.rank() == second.rank()


def test_ranker_handles_no_labels_and_one_class():
    ranker = Ranker(TEXTS, seed=0)
    ranker.fit({})
    assert sorted(ranker.rank()) == list(range(len(TEXTS)))
    ranker.fit({0: True})
    assert set(ranker.rank()[:5]) == {1, 2, 3, 4, 5}


def test_ranker_accepts_a_cached_feature_matrix():
    features = features_build(TEXTS)
    ranker = Ranker(features=features, seed=0)
    ranker.fit({0: True, 6: False})
    assert ranker.rank()[0] in {1, 2, 3, 4, 5}


def test_ranker_rejects_bad_arguments():
    with pytest.raises(ValueError):
        Ranker()
    with pytest.raises(ValueError):
        Ranker(TEXTS, model="nope")


def test_record_text_tolerates_empty_parts():
    assert record_text("Title", "") == "Title"
    assert features_build(["", ""]).shape[0] == 2
    assert np.isfinite(features_build(["a b", ""]).toarray()).all()


def _training(features, index, y):
    ranker = Ranker(features=features, seed=0)
    return ranker._training(np.asarray(index), np.asarray(y, dtype=bool))


def test_svm_fitted_on_the_used_columns_matches_a_fit_on_all_columns():
    # Given the screened rows of a matrix with many columns they do not use
    features = features_build(TEXTS)
    index, y = [0, 1, 6, 7, 8], [True, True, False, False, False]
    t = _training(features, index, y)
    assert len(t.columns) < features.shape[1]
    # When fitting the SVM on the used columns only, then the weights are scikit-learn's on all columns
    full = LinearSVC(C=0.11, loss="squared_hinge", dual=True, random_state=0)
    full.fit(features[index].astype(np.float64), np.asarray(y), sample_weight=_weights(np.asarray(y), 9.8))
    expected = np.zeros(features.shape[1])
    expected[t.columns] = _svm(t).coef
    np.testing.assert_allclose(expected, full.coef_[0], atol=1e-12)


def test_naive_bayes_matches_scikit_learn_weighted_multinomial_nb():
    features = features_build(TEXTS)
    index, y = [0, 1, 2, 6, 7, 8, 9], [True, True, True, False, False, False, False]
    t = _training(features, index, y)
    labels = np.asarray(y)
    model = MultinomialNB(alpha=3.822).fit(
        features[index].astype(np.float64), labels, sample_weight=_weights(labels, 1.2)
    )
    expected = model.feature_log_prob_[1] - model.feature_log_prob_[0]  # classes are (False, True)
    fitted = _nb(t)
    got = np.full(features.shape[1], fitted.every_column)
    got[t.columns] += fitted.coef
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


def test_scoring_matrix_without_single_record_words_scores_other_records_alike():
    # Given a matrix where many words occur in one record only
    rng = np.random.default_rng(1)
    matrix = sparse.random(60, 400, density=0.05, format="csr", random_state=2, dtype=np.float32)
    shared = _shared_columns_only(matrix)
    assert shared.nnz < matrix.nnz
    # When weights come only from the words of some records (the screened ones)
    screened = np.arange(10)
    used = np.unique(matrix[screened].indices)
    weights = np.zeros(400, dtype=np.float32)
    weights[used] = rng.normal(size=len(used))
    # Then every other record scores the same as with the whole matrix
    np.testing.assert_allclose((shared @ weights)[10:], (matrix @ weights)[10:], rtol=1e-5, atol=1e-6)


def test_row_sums_handle_empty_rows():
    matrix = sparse.csr_matrix(np.array([[0, 1, 0], [0, 0, 0], [2, 3, 0], [0, 0, 0]], dtype=np.float32))
    assert _row_sums(matrix).tolist() == [1.0, 0.0, 5.0, 0.0]


def test_ranker_gives_the_same_order_for_float64_and_float32_features():
    features = features_build(TEXTS)
    orders = []
    for matrix in (features, features.astype(np.float64)):
        ranker = Ranker(features=matrix, seed=0)
        ranker.fit({0: True, 6: False, 7: False})
        orders.append(ranker.rank())
    assert orders[0] == orders[1]
