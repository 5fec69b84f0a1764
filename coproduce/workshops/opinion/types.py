"""The inputs and results of the statements analysis (plain, frozen data classes)."""

from dataclasses import dataclass, field
from typing import Literal

ParticipantId = int | str
StatementId = int | str
Vote = tuple[ParticipantId, StatementId, int]

AGREE = 1
DISAGREE = -1
PASS = 0

COMMON_GROUND = 0.6


@dataclass(frozen=True)
class AnalysisOptions:
    """Settings of the analysis.

    - ``min_votes``: votes a participant needs before being placed in a group. ``None`` means Pol.is's rule:
      7, or the number of statements when there are fewer than 7.
    - ``min_group_size``: a number of groups k is rejected when any group would be smaller. ``None`` means
      ``max(3, ceil(5% of the participants placed))``.
    - ``max_k``: the largest number of groups tried (k runs from 2 to ``max_k``).
    - ``base_k``: the most base clusters the participants are gathered into before they are grouped (as
      Pol.is does, 100); the groups and their silhouette are worked out over the base clusters.
    - ``seed``: the random state of k-means, so the same votes always give the same groups.
    - ``common_ground``: a statement is common ground only when more than this share of every opinion group
      (and of every sector, when participants gave one) agreed with it, counting raw votes (passes count as
      votes, no smoothing); a group or sector with no vote on it is not above the threshold.
    """

    min_votes: int | None = None
    min_group_size: int | None = None
    max_k: int = 5
    base_k: int = 100
    seed: int = 0
    common_ground: float = COMMON_GROUND


@dataclass(frozen=True)
class Placement:
    """Where a participant sits on the opinion map, their group and how clearly they belong to it.

    ``margin`` is the distance to the nearest other group's centre minus the distance to their own: near 0
    means the participant is between two groups (below 0 only when the groups found over the base clusters
    could not be refined on the participants without a group falling below the minimum size).
    """

    participant: ParticipantId
    group: int
    x: float
    y: float
    margin: float


@dataclass(frozen=True)
class OpinionGroup:
    label: int
    members: tuple[ParticipantId, ...]


@dataclass(frozen=True)
class Repness:
    """A statement that sets a group apart (Pol.is representativeness).

    ``p_in`` and ``p_out`` are the smoothed shares (1 + n) / (2 + votes) of the group and of everyone else
    voting ``direction``, ``share`` the group's raw share ``n_direction / n_votes``; ``ratio`` is
    ``p_in / p_out``; ``z_in`` tests ``p_in`` against one half and ``z_diff`` is the two-proportion test of
    in-group against out-group. Kept only when both exceed 1.2816 (one-sided 90%).
    """

    statement: StatementId
    group: int
    direction: Literal["agree", "disagree"]
    n_votes: int
    n_direction: int
    p_in: float
    p_out: float
    ratio: float
    z_in: float
    z_diff: float
    score: float
    share: float = 0.0


@dataclass(frozen=True)
class GroupShare:
    """One opinion group's votes on a statement: ``share`` is the raw ``n_agree / n_votes`` (0 with no
    votes) and ``smoothed`` Pol.is's ``(1 + n_agree) / (2 + n_votes)``; passes count as votes."""

    group: int
    n_votes: int
    n_agree: int
    n_disagree: int
    share: float
    smoothed: float


@dataclass(frozen=True)
class Consensus:
    """Group-informed consensus: the product over groups of each group's smoothed agree (disagree) share,
    each group's votes, and whether the statement is common ground (every group, and every sector where
    participants gave one, above the analysis's ``common_ground_threshold``, by raw share)."""

    statement: StatementId
    agree: float
    disagree: float
    groups: tuple[GroupShare, ...] = ()
    common_ground: bool = False


@dataclass(frozen=True)
class Divisive:
    """A statement the groups split on: the variance of the groups' smoothed agree shares, with each
    group's votes."""

    statement: StatementId
    variance: float
    group_agree: tuple[float, ...]
    groups: tuple[GroupShare, ...] = ()


@dataclass(frozen=True)
class SectorShare:
    sector: str
    n_votes: int
    n_agree: int
    share: float
    smoothed: float


@dataclass(frozen=True)
class CrossSectorConsensus:
    """Agreement on a statement across sectors; ``score`` is ``None`` when no sector has 2 or more votes."""

    statement: StatementId
    score: float | None
    sectors: tuple[SectorShare, ...]


@dataclass(frozen=True)
class OpinionAnalysis:
    """The whole result. ``status`` is ``"not_enough_votes"`` (with ``reason``) when no groups could be made;
    the cross-sector figures are filled in either way. ``silhouettes`` gives, for each k tried, the
    silhouette of its grouping of the base clusters (``None`` when no grouping passed the size guard), and
    ``silhouette`` that of the k chosen."""

    status: Literal["groups", "not_enough_votes"]
    reason: str
    n_participants: int
    n_statements: int
    min_votes: int
    min_group_size: int
    common_ground_threshold: float = COMMON_GROUND
    k: int = 0
    silhouette: float | None = None
    silhouettes: dict[int, float | None] = field(default_factory=dict)
    groups: tuple[OpinionGroup, ...] = ()
    placements: tuple[Placement, ...] = ()
    repness: dict[int, tuple[Repness, ...]] = field(default_factory=dict)
    consensus: tuple[Consensus, ...] = ()
    divisive: tuple[Divisive, ...] = ()
    cross_sector: tuple[CrossSectorConsensus, ...] = ()
