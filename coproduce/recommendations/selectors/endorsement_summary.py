"""Endorsement results for outputs: per recommendation, the latest round in which anyone answered on it, how
many of each sector were asked and answered and what they said, and the latest decision to publish it over
objections. Read in three queries however many recommendations (`endorsement_summaries`).

`endorsement_figures` writes them out for the team (the numbers as they are) or for the public, where the one
rule of `core/small_counts.py` holds: a sector in which fewer than 5 people answered is not shown on its own.
Such sectors are pooled in one row ("Other sectors together"); when the pool too has fewer than 5 answers its
figures read "fewer than 5", and the totals that would give it away are left out.
"""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from coproduce.core.small_counts import public_count, public_minimum, public_part, too_few
from coproduce.people.sectors import Sector

from ..models import EndorsementInvite, EndorsementRound, Position, PublicationDecision, Recommendation
from .endorsement import NOT_RECORDED, EndorsementResult, endorsements_latest_round

POSITIONS = [Position.SUPPORT, Position.CHANGES, Position.OBJECT]
SECTOR_HEADINGS = ["Sector", "Asked", "Answered", "Support", "Support with changes", "Object"]
SECTORS = [*Sector.choices, (NOT_RECORDED, "No organisation")]
POOL_NOTE = (
    "“Other sectors together” counts as one group the sectors in which fewer than {minimum} people answered."
)


