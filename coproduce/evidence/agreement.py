"""Agreement between two screeners: Cohen's kappa and Gwet's AC1 over the same categories.

Both correct the observed agreement for the agreement expected by chance, but estimate chance differently.
Kappa uses each rater's own marginal shares, so when one category dominates (most records are excluded, as
in screening) chance agreement is close to 1 and kappa can be low or negative although the raters agree on
almost everything (the "kappa paradox"; Feinstein and Cicchetti 1990). AC1 (Gwet 2008) estimates chance
from how often categories are used overall and stays stable in that case, so reviews report both.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Agreement:
    n_pairs: int
    observed: float | None
    kappa: float | None
    ac1: float | None
    categories: tuple[str, ...] = ()
    used: tuple[str, ...] = ()  # the categories either screener chose: AC1 is worked out over these
    # table[i][j]: records the first screener put in categories[i] and the second in categories[j].
    table: tuple[tuple[int, ...], ...] = ()


def confusion_table(pairs: Sequence[tuple[str, str]], categories: Sequence[str]) -> list[list[int]]:
    index = {category: i for i, category in enumerate(categories)}
    table = [[0] * len(categories) for _ in categories]
    for first, second in pairs:
        table[index[first]][index[second]] += 1
    return table


def _margins(table: Sequence[Sequence[int]]) -> tuple[int, float, list[float], list[float]]:
    n = sum(sum(row) for row in table)
    observed = sum(table[i][i] for i in range(len(table))) / n
    rows = [sum(row) / n for row in table]
    cols = [sum(row[j] for row in table) / n for j in range(len(table))]
    return n, observed, rows, cols


def cohen_kappa(table: Sequence[Sequence[int]]) -> float | None:
    """(p_o - p_e) / (1 - p_e) with p_e = sum of row share x column share; None when undefined."""
    if not table or sum(sum(row) for row in table) == 0:
        return None
    _, observed, rows, cols = _margins(table)
    chance = sum(r * c for r, c in zip(rows, cols, strict=True))
    if chance >= 1:
        return None
    return (observed - chance) / (1 - chance)


def categories_used(table: Sequence[Sequence[int]]) -> list[int]:
    """Indices of the categories that either screener chose at least once."""
    return [i for i, row in enumerate(table) if sum(row) or sum(other[i] for other in table)]


def gwet_ac1(table: Sequence[Sequence[int]]) -> float | None:
    """(p_o - p_e) / (1 - p_e) with p_e = sum pi_k (1 - pi_k) / (q - 1), pi_k the mean share of category k.

    ``q`` counts the categories in use only (`categories_used`); None with fewer than two."""
    used = categories_used(table)
    if len(used) < 2:
        return None
    _, observed, rows, cols = _margins(table)
    shares = [(rows[i] + cols[i]) / 2 for i in used]
    chance = sum(p * (1 - p) for p in shares) / (len(used) - 1)
    return (observed - chance) / (1 - chance)


def agreement_measure(pairs: Sequence[tuple[str, str]], categories: Sequence[str]) -> Agreement:
    """Observed agreement, kappa and AC1 for pairs of (first screener, second screener) decisions."""
    if not pairs:
        return Agreement(0, None, None, None, tuple(categories), ())
    table = confusion_table(pairs, categories)
    _, observed, _, _ = _margins(table)
    return Agreement(
        n_pairs=len(pairs),
        observed=observed,
        kappa=cohen_kappa(table),
        ac1=gwet_ac1(table),
        categories=tuple(categories),
        used=tuple(categories[i] for i in categories_used(table)),
        table=tuple(tuple(row) for row in table),
    )
