import numpy as np
import pytest
from scipy import sparse  # type: ignore[import-untyped]
from sklearn.linear_model import RidgeClassifier  # type: ignore[import-untyped]
from sklearn.naive_bayes import MultinomialNB  # type: ignore[import-untyped]
from sklearn.svm import LinearSVC  # type: ignore[import-untyped]

from coproduce.evidence.ranking import (
    DENSE,
    EMBEDDINGS_FROM,
    LINEAR,
    MODELS,
    PARTS,
    Ranker,
    _dense_ridge,
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
TFIDF_MODELS = [m for m in MODELS if any(part in LINEAR for part in PARTS[m])]


@pytest.mark.parametrize("model", TFIDF_MODELS)
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
    with pytest.raises(ValueError, match="needs the records' embeddings"):
        Ranker(TEXTS, model="esvm")
    with pytest.raises(ValueError, match="one embedding per record"):
        Ranker(TEXTS, embeddings=np.zeros((3, 384), dtype=np.float32))


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


def _words_alike_vectors_apart(n_relevant=6, n_irrelevant=18):
    """Records whose words tell nothing (each has one word of its own) but whose embeddings do: the
    relevant ones lie near one direction, the others near another."""
    rng = np.random.default_rng(5)
    texts = [f"record{i}" for i in range(n_relevant + n_irrelevant)]
    directions = np.eye(384, dtype=np.float32)[:2]
    vectors = np.vstack(
        [directions[0] + 0.02 * rng.normal(size=384) for _ in range(n_relevant)]
        + [directions[1] + 0.02 * rng.normal(size=384) for _ in range(n_irrelevant)]
    ).astype(np.float32)
    return texts, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


@pytest.mark.parametrize("model", [m for m in MODELS if any(part in DENSE for part in PARTS[m])])
def test_models_with_embeddings_find_what_the_words_alone_cannot(model):
    texts, vectors = _words_alike_vectors_apart()
    ranker = Ranker(texts, embeddings=vectors, model=model, seed=0, embeddings_from=1)
    ranker.fit({0: True, 6: False, 7: False})
    assert set(ranker.rank()[:5]) == {1, 2, 3, 4, 5}


def test_embeddings_count_once_enough_relevant_records_are_screened():
    # Given records told apart by their embeddings only, and a model with an embedding member
    texts, vectors = _words_alike_vectors_apart(n_relevant=14, n_irrelevant=30)
    ranker = Ranker(texts, embeddings=vectors, model="svm+nb+esvm", seed=0)
    tfidf_only = Ranker(texts, model="svm+nb", seed=0)
    # When fewer relevant records than EMBEDDINGS_FROM are screened, then it ranks as its TF-IDF models do
    few = dict.fromkeys(range(EMBEDDINGS_FROM - 1), True) | {20: False, 21: False}
    for one in (ranker, tfidf_only):
        one.fit(few)
    assert ranker.rank() == tfidf_only.rank()
    # When EMBEDDINGS_FROM are, then the embeddings put the other relevant records first
    ranker.fit(few | {EMBEDDINGS_FROM - 1: True})
    assert set(ranker.rank()[:4]) == set(range(EMBEDDINGS_FROM, 14))


def test_embeddings_count_from_a_run_of_irrelevant_records_and_keep_counting():
    # Given records told apart by their embeddings only, and a model that switches after 3 irrelevant in a row
    texts, vectors = _words_alike_vectors_apart(n_relevant=6, n_irrelevant=30)
    ranker = Ranker(
        texts, embeddings=vectors, model="svm+nb+eridge", seed=0, embeddings_from=99, switch_after=3
    )
    tfidf_only = Ranker(texts, model="svm+nb", seed=0)
    # When two irrelevant records follow the relevant one, then it ranks as its TF-IDF models do
    screened = {0: True, 10: False, 11: False}
    for one in (ranker, tfidf_only):
        one.fit(screened)
    assert ranker.rank() == tfidf_only.rank()
    # When a third follows, then the embeddings put the other relevant records first
    ranker.fit(screened | {12: False})
    assert set(ranker.rank()[:5]) == {1, 2, 3, 4, 5}
    # and they still count after a relevant record ends the run
    ranker.fit(screened | {12: False, 1: True})
    assert set(ranker.rank()[:4]) == {2, 3, 4, 5}


def test_a_run_of_irrelevant_records_switches_only_once_enough_relevant_ones_are_found():
    texts, vectors = _words_alike_vectors_apart(n_relevant=6, n_irrelevant=30)
    ranker = Ranker(
        texts, embeddings=vectors, model="svm+nb+eridge", seed=0, embeddings_from=99, switch_after=3,
        switch_min_relevant=2,
    )  # fmt: skip
    tfidf_only = Ranker(texts, model="svm+nb", seed=0)
    # One relevant record and a run of three irrelevant ones: still the TF-IDF models alone
    screened = {0: True, 10: False, 11: False, 12: False}
    for one in (ranker, tfidf_only):
        one.fit(screened)
    assert ranker.rank() == tfidf_only.rank()
    # A second relevant record, then a run of three: the embeddings count
    ranker.fit(screened | {1: True, 13: False, 14: False, 15: False})
    assert set(ranker.rank()[:4]) == {2, 3, 4, 5}


def test_without_embeddings_a_model_uses_its_tfidf_members_alone():
    # Given no embeddings (the optional packages are missing, or the task has not stored them yet)
    with_vectors = Ranker(TEXTS, model="svm+nb+esvm", seed=0)
    tfidf_only = Ranker(TEXTS, model="svm+nb", seed=0)
    for ranker in (with_vectors, tfidf_only):
        ranker.fit({0: True, 6: False, 7: False})
    # Then the ranking is the TF-IDF models' own
    assert with_vectors.rank() == tfidf_only.rank()


def test_ridge_on_embeddings_matches_scikit_learn_weighted_ridge_classifier():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 384)).astype(np.float32)
    y = rng.random(200) < 0.1
    expected = RidgeClassifier(alpha=1.0, solver="cholesky").fit(x, y, sample_weight=_weights(y, 9.8))
    np.testing.assert_allclose(_dense_ridge(x, y, 0), expected.coef_.ravel(), atol=1e-5)


def test_ridge_kept_up_to_date_decision_by_decision_matches_a_fit_on_all_screened_records():
    # Given records' embeddings and a ranker with the ridge model on them
    rng = np.random.default_rng(2)
    vectors = rng.normal(size=(60, 384)).astype(np.float32)
    ranker = Ranker([f"record{i}" for i in range(60)], embeddings=vectors, model="svm+nb+eridge", seed=0)
    labels = {i: i % 5 == 0 for i in range(12)}
    # When decisions are added, changed and undone between retrains
    steps: list[tuple[dict[int, bool], list[int]]] = [({}, []), ({12: True, 13: False}, []), ({0: False}, [])]
    for added, undone in [*steps, ({}, [13])]:
        labels.update(added)
        for row in undone:
            del labels[row]
        ranker._labelled[:] = False
        ranker._labelled[list(labels)] = True
        ranker._labels[:] = False
        ranker._labels[list(labels)] = list(labels.values())
        # Then the weights are those of a fit on all the screened records at once
        rows = sorted(labels)
        index = np.asarray(rows, dtype=np.int64)
        y = np.asarray([labels[i] for i in rows], dtype=np.bool_)
        np.testing.assert_allclose(ranker._ridge_coef(), _dense_ridge(vectors[index], y, 0), atol=1e-8)
