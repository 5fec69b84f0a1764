"""The report's workshops section: what each workshop held found, activity by activity.

A section of its own, between the findings and the framework, rather than part of the findings: the findings
are set out by priority area and theme, from interviews and evidence, while workshop results are set out by
workshop and activity, and a reader looking for "what did the workshops say" finds them under one heading in
the contents. Only held workshops (live or ended) appear, as the method counts them
(`workshops.selectors.held`); a project that has held none says so in one sentence.

For each workshop, in agenda order: a statements activity's opinion groups with each group's size, its
common ground (statements more than the stated share of every group and every sector agreed with, each
group's raw share with how many agreed of how many voted) and where the groups differ; a dot voting's
clusters and ideas ranked by dots (a cluster counts the dots on it and on its cards); a pairwise
activity's options ranked by score with their 95% range. The statements and pairwise figures are the stored
results, never worked out again here. Cards and statements are quoted as participants wrote them, with the
language they wrote them in (`Written`), so that every format sets them in their own language's face.

Small numbers: where the public may see the report (`Audience.PUBLIC`), an opinion group or a sector of
fewer than `PUBLIC_MIN_COUNT` people (`core/small_counts.py`) is shown as "fewer than 5", without its share,
and a small sector is not named, so that nobody's vote can be told from a small group. The sector that
agreed least is named only where two or more sectors may be: one alone, with everyone's figure, would give
the others away. (Opinion groups are found from the votes and their members are not published, so a small
group's figure, which everyone's and the other groups' figures may give away, names nobody; it is left out
all the same.) The team's own view shows every figure.
"""

from dataclasses import dataclass

from django.utils import timezone

from coproduce.core.languages import Written
from coproduce.core.small_counts import fewer_than, too_few
from coproduce.projects.models import Project
from coproduce.workshops.models import ActivityKind, WorkshopStatus
from coproduce.workshops.selectors.dots import DotCount
from coproduce.workshops.selectors.held import HeldWorkshop, workshops_held_results
from coproduce.workshops.selectors.opinion_summary import Share, StatementRow, StatementsSummary
from coproduce.workshops.selectors.results import ActivityResult

from ..document import Audience, Block, Cell, Heading, Notice, Paragraph, Table

NONE = "\u2013"  # an en dash: no votes
WORKING = "Its results were still being worked out when this report was made, so they are not in it."
TOP_IDEAS = 15
KINDS = {
    ActivityKind.STATEMENTS: "statements",
    ActivityKind.DOT_VOTE: "dot voting",
    ActivityKind.PAIRWISE: "pairwise comparison",
}


@dataclass(frozen=True)
class Shown:
    """How a group's or a sector's figures are shown: in full (the team's view), or, when `hide`, with a
    group too few to count in public hidden (`core/small_counts.py`, which says why a zero is shown)."""

    hide: bool

    @property
    def fewer(self) -> str:
        return fewer_than()

    def hidden(self, n: int) -> bool:
        return self.hide and too_few(n)

    def people(self, n: int) -> str:
        return f"{self.fewer} people" if self.hidden(n) else f"{n} {'person' if n == 1 else 'people'}"

    def share(self, share: Share) -> str:
        """ "80% (4 of 5)": the raw share who agreed, with how many of how many voted."""
        if not share.n:
            return NONE
        if self.hidden(share.n):
            return f"{self.fewer} voted"
        return f"{share.percent}% ({share.count} of {share.n})"


def _everyone(row: StatementRow) -> str:
    counts = row.counts
    return f"{round(100 * counts.agree_share)}% ({counts.agree} of {counts.n})" if counts.n else NONE


def _visible_sectors(row: StatementRow, shown: Shown) -> list[Share]:
    """The sectors whose figures may be shown. With a sector hidden, one shown alone would give it away
    (everyone's figure less the one shown), so then at least two must be."""
    visible = [s for s in row.sector_shares if s.n and not shown.hidden(s.n)]
    small = any(shown.hidden(s.n) for s in row.sector_shares)
    return [] if small and len(visible) < 2 else visible


def _lowest_sector(row: StatementRow, shown: Shown) -> str:
    """The sector that agreed least, of those that may be shown: "Local authority 75% (3 of 4)"."""
    visible = _visible_sectors(row, shown)
    lowest = min(visible, key=lambda s: (s.share, s.name)) if visible else None
    return f"{lowest.name} {shown.share(lowest)}" if lowest else NONE


