"""The participant x statement vote matrix (agree 1, disagree -1, pass 0, unseen NaN)."""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .types import ParticipantId, StatementId, Vote


def sort_key(value: ParticipantId | StatementId) -> tuple[int, int, str]:
    """Order numbers before text, numbers by value, so mixed ids still sort the same way every time."""
    if isinstance(value, int):
        return (0, value, "")
    return (1, 0, value)


@dataclass(frozen=True)
class VoteMatrix:
    participants: tuple[ParticipantId, ...]
    statements: tuple[StatementId, ...]
    values: NDArray[np.float64]

    def subset(self, rows: NDArray[np.bool_]) -> "VoteMatrix":
        kept = tuple(p for p, keep in zip(self.participants, rows, strict=True) if keep)
        return VoteMatrix(participants=kept, statements=self.statements, values=self.values[rows])


def matrix_build(votes: Iterable[Vote]) -> VoteMatrix:
    """Build the matrix; a later vote for the same pair replaces an earlier one."""
    latest: dict[tuple[ParticipantId, StatementId], int] = {}
    for participant, statement, value in votes:
        if value not in (-1, 0, 1):
            raise ValueError(f"vote must be -1, 0 or 1, not {value!r}")
        latest[(participant, statement)] = value
    participants = tuple(sorted({p for p, _ in latest}, key=sort_key))
    statements = tuple(sorted({s for _, s in latest}, key=sort_key))
    row = {p: i for i, p in enumerate(participants)}
    col = {s: j for j, s in enumerate(statements)}
    values = np.full((len(participants), len(statements)), np.nan)
    for (participant, statement), value in latest.items():
        values[row[participant], col[statement]] = value
    return VoteMatrix(participants=participants, statements=statements, values=values)
