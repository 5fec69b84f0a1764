"""Cross-sector consensus: does every sector (e.g. residents, services, funders) agree with a statement?"""

from collections.abc import Mapping
from typing import Any

import numpy as np

from .matrix import VoteMatrix
from .types import CrossSectorConsensus, SectorShare

MIN_SECTOR_VOTES = 2


def cross_sector(matrix: VoteMatrix, sectors: Mapping[Any, str]) -> tuple[CrossSectorConsensus, ...]:
    """Per statement, each sector's agree share with its number of votes (passes count as votes).

    The score is the minimum, over sectors with at least 2 votes on the statement, of the smoothed agree
    share (1 + n_agree) / (2 + n_votes): it is high only when every such sector agrees, and a single
    sector that disagrees pulls it down. It is ``None`` when no sector has 2 votes. Participants without a
    sector are left out. Statements come highest score first (``None`` last).
    """
    names = sorted(set(sectors.values()))
    rows = {
        name: np.array([sectors.get(p) == name for p in matrix.participants], dtype=bool) for name in names
    }
    items: list[CrossSectorConsensus] = []
    for j, statement in enumerate(matrix.statements):
        column = matrix.values[:, j]
        shares: list[SectorShare] = []
        for name in names:
            votes = column[rows[name]]
            n_votes = int((~np.isnan(votes)).sum())
            n_agree = int((votes == 1).sum())
            shares.append(
                SectorShare(
                    sector=name,
                    n_votes=n_votes,
                    n_agree=n_agree,
                    share=n_agree / n_votes if n_votes else 0.0,
                    smoothed=(1 + n_agree) / (2 + n_votes),
                )
            )
        counted = [s.smoothed for s in shares if s.n_votes >= MIN_SECTOR_VOTES]
        score = min(counted) if counted else None
        items.append(CrossSectorConsensus(statement=statement, score=score, sectors=tuple(shares)))
    return tuple(sorted(items, key=lambda c: (c.score is None, -(c.score or 0.0))))
