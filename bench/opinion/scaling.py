"""A large conversation made from a real one: its voters copied N times, each copy after the first with a
small share of its votes changed, so the copies are alike but not identical.

Copy c of voter p is voter ``p + c * (largest voter id + 1)`` and keeps p's published group, so the groups
found in the copied conversation can still be compared with Pol.is's. The changes are drawn from
``numpy.random.default_rng(seed)``: each vote of copies 1 to N-1 is, with chance ``noise``, replaced by one of
the two other values (agree, disagree, pass), so the same arguments always give the same votes.
"""

import numpy as np

Votes = list[tuple[int, int, int, int]]

NOISE = 0.02
SEED = 0


def conversation_copied(
    votes: Votes, published: dict[int, int], *, copies: int, noise: float = NOISE, seed: int = SEED
) -> tuple[Votes, dict[int, int]]:
    """``copies`` copies of the voters of ``votes`` (participant, statement, vote, timestamp) and their
    published groups."""
    if copies < 1:
        raise ValueError("copies must be 1 or more")
    rng = np.random.default_rng(seed)
    stride = max((p for p, *_ in votes), default=0) + 1
    values = np.array([v for _, _, v, _ in votes], dtype=np.int64)
    copied: Votes = list(votes)
    groups = dict(published)
    for c in range(1, copies):
        changed = rng.random(len(values)) < noise
        shift = rng.integers(1, 3, size=len(values))  # 1 or 2 steps round (-1, 0, 1): another value
        new_values = np.where(changed, (values + 1 + shift) % 3 - 1, values)
        offset = c * stride
        copied += [
            (p + offset, s, int(v), t) for (p, s, _, t), v in zip(votes, new_values.tolist(), strict=True)
        ]
        groups |= {p + offset: g for p, g in published.items()}
    return copied, groups
