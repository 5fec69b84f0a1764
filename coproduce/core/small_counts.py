"""Counts of people that reach the public: one rule for every public output.

A number of people below `settings.PUBLIC_MIN_COUNT` (5 unless set) is shown as "fewer than 5", so that nobody
in a small group (two funders who answered an endorsement round, say) can be picked out by what they said.
Zero is a small number like any other, so "none" is never told apart from "one". Whoever shows parts of a
whole keeps the whole from giving a hidden part away (the endorsement results pool small sectors and leave
out totals: `recommendations/selectors/endorsement_summary.py`). The team's own pages show the numbers as
they are.
"""

from django.conf import settings


def public_minimum() -> int:
    return int(settings.PUBLIC_MIN_COUNT)


def public_count(n: int) -> str:
    """ "12", or "fewer than 5"."""
    minimum = public_minimum()
    return str(n) if n >= minimum else f"fewer than {minimum}"
