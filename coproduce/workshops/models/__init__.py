"""Workshops: a series per priority area, its workshops, activities, participants and their contributions."""

from .activities import Activity, ActivityKind, ActivityState, VoteTarget
from .contributions import (
    Card,
    Cluster,
    DotVote,
    PairwiseOption,
    PairwiseServed,
    PairwiseVote,
    Statement,
    StatementStatus,
    StatementVote,
)
from .participants import Participant, ParticipantSector
from .planning import (
    Invitation,
    InvitationReply,
    ProjectorShows,
    Workshop,
    WorkshopSeries,
    WorkshopStatus,
)
from .results import ResultSnapshot, SnapshotKind

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityState",
    "Card",
    "Cluster",
    "DotVote",
    "Invitation",
    "InvitationReply",
    "PairwiseOption",
    "PairwiseServed",
    "PairwiseVote",
    "Participant",
    "ParticipantSector",
    "ProjectorShows",
    "ResultSnapshot",
    "SnapshotKind",
    "Statement",
    "StatementStatus",
    "StatementVote",
    "VoteTarget",
    "Workshop",
    "WorkshopSeries",
    "WorkshopStatus",
]