def _sectors_said(summary: StatementsSummary, shown: Shown) -> str:
    """What the table says of the sectors, and of those too small to show."""
    rows = summary.consensus
    small = any(shown.hidden(s.n) for r in rows for s in r.sector_shares)
    named = any(_visible_sectors(r, shown) for r in rows)
    said = " The sector that agreed least is given beside the groups." if named else ""
    if small:
        said += (
            f" Sectors of {shown.fewer} voters are not named, so that nobody's vote can be told; each of "
            f"them agreed by more than {summary.threshold_percent}% too."
        )
    return said


def _group_headings(summary: StatementsSummary, shown: Shown) -> list[str]:
    return [f"{g.name} ({shown.people(g.size)}) agreed" for g in summary.representative]


def _common_ground(result: ActivityResult, summary: StatementsSummary, shown: Shown) -> list[Block]:
    title = result.activity.title
    rule = (
        f"Common ground: statements {summary.common_ground_rule} with. Each figure is the share of the "
        "people who voted on the statement who agreed, with how many agreed of how many voted (passes "
        "count as votes)."
    )
    if not summary.consensus:
        return [Paragraph(rule), Paragraph("No statement was common ground.")]
    named = any(_visible_sectors(r, shown) for r in summary.consensus)
    sectors = ["Sector that agreed least"] if named else []
    rows: list[list[Cell]] = [
        [Written(r.text, r.language), *(shown.share(s) for s in r.group_shares),
         *([_lowest_sector(r, shown)] if named else []), _everyone(r)]
        for r in summary.consensus
    ]  # fmt: skip
    blocks: list[Block] = [Paragraph(rule + _sectors_said(summary, shown))]
    headings = ["Statement", *_group_headings(summary, shown), *sectors, "Everyone agreed"]
    return [*blocks, Table(f"Common ground in “{title}”", headings, rows, shape="statements")]


def _differ(result: ActivityResult, summary: StatementsSummary, shown: Shown) -> list[Block]:
    common = {r.number for r in summary.consensus}
    divisive = [r for r in summary.divisive if r.number not in common]
    if not divisive:
        return []
    rows: list[list[Cell]] = [
        [Written(r.text, r.language), *(shown.share(s) for s in r.group_shares), _everyone(r)]
        for r in divisive
    ]
    headings = ["Statement", *_group_headings(summary, shown), "Everyone agreed"]
    caption = (
        f"Where the groups differ in “{result.activity.title}”: the statements they voted on most differently"
    )
    return [Table(caption, headings, rows, shape="statements")]


def _statements(result: ActivityResult, shown: Shown) -> list[Block]:
    stored, summary = result.statements, result.summary
    if stored is None or summary is None:
        return [Paragraph(WORKING)]
    analysis = stored.analysis
    voted = f"{len(stored.sectors)} people cast {stored.n_votes} votes on {analysis.n_statements} statements."
    if analysis.status != "groups":
        return [Paragraph(f"{voted} There were too few votes to find opinion groups: {analysis.reason}.")]
    groups = [f"{g.name} ({shown.people(g.size)})" for g in summary.representative]
    listed = ", ".join(groups[:-1]) + f" and {groups[-1]}" if len(groups) > 1 else groups[0]
    text = (
        f"{voted} Their votes put them in {len(groups)} opinion groups of people who voted alike: {listed}."
    )
    return [Paragraph(text), *_common_ground(result, summary, shown), *_differ(result, summary, shown)]


def _clusters(counts: tuple[DotCount, ...]) -> list[tuple[str, int]]:
    """Each cluster's dots, on it and on its cards, most first."""
    totals: dict[int, tuple[str, int]] = {}
    for c in counts:
        if c.cluster_id is not None:
            title, dots = totals.get(c.cluster_id, (c.cluster, 0))
            totals[c.cluster_id] = (title, dots + c.dots)
    return sorted(totals.values(), key=lambda item: (-item[1], item[0]))


