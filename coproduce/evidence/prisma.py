"""The counts of a PRISMA 2020 flow diagram, worked out from the review's own records.

Everything comes from data the app already keeps: the import batches (records in each file, exact duplicates
merged on import), records added by hand, confirmed duplicates, and the screening decision log. Nothing is
typed in, so the diagram cannot drift from the decisions.

How the app's data maps onto the PRISMA 2020 boxes:
- *Records identified from databases and registers*: the records in each imported file, summed by the search
  (database or website) the file came from.
- *Records identified from other sources*: records added by hand (no import batch), by type (report, council
  paper, web page ...). They are screened like every other record here, so the diagram joins them to the one
  flow rather than drawing PRISMA's separate "other methods" column.
- *Duplicate records removed*: merged while importing plus confirmed by a person afterwards.
- *Records screened* at title and abstract: records with a current decision; *excluded*: current "exclude";
  records marked "maybe" wait for a decision, so they are shown inside the screened box and go no further.
- *Records not screened*: the rest. Once the team records a decision to stop screening (ScreeningStop), they
  count as removed before screening and the diagram runs from identification straight to the records
  screened. If the stopping test was met when the stop was recorded (p below `stopping.ALPHA`), they go under
  PRISMA 2020's "marked as ineligible by automation tools", with the rule named; if not, under "removed for
  other reasons", saying that the team stopped before the test was met and what the test gave, so the rule
  is never credited with a stop it did not support.
- *Reports sought* are the records included at title and abstract (the full-text stage's candidates);
  *assessed for eligibility*: those with a current full-text decision; exclusions are counted by reason.
  Until the first full-text decision the diagram stops at title and abstract, and the included studies are
  the records included at title and abstract.
"""

import textwrap
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Sum

from coproduce.projects.models import Project

from .models import (
    Criterion,
    Decision,
    ImportBatch,
    Reference,
    ScreeningStage,
    SourceType,
)
from .selectors.duplicates import dedupe_counts
from .selectors.screening import current_decision_rows, current_decisions, screenable_references
from .selectors.stopping import screening_stop_facts

NO_SEARCH = "Files not linked to a search"
NO_REASON = "No reason given"


@dataclass(frozen=True)
class PrismaCounts:
    databases: list[tuple[str, int]]  # (search source, records in its files)
    other_sources: list[tuple[str, int]]  # (source type, records added by hand)
    duplicates_merged: int
    duplicates_confirmed: int
    screened: int
    excluded: int
    included_ta: int
    maybe_ta: int
    unscreened: int
    stopped_early: bool
    stopping_rule: str
    full_text: bool  # whether any full-text decision exists
    assessed: int
    full_text_excluded: list[tuple[str, int]]  # (reason, records)
    full_text_maybe: int
    included: int
    stop_test_met: bool = False  # whether the stopping test said "you may stop" when the stop was recorded
    stop_test: str = ""  # the test and its p-value then: "Hypergeometric test, ..., alpha 0.05: p = 0.300"

    @property
    def stop_removed_label(self) -> str:
        """The PRISMA 2020 "removed before screening" line the records left after a stop go under."""
        if self.stop_test_met:
            return "Records marked as ineligible by automation tools"
        return "Records removed for other reasons"

    @property
    def stop_statement(self) -> str:
        """Why the records left were not screened, crediting the rule only if its test was met."""
        if self.stop_test_met:
            return f"screening stopped: {self.stopping_rule}"
        return f"screening stopped by the team's decision before the stopping test was met ({self.stop_test})"

    @property
    def from_databases(self) -> int:
        return sum(n for _, n in self.databases)

    @property
    def from_other_sources(self) -> int:
        return sum(n for _, n in self.other_sources)

    @property
    def identified(self) -> int:
        return self.from_databases + self.from_other_sources

    @property
    def duplicates(self) -> int:
        return self.duplicates_merged + self.duplicates_confirmed

    @property
    def after_duplicates(self) -> int:
        return self.identified - self.duplicates

    @property
    def sought(self) -> int:
        """Passed on from title and abstract to full text: the records included there."""
        return self.included_ta

    @property
    def awaiting_full_text(self) -> int:
        return self.sought - self.assessed

    @property
    def full_text_excluded_total(self) -> int:
        return sum(n for _, n in self.full_text_excluded)