@dataclass(frozen=True)
class SectorTally:
    sector: str
    label: str
    asked: int
    counts: dict[str, int]  # by position

    @property
    def answered(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class EndorsementSummary:
    round: EndorsementRound
    result: EndorsementResult
    sectors: list[SectorTally]  # every sector anyone was asked from, in the register's order
    decision: PublicationDecision | None  # the latest decision to publish it, when it was over objections

    @property
    def asked(self) -> int:
        return sum(s.asked for s in self.sectors)


def endorsement_summaries(*, recommendations: Sequence[Recommendation]) -> dict[int, EndorsementSummary]:
    """By recommendation id, for those anyone answered on in a round."""
    latest = endorsements_latest_round(recommendations=recommendations)
    rounds = {round_.pk for round_, _ in latest.values()}
    invites = EndorsementInvite.objects.filter(round_id__in=rounds)
    sectors_asked = invites.values_list("round_id", "stakeholder__organisation__sector")
    asked = Counter((round_id, sector or NOT_RECORDED) for round_id, sector in sectors_asked)
    decisions: dict[int, PublicationDecision] = {}
    found = PublicationDecision.objects.filter(recommendation_id__in=latest).order_by("decided_at", "id")
    for row in found:
        decisions[row.recommendation_id] = row  # the latest
    summaries = {}
    for pk, (round_, result) in latest.items():
        by_sector = {s.sector: s.counts for s in result.by_sector}
        sectors = [
            SectorTally(
                value,
                label,
                asked[round_.pk, value],
                by_sector.get(value, dict.fromkeys(POSITIONS, 0)),
            )
            for value, label in SECTORS
        ]
        decision = decisions.get(pk)
        summaries[pk] = EndorsementSummary(
            round_,
            result,
            [s for s in sectors if s.asked or s.answered],
            decision if decision is not None and decision.objections else None,
        )
    return summaries


@dataclass(frozen=True)
class EndorsementFigures:
    """A summary written out: the table's rows (SECTOR_HEADINGS), one line for the whole round, one short
    verdict for a list of recommendations, and the warnings it was published over (with the lead's reason)."""

    rows: list[list[str]]
    overall: str
    short: str
    warnings: list[str]
    reason: str
    note: str = ""  # what the pooled row is, when there is one


def endorsement_figures(*, summary: EndorsementSummary, public: bool) -> EndorsementFigures:
    decision = summary.decision
    warnings = [_warning(o, public) for o in decision.objections] if decision else []
    reason = decision.reason if decision else ""
    if public:
        return _public(summary, warnings, reason)
    rows = [_row(s.label, s.asked, s.counts, str) for s in summary.sectors]
    rows.append(_row("Everyone", summary.asked, summary.result.counts, str))
    return EndorsementFigures(rows, _overall(summary), _short(summary.result.counts), warnings, reason)


def _public(summary: EndorsementSummary, warnings: list[str], reason: str) -> EndorsementFigures:
    """Sectors of 5 or more answers as they are; the others pooled, counted only if the pool has 5 or more;
    no totals that would give a small pool away."""
    minimum, counts = public_minimum(), summary.result.counts
    rows = [_row(s.label, s.asked, s.counts, str) for s in summary.sectors if s.answered >= minimum]
    pooled = [s for s in summary.sectors if s.answered < minimum]
    pool = Counter[str]()
    for s in pooled:
        pool.update(s.counts)
    if pooled:
        label = f"Other sectors together: {'; '.join(s.label for s in pooled)}"
        asked = sum(s.asked for s in pooled)
        if pool.total() >= minimum:
            rows.append(_row(label, asked, pool, str))
        else:  # the pool is a group like any other: the answers of a small one are hidden, none included
            group = asked if too_few(asked) else pool.total()  # those who took each position are part of it
            answered, part = partial(public_part, whole=asked), partial(public_part, whole=group)
            rows.append(_row(label, asked, pool, public_count, answered, part))
    note = POOL_NOTE.format(minimum=minimum) if pooled else ""
    if pooled and pool.total() < minimum:  # the totals would give the small pool away
        overall, short = _overall(summary, hidden=True), _short(counts, public=True, totals=False)
        return EndorsementFigures(rows, overall, short, warnings, reason, note)
    rows.append(_row("Everyone", summary.asked, counts, str))
    return EndorsementFigures(rows, _overall(summary), _short(counts, public=True), warnings, reason, note)


def _row(
    label: str,
    asked: int,
    counts: Mapping[str, int],
    show: Callable[[int], str],
    answered: Callable[[int], str] | None = None,
    part: Callable[[int], str] | None = None,
) -> list[str]:
    """The sector's asked, answered and each position, shown by `show` unless `answered` (how many of
    those asked answered) or `part` (how many of those who answered took each position) are given."""
    answered, part = answered or show, part or show
    return [label, show(asked), answered(sum(counts.values())), *(part(counts.get(p, 0)) for p in POSITIONS)]


def _overall(summary: EndorsementSummary, *, hidden: bool = False) -> str:
    """ "In the endorsement round “Round 1”, 12 people were asked and 9 answered on this recommendation: 6
    support it, 1 supports it with changes and 2 object." `hidden`: some sectors' answers are too few to
    total in public."""
    opening = f"In the endorsement round “{summary.round.title}”,"
    if hidden:
        return f"{opening} some sectors gave too few answers to give totals in public."
    counts, answered = summary.result.counts, summary.result.total
    asked = f"{summary.asked} {'person was' if summary.asked == 1 else 'people were'} asked"
    support, changes, objected = (counts[p] for p in POSITIONS)
    parts = [
        f"{support} {_verb(support, 'support')} it",
        f"{changes} {_verb(changes, 'support')} it with changes",
        f"{objected} {_verb(objected, 'object')}",
    ]
    answers = f"{', '.join(parts[:2])} and {parts[2]}"
    return f"{opening} {asked} and {answered} answered on this recommendation: {answers}."


def _verb(n: int, verb: str) -> str:
    return f"{verb}s" if n == 1 else verb


def _short(counts: dict[str, int], *, public: bool = False, totals: bool = True) -> str:
    """For the list of recommendations: "8 of 9 support" (the team), or for the public, where a small number
    would single people out, the verdict: "Most support (9 answered)" (without the number when `totals` may
    not be given)."""
    support, answered = counts[Position.SUPPORT] + counts[Position.CHANGES], sum(counts.values())
    if not public:
        return f"{support} of {answered} support"
    if answered < public_minimum():
        return f"{public_count(answered)} answered"
    if support * 2 > answered:
        verdict = "Most support"
    elif counts[Position.OBJECT] * 2 > answered:
        verdict = "Most object"
    else:
        verdict = "Views divided"
    return f"{verdict} ({answered} answered)" if totals else verdict


def _warning(record: dict[str, object], public: bool) -> str:
    """A warning the lead read before publishing, from the decision record; in public, for a sector of fewer
    than 5 answers, without its numbers."""
    if not public:
        return str(record["text"])
    label = str(record["label"])
    who = f"{label}, the sector that must lead it" if record["lead"] else label
    answered, objected = int(str(record["answered"])), int(str(record["objected"]))
    if answered < public_minimum():
        return f"{who}: some of the {public_count(answered)} who answered objected"
    share = " (a majority)" if record["majority"] else ""
    return f"{who}: {objected} of {answered} who answered objected{share}"
