"""Inter-coder agreement between two coders of one transcript, per code.

Units (say which one when reporting):
- ``characters``: every character of the pseudonymised text; a coder "applied" a code to a character when
  one of their codings with that code covers it.
- ``segments``: every speaker turn; applied when one of their codings with that code overlaps the turn.
- ``sentences``: every sentence (split at . ! ? followed by a space or a line break, and at line breaks).

With ``uncoded=False`` the units neither coder coded with *any* code are left out, which stops long stretches
of text nobody coded (greetings, logistics) from inflating agreement.

For each code the two coders' yes/no judgements give a 2x2 table (both yes, only the first, only the second,
both no), from which:
- Cohen's kappa = (p_o - p_e) / (1 - p_e), p_o the share of units they agree on, p_e the agreement
  expected from each coder's own rate;
- Krippendorff's alpha (nominal, two coders, no missing values) = 1 - (n - 1)(b + c) / (n0 n1), with n = 2N
  pairable values, b and c the disagreements, n0 and n1 how often "no" and "yes" were given overall.
Both are undefined (None) when there is no variation at all (every unit judged the same by both).
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

UNITS = ("characters", "segments", "sentences")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")

Span = tuple[int, int]


@dataclass(frozen=True)
class Table:
    """Counts of units: both coders applied the code, only the first, only the second, neither."""

    both: int
    first_only: int
    second_only: int
    neither: int

    @property
    def units(self) -> int:
        return self.both + self.first_only + self.second_only + self.neither

    @property
    def percent_agreement(self) -> float | None:
        return (self.both + self.neither) / self.units if self.units else None

    @property
    def kappa(self) -> float | None:
        n = self.units
        if not n:
            return None
        observed = (self.both + self.neither) / n
        first_yes, second_yes = (self.both + self.first_only) / n, (self.both + self.second_only) / n
        expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
        return None if expected == 1 else (observed - expected) / (1 - expected)

    @property
    def alpha(self) -> float | None:
        pairable = 2 * self.units
        yes = 2 * self.both + self.first_only + self.second_only
        no = 2 * self.neither + self.first_only + self.second_only
        if not yes or not no:
            return None
        return 1 - (pairable - 1) * (self.first_only + self.second_only) / (yes * no)


def sentence_spans(text: str) -> list[Span]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _cover(length: int, spans: Iterable[Span]) -> NDArray[np.bool_]:
    covered = np.zeros(length + 1, dtype=np.int32)
    for start, end in spans:
        covered[start] += 1
        covered[end] -= 1
    return np.cumsum(covered[:-1]) > 0


def _unit_marks(spans: Iterable[Span], units: Sequence[Span], length: int) -> NDArray[np.bool_]:
    """For each unit, whether any span overlaps it."""
    covered = np.concatenate([[0], np.cumsum(_cover(length, spans))])
    return np.array([covered[end] > covered[start] for start, end in units], dtype=bool)


def code_table(
    *,
    text_length: int,
    first: Iterable[Span],
    second: Iterable[Span],
    units: Sequence[Span] | None,
    keep: NDArray[np.bool_] | None = None,
) -> Table:
    """The 2x2 table for one code; `units` None means characters; `keep` masks the units counted."""
    if units is None:
        a, b = _cover(text_length, first), _cover(text_length, second)
    else:
        a, b = _unit_marks(first, units, text_length), _unit_marks(second, units, text_length)
    if keep is not None:
        a, b = a[keep], b[keep]
    return Table(
        both=int((a & b).sum()),
        first_only=int((a & ~b).sum()),
        second_only=int((~a & b).sum()),
        neither=int((~a & ~b).sum()),
    )


@dataclass(frozen=True)
class CodeAgreement:
    code_id: int
    table: Table


def agreement_by_code(
    *,
    text: str,
    turns: Sequence[Span],
    first: dict[int, list[Span]],
    second: dict[int, list[Span]],
    unit: str = "characters",
    uncoded: bool = True,
) -> list[CodeAgreement]:
    """Agreement per code between two coders' codings ({code id: spans}) of one text."""
    if unit not in UNITS:
        raise ValueError(f"Unknown unit: {unit}")
    units = None if unit == "characters" else list(turns) if unit == "segments" else sentence_spans(text)
    keep = None
    if not uncoded:
        everything = [s for spans in (*first.values(), *second.values()) for s in spans]
        keep = _cover(len(text), everything) if units is None else _unit_marks(everything, units, len(text))
    codes = sorted(set(first) | set(second))
    return [
        CodeAgreement(
            code,
            code_table(
                text_length=len(text),
                first=first.get(code, []),
                second=second.get(code, []),
                units=units,
                keep=keep,
            ),
        )
        for code in codes
    ]
