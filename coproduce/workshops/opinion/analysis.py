"""`opinion_analyse`: opinion groups and statement figures from agree / disagree / pass votes."""

import math
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import numpy as np

from .clustering import cluster, project
from .matrix import VoteMatrix, matrix_build
from .sectors import cross_sector
from .statements import consensus, counts_by_group, divisive, repness
from .types import (
    AnalysisOptions,
    CrossSectorConsensus,
    OpinionAnalysis,
    OpinionGroup,
    Placement,
    StatementId,
    Vote,
)

POLIS_MIN_VOTES = 7


def default_min_group_size(n_participants: int) -> int:
    """At least 3 people, and at least 5% of the participants placed (rounded up)."""
    return max(3, math.ceil(0.05 * n_participants))


def opinion_analyse(
    *,
    votes: Iterable[Vote],
    sectors: Mapping[Any, str] | None = None,
    excluded_statements: Collection[StatementId] = (),
    options: AnalysisOptions | None = None,
) -> OpinionAnalysis:
    """Analyse votes given as (participant, statement, value) with value 1 agree, -1 disagree, 0 pass.

    Participants with at least ``min_votes`` votes are placed and grouped (see `clustering`); when fewer
    than two groups of ``min_group_size`` can be made the result is ``status="not_enough_votes"``. The
    cross-sector figures use every vote and every participant with a sector.

    ``sectors`` maps participant ids to sector names. ``excluded_statements`` (moderated out) are handled
    as Pol.is does: votes on them still count towards a participant's ``min_votes``, they are left out of
    every figure, and in the map's scaling they count as statements everyone voted 0 on.
    """
    options = options or AnalysisOptions()
    full = matrix_build(votes)
    excluded = set(excluded_statements)
    n_all = len(full.statements)
    kept_columns = np.array([s not in excluded for s in full.statements], dtype=bool)
    zeroed = len(excluded)
    matrix = VoteMatrix(
        participants=full.participants,
        statements=tuple(s for s in full.statements if s not in excluded),
        values=full.values[:, kept_columns],
    )
    n_statements = len(matrix.statements)
    min_votes = options.min_votes if options.min_votes is not None else min(POLIS_MIN_VOTES, n_all)
    sector_items: tuple[CrossSectorConsensus, ...] = cross_sector(matrix, sectors) if sectors else ()
    eligible = (~np.isnan(full.values)).sum(axis=1) >= max(min_votes, 1)
    eligible &= (~np.isnan(matrix.values)).sum(axis=1) > 0
    placed = matrix.subset(eligible)
    n_placed = len(placed.participants)
    min_group_size = (
        options.min_group_size if options.min_group_size is not None else default_min_group_size(n_placed)
    )

    def not_enough(reason: str) -> OpinionAnalysis:
        return OpinionAnalysis(
            status="not_enough_votes",
            reason=reason,
            n_participants=n_placed,
            n_statements=n_statements,
            min_votes=min_votes,
            min_group_size=min_group_size,
            common_ground_threshold=options.common_ground,
            cross_sector=sector_items,
        )

    if n_statements < 2:
        return not_enough("fewer than 2 statements have votes")
    if n_placed < 2 * min_group_size:
        return not_enough(
            f"{n_placed} participants have {min_votes} or more votes; "
            f"two groups of {min_group_size} need {2 * min_group_size}"
        )
    projection = project(placed.values, zeroed=zeroed)
    found = cluster(
        projection,
        max_k=options.max_k,
        min_group_size=min_group_size,
        seed=options.seed,
        base_k=options.base_k,
    )
    if found is None:
        return not_enough(f"no grouping gives every group {min_group_size} or more participants")

    labels = found.labels
    listed = labels.tolist()  # plain ints and floats: 15,000 numpy scalars would cost a tenth of a second
    groups = tuple(
        OpinionGroup(
            label=g, members=tuple(p for p, lab in zip(placed.participants, listed, strict=True) if lab == g)
        )
        for g in range(found.k)
    )
    placements = tuple(
        Placement(participant=p, group=group, x=x, y=y, margin=margin)
        for p, group, (x, y), margin in zip(
            placed.participants, listed, projection.tolist(), found.margins.tolist(), strict=True
        )
    )
    agree, disagree, seen = counts_by_group(placed.values, labels, found.k)
    return OpinionAnalysis(
        status="groups",
        reason="",
        n_participants=n_placed,
        n_statements=n_statements,
        min_votes=min_votes,
        min_group_size=min_group_size,
        common_ground_threshold=options.common_ground,
        k=found.k,
        silhouette=found.silhouette,
        silhouettes=found.silhouettes,
        groups=groups,
        placements=placements,
        repness=repness(placed.statements, agree, disagree, seen),
        consensus=consensus(
            placed.statements, agree, disagree, seen, threshold=options.common_ground, sectors=sector_items
        ),
        divisive=divisive(placed.statements, agree, disagree, seen),
        cross_sector=sector_items,
    )
