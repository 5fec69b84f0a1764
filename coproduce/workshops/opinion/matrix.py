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
    listed = list(votes)
    if not listed:
        return VoteMatrix(participants=(), statements=(), values=np.full((0, 0), np.nan))
    people = [p for p, _, _ in listed]
    items = [s for _, s, _ in listed]
    given = [v for _, _, v in listed]
    if not set(given) <= {-1, 0, 1}:
        bad = next(v for v in given if v not in (-1, 0, 1))
        raise ValueError(f"vote must be -1, 0 or 1, not {bad!r}")
    participants, rows = _ordered(people)
    statements, cols = _ordered(items)
    n = len(listed)
    cells = rows * len(statements) + cols
    chosen = np.fromiter(given, dtype=np.float64, count=n)
    size = len(participants) * len(statements)
    if np.bincount(cells, minlength=size).max() > 1:
        # Keep each cell's last vote: its first place when the votes are read backwards.
        _, first_backwards = np.unique(cells[::-1], return_index=True)
        last = n - 1 - first_backwards
        cells, chosen = cells[last], chosen[last]
    values = np.full(size, np.nan)
    values[cells] = chosen
    return VoteMatrix(
        participants=participants,
        statements=statements,
        values=values.reshape(len(participants), len(statements)),
    )


def _ordered(ids: list[ParticipantId]) -> tuple[tuple[ParticipantId, ...], NDArray[np.int64]]:
    """The distinct ids in `sort_key` order, and each id's place among them (with numpy alone when every id
    is a whole number of ordinary size, as in a large room)."""
    distinct = set(ids)
    if all(type(i) is int and -(2**62) < i < 2**62 for i in distinct):
        ordered = sorted(distinct)
        return tuple(ordered), np.searchsorted(
            np.array(ordered, dtype=np.int64), np.array(ids, dtype=np.int64)
        )
    ordered = sorted(distinct, key=sort_key)
    place = {value: i for i, value in enumerate(ordered)}
    return tuple(ordered), np.fromiter(map(place.__getitem__, ids), dtype=np.int64, count=len(ids))
