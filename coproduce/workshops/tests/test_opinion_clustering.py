"""Opinion groups from base clusters: hand-built rooms whose groups are known, the base-cluster stage, the
silhouette over base clusters and the size guard."""

import random

import numpy as np
import pytest
from sklearn.metrics import silhouette_score  # type: ignore[import-untyped]

from coproduce.workshops.opinion import AnalysisOptions, opinion_analyse
from coproduce.workshops.opinion.clustering import base_clusters, cluster
from coproduce.workshops.opinion.kmeans import silhouette
from coproduce.workshops.opinion.matrix import matrix_build

PERSONAL = ["p1", "p2", "p3", "p4", "p5"]


def _personal(person: int) -> list[tuple[str, int]]:
    """Five votes that differ from person to person (agree, disagree or pass by the digits of ``person`` in
    base 3), so nearly everyone stands on a position of their own."""
    return [(s, (person // 3**i) % 3 - 1) for i, s in enumerate(PERSONAL)]


def camps_votes(camps: list[list[str]], size: int) -> tuple[list[tuple[str, str, int]], list[list[str]]]:
    """Camp c of ``size`` people agrees with its own core statements and disagrees with every other camp's;
    everyone also votes on the five personal statements."""
    votes: list[tuple[str, str, int]] = []
    members: list[list[str]] = []
    number = 0
    for c, own in enumerate(camps):
        names = [f"camp{c}-{i:03d}" for i in range(size)]
        members.append(names)
        for name in names:
            for other in camps:
                votes += [(name, s, 1 if other is own else -1) for s in other]
            votes += [(name, s, v) for s, v in _personal(number)]
            number += 1
    return votes, members


def test_two_clear_camps_with_more_positions_than_base_clusters():
    # Given two camps of 60 on 8 core statements, each person on a position of their own, and 10 base clusters
    votes, members = camps_votes([["s1", "s2", "s3", "s4"], ["s5", "s6", "s7", "s8"]], 60)
    options = AnalysisOptions(base_k=10)
    # When the room is analysed
    result = opinion_analyse(votes=votes, options=options)
    # Then the 120 participants stood on more than 10 positions, so the base clusters were made by k-means
    positions = {(round(p.x, 9), round(p.y, 9)) for p in result.placements}
    assert len(positions) > options.base_k
    # and the two groups are the two camps
    assert result.status == "groups"
    assert result.k == 2
    assert sorted(sorted(g.members) for g in result.groups) == sorted(members)
    assert all(p.margin > 0 for p in result.placements)


@pytest.mark.parametrize("base_k", [10, 100])
def test_three_camps_give_three_groups(base_k):
    # Given three camps of 40, each agreeing with its own three statements and disagreeing with the others'
    votes, members = camps_votes([["s1", "s2", "s3"], ["s4", "s5", "s6"], ["s7", "s8", "s9"]], 40)
    # When the room is analysed with 10 base clusters (k-means) or 100 (more than the positions)
    result = opinion_analyse(votes=votes, options=AnalysisOptions(base_k=base_k))
    # Then there are three groups and they are the camps
    assert result.k == 3
    assert sorted(sorted(g.members) for g in result.groups) == sorted(members)
    assert sorted(len(g.members) for g in result.groups) == [40, 40, 40]


def test_base_clusters_with_fewer_participants_than_base_clusters():
    # Given six participants on four positions, two of them shared
    points = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [2.0, 2.0], [1.0, 1.0], [5.0, 5.0]])
    # When they are gathered into at most 100 base clusters
    base = base_clusters(points, base_k=100, seed=0)
    # Then each position is a base cluster, in the order the positions first occur, weighted by its people
    assert base.centres.tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [5.0, 5.0]]
    assert base.weights.tolist() == [2.0, 2.0, 1.0, 1.0]
    assert base.labels.tolist() == [0, 1, 0, 2, 1, 3]


def test_base_clusters_by_kmeans_cover_everyone_with_their_centres():
    # Given 500 participants on distinct positions
    points = np.random.default_rng(3).normal(size=(500, 2))
    # When they are gathered into at most 20 base clusters
    base = base_clusters(points, base_k=20, seed=0)
    # Then there are at most 20, their weights count everyone, and each centre is the mean of its members
    assert len(base.weights) <= 20
    assert base.weights.sum() == 500
    assert np.bincount(base.labels).tolist() == base.weights.astype(int).tolist()
    for b, centre in enumerate(base.centres):
        assert centre == pytest.approx(points[base.labels == b].mean(axis=0))