def _databases(project: Project) -> list[tuple[str, int]]:
    rows = (
        ImportBatch.objects.filter(project=project)
        .values("search__source")
        .annotate(n=Sum("records_in_file"))
        .order_by("search__source")
    )
    totals: Counter[str] = Counter()
    for row in rows:
        totals[row["search__source"] or NO_SEARCH] += row["n"] or 0
    return sorted(totals.items())


def _other_sources(project: Project) -> list[tuple[str, int]]:
    rows = (
        Reference.objects.filter(project=project, batch__isnull=True)
        .values("source_type")
        .annotate(n=Count("id"))
        .order_by("source_type")
    )
    return [(str(SourceType(row["source_type"]).label), row["n"]) for row in rows]


def current_reasons(*, project: Project, stage: str) -> dict[int, str]:
    """The reason label of the current exclude decision on each record at `stage`, by record id."""
    rows = current_decision_rows(project=project, stage=stage)
    ids = {row.reason_id for row in rows.values() if row.decision == Decision.EXCLUDE and row.reason_id}
    labels = dict(Criterion.objects.filter(pk__in=ids).values_list("pk", "label"))
    return {
        pk: labels[row.reason_id]
        for pk, row in rows.items()
        if row.decision == Decision.EXCLUDE and row.reason_id in labels
    }


def _full_text_reasons(project: Project, excluded: set[int]) -> list[tuple[str, int]]:
    """Full-text exclusions counted by the reason of each record's latest exclude decision, most first."""
    reasons = current_reasons(project=project, stage=ScreeningStage.FULL_TEXT)
    counts = Counter(reasons.get(pk, NO_REASON) for pk in excluded)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def prisma_counts(*, project: Project) -> PrismaCounts:
    """The PRISMA 2020 counts of `project`, from its batches, duplicates and decision log."""
    dedupe = dedupe_counts(project=project)
    decided = current_decisions(project=project)
    title_abstract = Counter(decided.values())
    passed = {pk for pk, d in decided.items() if d == Decision.INCLUDE}
    full = {
        pk: d
        for pk, d in current_decisions(project=project, stage=ScreeningStage.FULL_TEXT).items()
        if pk in passed
    }
    full_counts = Counter(full.values())
    excluded_full = {pk for pk, d in full.items() if d == Decision.EXCLUDE}
    screened = sum(title_abstract.values())
    stopped, rule, met, result = screening_stop_facts(project=project)
    has_full_text = bool(full)
    return PrismaCounts(
        databases=_databases(project),
        other_sources=_other_sources(project),
        duplicates_merged=dedupe["merged_on_import"],
        duplicates_confirmed=dedupe["confirmed"],
        screened=screened,
        excluded=title_abstract[Decision.EXCLUDE],
        included_ta=title_abstract[Decision.INCLUDE],
        maybe_ta=title_abstract[Decision.MAYBE],
        unscreened=screenable_references(project=project).count() - screened,
        stopped_early=stopped,
        stopping_rule=rule,
        full_text=has_full_text,
        assessed=len(full),
        full_text_excluded=_full_text_reasons(project, excluded_full) if has_full_text else [],
        full_text_maybe=full_counts[Decision.MAYBE],
        included=full_counts[Decision.INCLUDE] if has_full_text else title_abstract[Decision.INCLUDE],
        stop_test_met=met,
        stop_test=result,
    )


# The diagram: boxes and arrows laid out here, drawn by templates/evidence/_prisma_svg.html.
WIDTH, LINE, PAD, GAP, INDENT = 660, 20, 10, 34, 14
MAIN_X, MAIN_W, SIDE_X, SIDE_W = 44, 330, 414, 236
NBSP = "\u00a0"
INCLUDED_MIN_HEIGHT = 96  # tall enough for the rotated "Included" label
CHARS_PER_PIXEL = 1 / 7.6  # about the average width of a character at FONT px


