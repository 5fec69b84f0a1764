"""The chain of evidence as a table (for CSV): one row per step of each tree, with its path from the
recommendation down, and a row per sector for the views in its endorsement round. The public version counts
people as every public output does (`endorsement_summary.endorsement_figures`)."""

from coproduce.frameworks.models import EvidenceKind

from .endorsement_summary import endorsement_figures
from .trace import Trace

HEADER = [
    "Path",
    "Recommendation",
    "Through",
    "Level",
    "Kind of evidence",
    "Evidence",
    "Detail",
    "Figures",
    "Why it supports it",
]


def trace_table(*, trees: list[Trace], public: bool) -> list[list[str]]:
    """The header, then every tree's rows."""
    return [HEADER, *(row for tree in trees for row in _rows(tree, public=public))]


def _rows(tree: Trace, *, public: bool) -> list[list[str]]:
    """One row per step of the tree, with its path from the recommendation down, e.g.
    "R1 > Early help: Trust first > Relationships before contracts > Trust"."""
    r = tree.recommendation.label
    rows = [[r, r, "", "", "Recommendation", tree.recommendation.action, "", f"{tree.count} pieces", ""]]
    for branch in tree.branches:
        path, step = f"{r} > {branch.title}", [r, branch.title, branch.level]
        if branch.element is not None:
            rows.append([path, *step, "Framework element", branch.element.title, branch.area, "", ""])
        for group in branch.groups:
            for item in group.items:
                kind = EvidenceKind(item.kind).label
                at = f"{path} > {item.label}"
                rows.append([at, *step, kind, item.label, item.detail, item.figures, item.note])
                rows += [
                    [f"{at} > {code}", *step, "Code in the theme", code, "", "", ""] for code in item.parts
                ]
    if tree.summary is not None:
        figures = endorsement_figures(summary=tree.summary, public=public)
        for label, asked, answered, support, changes, objected in figures.rows:
            said = f"{support} support, {changes} support with changes, {objected} object"
            rows.append([
                f"{r} > Endorsement > {label}", r, "Endorsement", "", "Views by sector", label,
                tree.round_title, f"{said} ({answered} answered of {asked} asked)", "",
            ])  # fmt: skip
    return rows
