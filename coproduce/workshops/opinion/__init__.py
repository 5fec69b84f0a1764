"""Pol.is-style analysis of agree / disagree / pass votes on workshop statements.

`opinion_analyse` places participants on an opinion map, finds opinion groups, and reports representative
statements per group, group-informed consensus, divisive statements and cross-sector consensus.
"""

from .analysis import default_min_group_size, opinion_analyse
from .types import (
    COMMON_GROUND,
    AnalysisOptions,
    Consensus,
    CrossSectorConsensus,
    Divisive,
    GroupShare,
    OpinionAnalysis,
    OpinionGroup,
    Placement,
    Repness,
    SectorShare,
    Vote,
)

__all__ = [
    "COMMON_GROUND",
    "AnalysisOptions",
    "Consensus",
    "CrossSectorConsensus",
    "Divisive",
    "GroupShare",
    "OpinionAnalysis",
    "OpinionGroup",
    "Placement",
    "Repness",
    "SectorShare",
    "Vote",
    "default_min_group_size",
    "opinion_analyse",
]
