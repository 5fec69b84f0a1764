"""Counts of people that reach the public: one rule for every public output.

A number of people from 1 to `settings.PUBLIC_MIN_COUNT` less one (5 unless set) is shown as "fewer than 5",
so that nobody in a small group (two funders who answered an endorsement round, say) can be picked out by
what they said. Zero reads "0": a group with nobody in it says nothing about anybody, and "fewer than 5"
for it would claim people who are not there. The exception is the parts of a group that is itself too small
to show (`public_part`): there zero is hidden like any small number, as "0 objected" of the three who
answered would tell that each of the three supported. Whoever shows parts of a whole keeps the whole from
giving a hidden part away (the endorsement results pool small sectors and leave out totals:
`recommendations/selectors/endorsement_summary.py`; the report's method gives its total of participants as
"at least" when the sectors hidden would show in it: `reports/selectors/evidence_sections.py`). The team's
own pages show the numbers as they are.
"""

from django.conf import settings


def public_minimum() -> int:
    return int(settings.PUBLIC_MIN_COUNT)


def too_few(n: int) -> bool:
    """Whether `n` people are too few to count in public: 1 to the minimum less one; never zero."""
    return 0 < n < public_minimum()


def fewer_than() -> str:
    """ "fewer than 5": what the public reads for a number of people that is `too_few`."""
    return f"fewer than {public_minimum()}"


def public_count(n: int) -> str:
    """ "0", "12", or "fewer than 5"."""
    return fewer_than() if too_few(n) else str(n)


def public_part(n: int, *, whole: int) -> str:
    """How many of a group of `whole` people did one thing (answered, objected): as `public_count`, but
    "fewer than 5" whatever `n` is, zero too, when the group itself is too few to count."""
    return fewer_than() if too_few(whole) else public_count(n)