def test_weighted_silhouette_by_hand():
    # Given participants at 0, 0 and 1 in one group and at 10 alone in the other, as three weighted points
    points = np.array([[0.0, 0.0], [1.0, 0.0], [10.0, 0.0]])
    labels = np.array([0, 0, 1])
    weights = np.array([2.0, 1.0, 1.0])
    # Then: each at 0 has a = (0 + 1) / 2, b = 10, s = 0.95; the one at 1 has a = 1, b = 9, s = 8/9; the one
    # alone counts 0; the mean is over the four participants
    expected = (0.95 + 0.95 + 8 / 9 + 0.0) / 4
    assert silhouette(points, labels, weights) == pytest.approx(expected)
    # and it is the usual silhouette of the four participants
    everyone = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0], [10.0, 0.0]])
    assert silhouette_score(everyone, [0, 0, 0, 1]) == pytest.approx(expected)


def test_silhouette_is_exact_when_positions_are_no_more_than_base_clusters():
    # Given 30 participants in two loose camps, each on a position of their own
    rng = np.random.default_rng(5)
    points = np.vstack([rng.normal(0, 1, size=(18, 2)), rng.normal(6, 1, size=(12, 2))])
    # When they are grouped with 100 base clusters (one per participant)
    found = cluster(points, max_k=4, min_group_size=3, seed=0)
    # Then the silhouette reported is the participants' silhouette
    assert found is not None
    assert found.silhouette == pytest.approx(silhouette_score(points, found.labels))


def test_silhouette_is_worked_out_on_at_most_the_base_clusters(monkeypatch):
    # Given a room of 360 participants on nearly as many positions
    votes, _ = camps_votes([["s1", "s2", "s3"], ["s4", "s5", "s6"], ["s7", "s8", "s9"]], 120)
    sizes: list[int] = []

    def counted(points, labels, weights):
        sizes.append(int(points.shape[0]))
        return silhouette(points, labels, weights)

    monkeypatch.setattr("coproduce.workshops.opinion.clustering.silhouette", counted)
    # When the room is analysed with 100 base clusters
    result = opinion_analyse(votes=votes)
    # Then every silhouette was over at most 100 points, once for each k from 2 to 5
    assert result.n_participants == 360
    assert sizes and max(sizes) <= 100
    assert len(sizes) == 4


def test_same_room_same_groups_in_any_vote_order():
    # Given a room large enough for k-means base clusters
    votes, _ = camps_votes([["s1", "s2", "s3"], ["s4", "s5", "s6"]], 80)
    shuffled = list(votes)
    random.Random(7).shuffle(shuffled)
    options = AnalysisOptions(base_k=12)
    # When it is analysed twice, once with the votes in another order
    first = opinion_analyse(votes=votes, options=options)
    again = opinion_analyse(votes=votes, options=options)
    other_order = opinion_analyse(votes=shuffled, options=options)
    # Then the results are the same
    assert first == again == other_order


def test_size_guard_takes_the_best_grouping_that_passes_it():
    # Given 20 people at one spot, 4 at another 3 away and 1 far off in another direction
    points = np.array([[0.0, 0.0]] * 20 + [[3.0, 0.0]] * 4 + [[0.0, 10.0]])
    # When groups must have 3 or more people
    found = cluster(points, max_k=3, min_group_size=3, seed=0)
    # Then the grouping that leaves the one far off alone (the lowest sum of squares, 30) is set aside,
    # and the best that passes the guard is kept: the 4 apart from the other 21 (sum of squares 95.2)
    assert found is not None
    assert found.k == 2
    assert sorted(np.bincount(found.labels).tolist()) == [4, 21]
    assert (found.labels[20:24] == found.labels[20]).all()
    assert found.labels[20] != found.labels[0]


def test_later_vote_replaces_an_earlier_one():
    matrix = matrix_build([("a", "s1", 1), ("b", "s1", 0), ("a", "s2", -1), ("a", "s1", -1)])
    assert matrix.participants == ("a", "b")
    assert matrix.statements == ("s1", "s2")
    assert matrix.values[0].tolist() == [-1.0, -1.0]
    assert matrix.values[1, 0] == 0.0
    assert np.isnan(matrix.values[1, 1])