@dataclass(frozen=True)
class TextLine:
    x: float
    y: float
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    lines: list[TextLine]


@dataclass(frozen=True)
class Arrow:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Phase:
    y: float
    height: float
    label: str

    @property
    def middle(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class Diagram:
    width: int
    height: int
    boxes: list[Box]
    arrows: list[Arrow]
    phases: list[Phase]
    description: str


Content = list[tuple[str, bool]]  # (text, bold) before wrapping


def _n(value: int) -> str:
    return f"(n = {value:,})"


def _wrap(content: Content, width: float) -> list[tuple[str, bool, bool]]:
    """(text, bold, indented) per line; content that starts with two spaces is indented."""
    lines = []
    for text, bold in content:
        indented = text.startswith("  ")
        size = int((width - 2 * PAD - (INDENT if indented else 0)) * CHARS_PER_PIXEL)
        # "(n = 12)" is kept on one line: textwrap does not break at a no-break space.
        parts = textwrap.wrap(text.strip().replace(" = ", NBSP + "=" + NBSP), size) or [""]
        lines += [(part.replace(NBSP, " "), bold, indented) for part in parts]
    return lines


def _box(x: float, y: float, width: float, content: Content, height: float = 0) -> Box:
    wrapped = _wrap(content, width)
    height = max(height, len(wrapped) * LINE + 2 * PAD)
    lines = [
        TextLine(x=x + PAD + (INDENT if indented else 0), y=y + PAD + (i + 0.75) * LINE, text=text, bold=bold)
        for i, (text, bold, indented) in enumerate(wrapped)
    ]
    return Box(x=x, y=y, width=width, height=height, lines=lines)


Row = tuple[str, Content, Content | None]  # (phase, main box, side box)


def _identification(counts: PrismaCounts) -> Row:
    identified: Content = [(f"Records identified {_n(counts.identified)}", True)]
    identified += [(f"From databases and registers {_n(counts.from_databases)}:", False)]
    identified += [(f"  {name} {_n(n)}", False) for name, n in counts.databases]
    identified += [(f"From other sources {_n(counts.from_other_sources)}:", False)]
    identified += [(f"  {name} {_n(n)}", False) for name, n in counts.other_sources]
    removed: Content = [("Records removed before screening:", True)]
    removed += [(f"Duplicate records {_n(counts.duplicates)}", False)]
    removed += [(f"  merged on import {_n(counts.duplicates_merged)}", False)]
    removed += [(f"  confirmed by the team {_n(counts.duplicates_confirmed)}", False)]
    if counts.stopped_early:
        removed += [(f"{counts.stop_removed_label} {_n(counts.unscreened)}", False)]
        removed += [(f"  {counts.stop_statement}", False)]
    return ("Identification", identified, removed)


def _full_text(counts: PrismaCounts) -> list[Row]:
    passed: Content = [(f"Reports sought for full-text assessment {_n(counts.sought)}", True)]
    if not counts.full_text:
        return [("Screening", passed, None)]
    awaiting: Content = [(f"Reports not yet assessed {_n(counts.awaiting_full_text)}", True)]
    assessed: Content = [(f"Reports assessed for eligibility {_n(counts.assessed)}", True)]
    excluded: Content = [(f"Reports excluded {_n(counts.full_text_excluded_total)}", True)]
    excluded += [(f"  {reason} {_n(n)}", False) for reason, n in counts.full_text_excluded]
    if counts.full_text_maybe:
        excluded += [(f"Reports still undecided {_n(counts.full_text_maybe)}", True)]
    return [("Screening", passed, awaiting), ("Screening", assessed, excluded)]


def _screened(counts: PrismaCounts) -> Content:
    screened: Content = [(f"Records screened on title and abstract {_n(counts.screened)}", True)]
    if counts.maybe_ta:
        screened += [(f"  marked maybe, still to decide {_n(counts.maybe_ta)}", False)]
    return screened


def _rows(counts: PrismaCounts) -> list[Row]:
    """(phase, main box, side box) for each row of the diagram, top to bottom."""
    after = f"Records after duplicates were removed {_n(counts.after_duplicates)}"
    not_screened: Content = [(f"Records not yet screened {_n(counts.unscreened)}", True)]
    # With a recorded stop the records left count as removed before screening (see _identification).
    before: list[Row] = [] if counts.stopped_early else [("Screening", [(after, True)], not_screened)]
    return [
        _identification(counts),
        *before,
        (
            "Screening",
            _screened(counts),
            [(f"Records excluded {_n(counts.excluded)}", True)],
        ),
        *_full_text(counts),
        ("Included", [(f"Studies included in review {_n(counts.included)}", True)], None),
    ]


def _phases(spans: list[tuple[str, float, float]]) -> list[Phase]:
    """Runs of rows in the same phase become one label spanning them."""
    phases: list[Phase] = []
    for label, top, bottom in spans:
        if phases and phases[-1].label == label:
            first = phases.pop()
            phases.append(Phase(y=first.y, height=bottom - first.y, label=label))
        else:
            phases.append(Phase(y=top, height=bottom - top, label=label))
    return phases


def prisma_diagram(counts: PrismaCounts) -> Diagram:
    """The PRISMA 2020 flow diagram of `counts` as boxes, arrows and phase labels in SVG units."""
    y = float(PAD)
    boxes: list[Box] = []
    arrows: list[Arrow] = []
    spans: list[tuple[str, float, float]] = []
    previous: Box | None = None
    for phase, main, side in _rows(counts):
        height = max(_box(0, 0, MAIN_W, main).height, _box(0, 0, SIDE_W, side).height if side else 0)
        if phase == "Included":
            height = max(height, INCLUDED_MIN_HEIGHT)
        box = _box(MAIN_X, y, MAIN_W, main, height)
        boxes.append(box)
        if side is not None:
            boxes.append(_box(SIDE_X, y, SIDE_W, side, height))
            arrows.append(Arrow(MAIN_X + MAIN_W, y + height / 2, SIDE_X, y + height / 2))
        if previous is not None:
            arrows.append(Arrow(MAIN_X + MAIN_W / 2, previous.y + previous.height, MAIN_X + MAIN_W / 2, y))
        spans.append((phase, y, y + height))
        previous = box
        y += height + GAP
    return Diagram(
        width=WIDTH,
        height=int(y - GAP + PAD),
        boxes=boxes,
        arrows=arrows,
        phases=_phases(spans),
        description=prisma_summary(counts),
    )


def _stop_summary(counts: PrismaCounts) -> str:
    if counts.stop_test_met:
        return f", marked as ineligible when screening stopped under the rule {counts.stopping_rule}."
    return f", removed for other reasons: {counts.stop_statement}."


def prisma_summary(counts: PrismaCounts) -> str:
    """The diagram in one paragraph, for its <desc> and for screen readers."""
    parts = [
        f"{counts.identified:,} records identified ({counts.from_databases:,} from databases and registers, "
        f"{counts.from_other_sources:,} from other sources).",
        f"{counts.duplicates:,} duplicates removed, leaving {counts.after_duplicates:,}.",
        f"{counts.screened:,} screened on title and abstract: {counts.excluded:,} excluded and "
        f"{counts.maybe_ta:,} marked maybe;",
        f"{counts.unscreened:,} not screened" + (_stop_summary(counts) if counts.stopped_early else "."),
        f"{counts.sought:,} passed on to full-text assessment.",
    ]
    if counts.full_text:
        excluded = counts.full_text_excluded_total
        parts.append(f"{counts.assessed:,} reports assessed at full text and {excluded:,} excluded.")
    parts.append(f"{counts.included:,} studies included.")
    return " ".join(parts)
