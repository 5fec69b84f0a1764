"""Statement figures over opinion groups: representativeness, group-informed consensus and divisiveness.

All shares are smoothed as Pol.is does: (1 + n_agree) / (2 + n_votes), where n_votes counts agree, disagree
and pass votes.
"""

import math
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from .types import Consensus, CrossSectorConsensus, Divisive, GroupShare, Repness, StatementId

Z_90 = 1.2816


def smoothed(successes: NDArray[np.float64], votes: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray((1.0 + successes) / (2.0 + votes), dtype=np.float64)


def prop_test(successes: float, votes: float) -> float:
    """Pol.is's one-proportion test of a smoothed share against one half."""
    return 2.0 * math.sqrt(votes + 1.0) * ((successes + 1.0) / (votes + 1.0) - 0.5)


def two_prop_test(succ_in: float, succ_out: float, votes_in: float, votes_out: float) -> float:
    """Pol.is's two-proportion z-test (each count plus one)."""
    s1, s2, n1, n2 = succ_in + 1.0, succ_out + 1.0, votes_in + 1.0, votes_out + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    if pooled >= 1.0 or pooled <= 0.0:
        return 0.0
    return (s1 / n1 - s2 / n2) / math.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))


def counts_by_group(
    values: NDArray[np.float64], labels: NDArray[np.int64], k: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Per group (rows) and statement (columns): agree, disagree and total vote counts."""
    agree = np.zeros((k, values.shape[1]))
    disagree = np.zeros_like(agree)
    seen = np.zeros_like(agree)
    for g in range(k):
        rows = values[labels == g]
        agree[g] = (rows == 1).sum(axis=0)
        disagree[g] = (rows == -1).sum(axis=0)
        seen[g] = (~np.isnan(rows)).sum(axis=0)
    return agree, disagree, seen


def repness(
    statements: tuple[StatementId, ...],
    agree: NDArray[np.float64],
    disagree: NDArray[np.float64],
    seen: NDArray[np.float64],
) -> dict[int, tuple[Repness, ...]]:
    """For each group, the statements it agrees (or disagrees) with significantly more than the others,
    best first (score = ratio x z_diff x p_in x z_in)."""
    result: dict[int, tuple[Repness, ...]] = {}
    k = agree.shape[0]
    for g in range(k):
        found: list[Repness] = []
        for j, statement in enumerate(statements):
            best: Repness | None = None
            counts: tuple[tuple[Literal["agree", "disagree"], NDArray[np.float64]], ...] = (
                ("agree", agree),
                ("disagree", disagree),
            )
            for direction, table in counts:
                n_in, s_in = float(seen[g, j]), float(table[g, j])
                n_out = float(seen[:, j].sum()) - n_in
                s_out = float(table[:, j].sum()) - s_in
                p_in = (1.0 + s_in) / (2.0 + n_in)
                p_out = (1.0 + s_out) / (2.0 + n_out)
                z_in = prop_test(s_in, n_in)
                z_diff = two_prop_test(s_in, s_out, n_in, n_out)
                if z_in <= Z_90 or z_diff <= Z_90:
                    continue
                ratio = p_in / p_out
                item = Repness(
                    statement=statement,
                    group=g,
                    direction=direction,
                    n_votes=int(n_in),
                    n_direction=int(s_in),
                    p_in=p_in,
                    p_out=p_out,
                    ratio=ratio,
                    z_in=z_in,
                    z_diff=z_diff,
                    score=ratio * z_diff * p_in * z_in,
                    share=s_in / n_in if n_in else 0.0,
                )
                if best is None or item.score > best.score:
                    best = item
            if best is not None:
                found.append(best)
        result[g] = tuple(sorted(found, key=lambda r: -r.score))
    return result


def group_shares(
    agree: NDArray[np.float64], disagree: NDArray[np.float64], seen: NDArray[np.float64], j: int
) -> tuple[GroupShare, ...]:
    """Each group's votes on statement column ``j``, raw and smoothed."""
    return tuple(
        GroupShare(
            group=g,
            n_votes=int(seen[g, j]),
            n_agree=int(agree[g, j]),
            n_disagree=int(disagree[g, j]),
            share=float(agree[g, j] / seen[g, j]) if seen[g, j] else 0.0,
            smoothed=float((1.0 + agree[g, j]) / (2.0 + seen[g, j])),
        )
        for g in range(agree.shape[0])
    )


def above(shares: tuple[tuple[int, float], ...], threshold: float) -> bool:
    """Every (n_votes, raw share) has votes and a share above the threshold (and there is at least one)."""
    return bool(shares) and all(n > 0 and share > threshold for n, share in shares)


def consensus(
    statements: tuple[StatementId, ...],
    agree: NDArray[np.float64],
    disagree: NDArray[np.float64],
    seen: NDArray[np.float64],
    *,
    threshold: float,
    sectors: tuple[CrossSectorConsensus, ...] = (),
) -> tuple[Consensus, ...]:
    """Group-informed consensus for every statement, highest agree product first, each with its groups'
    votes and whether it is common ground: more than ``threshold`` of every group agreed and, when
    ``sectors`` are given, more than ``threshold`` of every sector (raw shares)."""
    agree_product = smoothed(agree, seen).prod(axis=0)
    disagree_product = smoothed(disagree, seen).prod(axis=0)
    by_sector = {c.statement: tuple((s.n_votes, s.share) for s in c.sectors) for c in sectors}
    items = []
    for j, s in enumerate(statements):
        groups = group_shares(agree, disagree, seen, j)
        common = above(tuple((g.n_votes, g.share) for g in groups), threshold)
        if sectors:
            common = common and above(by_sector.get(s, ()), threshold)
        items.append(
            Consensus(
                statement=s,
                agree=float(agree_product[j]),
                disagree=float(disagree_product[j]),
                groups=groups,
                common_ground=common,
            )
        )
    return tuple(sorted(items, key=lambda c: -c.agree))


def divisive(
    statements: tuple[StatementId, ...],
    agree: NDArray[np.float64],
    disagree: NDArray[np.float64],
    seen: NDArray[np.float64],
) -> tuple[Divisive, ...]:
    """Statements by the (population) variance of the groups' smoothed agree shares, highest first."""
    shares = smoothed(agree, seen)
    variance = shares.var(axis=0)
    items = [
        Divisive(
            statement=s,
            variance=float(variance[j]),
            group_agree=tuple(float(x) for x in shares[:, j]),
            groups=group_shares(agree, disagree, seen, j),
        )
        for j, s in enumerate(statements)
    ]
    return tuple(sorted(items, key=lambda d: -d.variance))
