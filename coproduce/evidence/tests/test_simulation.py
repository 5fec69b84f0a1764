import csv
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command

from coproduce.evidence.simulation import LabelledSet, labelled_set_read, priors_pick, simulate

SYNERGY = Path(settings.BASE_DIR).parent / "shared" / "data" / "synergy"


def _synthetic() -> LabelledSet:
    relevant = [f"community gardens wellbeing older adults trial {i}" for i in range(8)]
    irrelevant = [
        f"{t} report {i}" for i, t in enumerate(["road gritting", "parking fines", "bin collection"] * 20)
    ]
    return LabelledSet(texts=relevant + irrelevant, labels=[True] * 8 + [False] * 60)


def test_priors_pick_matches_numpy_random_state_draws():
    # ASReview draws with numpy.random.RandomState(seed).choice(..., replace=False), one state per class.
    labels = [True, False, False, True, False]
    expected_in = int(np.random.RandomState(4).choice([0, 3], 1, replace=False)[0])
    expected_out = int(np.random.RandomState(4).choice([1, 2, 4], 1, replace=False)[0])
    assert priors_pick(labels, seed=4) == [expected_in, expected_out]


def test_simulate_orders_every_non_prior_record_and_finds_relevant_early():
    data = _synthetic()
    result = simulate(data, seed=0)
    assert len(result.order) == len(data.labels) - 2
    assert sum(result.order) == 7
    assert result.figures["recall@10%"] > 0.5
    assert result.figures["WSS@95"] > 0.5


def test_simulate_replays_a_model_with_embeddings_given_one_row_a_record():
    # Given records whose words tell nothing but whose embeddings place the relevant ones together
    rng = np.random.default_rng(3)
    labels = [True] * 14 + [False] * 40
    data = LabelledSet(texts=[f"record{i}" for i in range(len(labels))], labels=labels)
    vectors = np.vstack([np.eye(384)[0 if label else 1] + 0.02 * rng.normal(size=384) for label in labels])
    # When replaying with and without an embedding member
    with_vectors = simulate(data, seed=0, model="svm+esvm", embeddings=vectors.astype(np.float32))
    words_only = simulate(data, seed=0, model="svm")
    # Then both screen alike until 10 relevant records are known (the prior and 9 found), and from there
    # the embeddings bring the 4 left at once
    ninth = [i for i, label in enumerate(with_vectors.order) if label][8]
    assert with_vectors.order[: ninth + 1] == words_only.order[: ninth + 1]
    assert with_vectors.order[ninth + 1 : ninth + 5] == [True] * 4
    assert words_only.order[ninth + 1 : ninth + 5] != [True] * 4


def test_simulate_retrain_every_k_gives_same_length():
    result = simulate(_synthetic(), seed=1, retrain_every=5)
    assert len(result.order) == 66


def test_labelled_set_read_and_command(tmp_path):
    path = tmp_path / "set.csv"
    data = _synthetic()
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "abstract", "label_included"])
        writer.writerows([text, "", int(label)] for text, label in zip(data.texts, data.labels, strict=True))
    assert labelled_set_read(path).labels == data.labels
    out = StringIO()
    call_command("simulate_screening", str(path), "--seed", "2", stdout=out)
    assert "WSS@95" in out.getvalue()


@pytest.mark.skipif(not (SYNERGY / "Sep_2021.csv").exists(), reason="shared SYNERGY data not present")
def test_simulate_on_sep_2021_beats_random():
    # Retraining every 5 records keeps the test fast; random screening gives recall@10% about 0.1.
    result = simulate(labelled_set_read(SYNERGY / "Sep_2021.csv"), seed=0, retrain_every=5)
    assert result.figures["recall@10%"] > 0.1
    assert result.figures["WSS@95"] > 0.05