def _dots(result: ActivityResult) -> list[Block]:
    if not result.n_dots:
        return [Paragraph("No dots were placed.")]
    title, total = result.activity.title, result.n_dots
    blocks: list[Block] = [Paragraph(f"{total} dots from {result.n_dot_voters} participants.")]
    clusters = _clusters(result.dot_counts)
    if clusters:
        rows = [[str(n), t, str(d), f"{round(100 * d / total)}%"] for n, (t, d) in enumerate(clusters, 1)]
        headings = ["Rank", "Cluster", "Dots (on it and its cards)", "Share of dots"]
        blocks.append(
            Table(f"Clusters by dots in “{title}”", headings, rows, numeric=(0, 2, 3), shape="ranked")
        )
    cards = [c for c in result.dot_counts if not c.on_cluster and not c.hidden]
    if cards:
        ideas: list[list[Cell]] = [
            [str(n), Written(c.card, c.language), c.cluster or NONE, str(c.dots)]
            for n, c in enumerate(cards[:TOP_IDEAS], 1)
        ]
        blocks.append(
            Table(
                f"Ideas by dots in “{title}”",
                ["Rank", "Idea", "Cluster", "Dots"],
                ideas,
                numeric=(0, 3),
                shape="ranked",
            )
        )
        if len(cards) > TOP_IDEAS:
            blocks.append(Paragraph(f"The {TOP_IDEAS} ideas with most dots, of {len(cards)} that got any."))
    return blocks


def _pairwise(result: ActivityResult) -> list[Block]:
    scores = result.pairwise
    if scores is None:
        return [Paragraph(WORKING)]
    if scores.status == "no_votes":
        return [Paragraph("No choices were made.")]
    text = (
        f"{scores.n_votes} choices between two options. The score is the estimated chance, out of 100, "
        "that an option would be chosen over another picked at random, with the range where it probably "
        "lies (95%)."
    )
    if any(r.score.few_votes for r in result.pairwise_rows):
        text += f" An option marked “few votes” was in fewer than {scores.min_comparisons} choices."
    rows = [
        [str(n), r.text + (" (few votes)" if r.score.few_votes else ""), f"{r.score.score:.0f}",
         f"{r.score.low:.0f} to {r.score.high:.0f}", str(r.score.wins), str(r.score.losses)]
        for n, r in enumerate(result.pairwise_rows, start=1)
    ]  # fmt: skip
    headings = ["Rank", "Option", "Score", "Range (95%)", "Chosen", "Not chosen"]
    caption = f"Options by score in “{result.activity.title}”"
    return [Paragraph(text), Table(caption, headings, rows, numeric=(0, 2, 3, 4, 5), shape="ranked")]


def _activity(result: ActivityResult, shown: Shown) -> list[Block]:
    kind = result.activity.kind
    heading = Heading(f"{result.activity.title} ({KINDS[ActivityKind(kind)]})", depth=2)
    if kind == ActivityKind.STATEMENTS:
        return [heading, *_statements(result, shown)]
    if kind == ActivityKind.DOT_VOTE:
        return [heading, *_dots(result)]
    return [heading, *_pairwise(result)]


def _workshop(held: HeldWorkshop, shown: Shown) -> list[Block]:
    workshop = held.workshop
    when = f"{timezone.localtime(workshop.starts_at):%d %B %Y}".lstrip("0")
    people = f"{held.n_participants} participant{'s' if held.n_participants != 1 else ''}"
    held_on = "Taking place" if workshop.status == WorkshopStatus.LIVE else "Held"
    blocks: list[Block] = [Heading(workshop.title), Paragraph(f"{held_on} on {when} with {people}.")]
    if not held.activities:
        return [*blocks, Paragraph("It had no dot voting, statements or pairwise comparison.")]
    return blocks + [block for result in held.activities for block in _activity(result, shown)]


def workshop_blocks(*, project: Project, audience: Audience) -> list[Block]:
    """Each held workshop's results; the public sees no figure of a group or sector smaller than the
    setting allows."""
    held = workshops_held_results(project=project)
    if not held:
        return [Paragraph("No workshop has been held yet.")]
    shown = Shown(hide=audience == Audience.PUBLIC)
    were = "s were" if len(held) != 1 else " was"
    blocks: list[Block] = [Paragraph(f"{len(held)} workshop{were} held. The results of each follow.")]
    if not shown.hide:
        blocks.append(
            Notice(
                f"The downloads and the public page show an opinion group or a sector of {shown.fewer} "
                f"people as “{shown.fewer}”, without its share, so that nobody's vote can be told."
            )
        )
    return blocks + [block for workshop in held for block in _workshop(workshop, shown)]
