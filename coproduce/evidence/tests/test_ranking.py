import numpy as np
import pytest

from coproduce.evidence.ranking import MODELS, Ranker, features_build, record_text

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
    assert ranker.predict_relevant_remaining() > 0


def test_ranker_predict_relevant_remaining_is_a_sensible_count():
    ranker = Ranker(TEXTS, seed=0)
    ranker.fit({0: True, 1: True, 6: False, 7: False, 8: False})
    expected = ranker.predict_relevant_remaining()
    assert 0 < expected < len(TEXTS) - 5
    # The four unscreened relevant records carry most of the expected count.
    assert expected > 1


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
