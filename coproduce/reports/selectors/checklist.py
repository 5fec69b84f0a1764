"""The checklist run before the public page is published, and again each time it is published again.

It lists what the public would not see (draft recommendations, framework elements with no evidence), what is
missing (report sections with no text from the team), and everything that looks like personal data (emails,
UK phone numbers, UK postcodes and street addresses, and the names of people in the stakeholder register)
anywhere in what would be published. Each item says where it is and links to where it can be fixed; the lead
fixes it or confirms it before the page goes out (`reports.services.publication_publish`).
"""

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import models
from django.urls import reverse

from coproduce.frameworks.models import Element, Framework
from coproduce.frameworks.selectors.frameworks import FrameworkView, framework_list, framework_views
from coproduce.people.personal_data import personal_data_find
from coproduce.people.selectors import stakeholder_known_names
from coproduce.projects.models import Project
from coproduce.recommendations.models import Recommendation, RecommendationStatus
from coproduce.recommendations.selectors.recommendations import (
    recommendation_list,
    recommendation_public_list,
)
from coproduce.recommendations.selectors.trace import Trace

from ..document import Document, Facts, Figure, Heading, Paragraph, Prose, Quote, Table
from ..models import SectionKey
from .document import report_for, report_narratives
from .empty_sections import section_is_empty


class CheckKind(models.TextChoices):
    DRAFT = "draft", "Not published"
    NO_EVIDENCE = "no_evidence", "No evidence"
    EMPTY_SECTION = "empty_section", "Empty section"
    PERSONAL_DATA = "personal_data", "Looks like personal data"


@dataclass(frozen=True)
class CheckItem:
    """One thing the lead fixes or confirms. `location` names where it is, never what it says, so it can go
    into the audit trail; `digest` ties a confirmation to the text as it was when checked."""

    kind: CheckKind
    location: str
    where: str
    problem: str
    fix_url: str
    fix_label: str
    digest: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.location}:{self.digest}"

    @property
    def confirm_label(self) -> str:
        return CONFIRM_LABELS[self.kind]


CONFIRM_LABELS = {
    CheckKind.DRAFT: "Publish without it",
    CheckKind.NO_EVIDENCE: "Publish without this element",
    CheckKind.EMPTY_SECTION: "Publish the section as it is",
    CheckKind.PERSONAL_DATA: "I have checked it: it may be published",
}


@dataclass(frozen=True)
class PublishedText:
    """A piece of text the public page would show, where it comes from, and where to change it."""

    location: str
    where: str
    text: str
    fix_url: str
    fix_label: str


def _digest(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def _url(name: str, project: Project, **kwargs: object) -> str:
    return reverse(name, kwargs={"project_id": project.public_id, **kwargs})


def _drafts(project: Project) -> Iterator[CheckItem]:
    for r in recommendation_list(project=project).exclude(status=RecommendationStatus.PUBLISHED):
        problem = f"{r.get_status_display()}: it will not be shown until it is published."
        digest = _digest(r.status, r.version)
        yield CheckItem(
            CheckKind.DRAFT, f"recommendation-{r.pk}", f"Recommendation {r.label}: {r.action}", problem,
            r.get_absolute_url(), f"Open {r.label}", digest,
        )  # fmt: skip


def unsupported_item(project: Project, framework: Framework, element: Element, problem: str) -> CheckItem:
    """The item for a framework element with no evidence linked, pointing to where evidence is linked."""
    url = _url(
        "frameworks:element_detail", project, framework_id=framework.public_id, element_id=element.public_id
    )
    where = f"{framework.title}: {element.title}"
    return CheckItem(CheckKind.NO_EVIDENCE, f"element-{element.pk}", where, problem, url, "Link evidence")


def _unsupported(project: Project, frameworks: list[FrameworkView]) -> Iterator[CheckItem]:
    problem = "No evidence is linked: the element will be left out of the public framework."
    for view in frameworks:
        for element in view.unsupported:
            yield unsupported_item(project, view.framework, element, problem)


_EMPTY = "The section is empty: the team has written nothing for it, and it is left out of the report."
_NO_TEXT = "The team has written nothing for this section: readers see only the figures and tables."


def empty_sections(project: Project, document: Document) -> Iterator[CheckItem]:
    """Each section the team has written nothing for, in order, whether the document shows it (with figures
    and tables from the data) or leaves it out (it has nothing at all)."""
    written = document.written
    if written is None:
        narratives = report_narratives(report=report_for(project=project))
        written = frozenset(key for key, text in narratives.items() if text.strip())
    shown = {section.key: section for section in document.sections}
    for key, label in SectionKey.choices:
        section = shown.get(key)
        if key in written:
            continue
        empty = section is None or section_is_empty(section)
        where = f"The report, section {section.number}: {label}" if section else f"The report: {label}"
        yield CheckItem(
            CheckKind.EMPTY_SECTION, f"section-{key}", where, _EMPTY if empty else _NO_TEXT,
            _url("reports:section_edit", project, section_key=key), f"Write “{label}”",
        )  # fmt: skip


def _framework_texts(project: Project, frameworks: list[FrameworkView]) -> Iterator[PublishedText]:
    for view in frameworks:
        framework = view.framework
        edit = _url("frameworks:framework_edit", project, framework_id=framework.public_id)
        text = f"{framework.title}\n{framework.summary}"
        yield PublishedText(
            f"framework-{framework.pk}", f"Framework: {framework.title}", text, edit, "Edit it"
        )
        for element in [e for e in view.elements if not view.strengths[e.pk].flagged]:
            url = _url(
                "frameworks:element_edit",
                project,
                framework_id=framework.public_id,
                element_id=element.public_id,
            )
            where = f"{framework.title}: {element.title}"
            text = f"{element.title}\n{element.narrative}"
            yield PublishedText(f"element-{element.pk}", where, text, url, "Edit the element")


def _recommendation_texts(r: Recommendation) -> Iterator[PublishedText]:
    revise = _url("recommendations:recommendation_revise", r.project, recommendation_id=r.public_id)
    text = "\n".join((r.action, r.partners, r.measure, r.rationale))
    yield PublishedText(
        f"recommendation-{r.pk}", f"Recommendation {r.label}", text, revise, f"Revise {r.label}"
    )
    for update in r.updates.all():
        url = _url(
            "recommendations:progress_correct", r.project, recommendation_id=r.public_id, update_id=update.pk
        )
        where = f"Progress note on {r.label}, {f'{update.recorded_at:%d %B %Y}'.lstrip('0')}"
        yield PublishedText(f"progress-update-{update.pk}", where, update.note, url, "Correct the note")
    for milestone in r.milestones.all():
        where = f"Milestone of {r.label}"
        yield PublishedText(
            f"milestone-{milestone.pk}", where, milestone.title, r.get_absolute_url(), f"Open {r.label}"
        )


def _report_texts(project: Project, document: Document) -> Iterator[PublishedText]:
    settings = _url("reports:report_settings", project)
    yield PublishedText(
        "report-title", "The report's title", f"{document.title}\n{document.subtitle}", settings, "Change it"
    )
    report_page = _url("reports:report_page", project)
    for section in document.sections:
        where = f"The report, section {section.number}: {section.title}"
        for index, block in enumerate(section.blocks):
            text = _block_text(block)
            if text:
                url = (
                    _url("reports:section_edit", project, section_key=section.key)
                    if index == 0 and isinstance(block, Prose)
                    else f"{report_page}#section-{section.key}"
                )
                yield PublishedText(f"section-{section.key}-{index}", where, text, url, "Change it")


def _block_text(block: object) -> str:
    if isinstance(block, Prose):
        return block.markdown
    if isinstance(block, (Heading, Paragraph)):
        return block.text
    if isinstance(block, Table):
        return "\n".join([block.caption, *("\t".join(map(str, row)) for row in block.rows)])
    if isinstance(block, Figure):
        return f"{block.caption}\n{block.description}"
    if isinstance(block, Quote):
        return block.text
    if isinstance(block, Facts):
        return "\n".join(f"{label}: {value}" for label, value in block.items)
    return ""  # the reference list cites published work by its authors: not personal data to check


def _evidence_texts(trees: Sequence[Trace]) -> Iterator[PublishedText]:
    """The public evidence behind each recommendation: each piece as shown (workshop cards and statements
    are participants' own words), and the reason it was published over objections."""
    for tree in trees:
        r = tree.recommendation
        url = reverse(
            "recommendations:recommendation_trace",
            kwargs={"project_id": r.project.public_id, "recommendation_id": r.public_id},
        )
        where = f"The evidence behind {r.label}"
        for branch in tree.branches:
            for group in branch.groups:
                for item in group.items:
                    location = f"evidence-{r.pk}-{item.kind}-{_digest(branch.title, item.label)[:8]}"
                    text = f"{item.label}\n{item.detail}"
                    yield PublishedText(location, f"{where}: {group.heading}", text, url, "Open the evidence")
        decision = tree.summary.decision if tree.summary else None
        if decision is not None and decision.reason:
            yield PublishedText(
                f"decision-{decision.pk}", f"Why {r.label} was published over objections", decision.reason,
                r.get_absolute_url(), f"Open {r.label}",
            )  # fmt: skip


def published_texts(
    *, project: Project, frameworks: list[FrameworkView], document: Document | None,
    trees: Sequence[Trace] = (),
) -> Iterator[PublishedText]:  # fmt: skip
    """Everything the public page would show, page first, then the evidence behind the recommendations
    (`trees`, their public version), then the report (when it is included)."""
    yield from _framework_texts(project, frameworks)
    for r in recommendation_public_list(project=project).select_related("project"):
        yield from _recommendation_texts(r)
    yield from _evidence_texts(trees)
    if document is not None:
        yield from _report_texts(project, document)


def _personal_data(project: Project, texts: Iterator[PublishedText]) -> Iterator[CheckItem]:
    """Each match once: where it can be changed, not again where the report repeats it."""
    names = stakeholder_known_names(project=project)
    seen: set[tuple[str, str]] = set()
    for text in texts:
        for found in personal_data_find(text=text.text, known_names=names):
            if (found.kind, found.text.casefold()) in seen:
                continue
            seen.add((found.kind, found.text.casefold()))
            problem = f"{found.reason[0].upper()}{found.reason[1:]}: “{found.text}”"
            digest = _digest(text.location, found.kind, found.text)
            yield CheckItem(
                CheckKind.PERSONAL_DATA,
                text.location,
                text.where,
                problem,
                text.fix_url,
                text.fix_label,
                digest,
            )


def publication_checklist(
    *, project: Project, document: Document | None, frameworks: list[FrameworkView] | None = None,
    trees: Sequence[Trace] = (),
) -> list[CheckItem]:  # fmt: skip
    """Every item to fix or confirm before publishing. `document` is the public report, or None when the
    page leaves the report out; `frameworks` are the project's with every element (`framework_views`), when
    the caller has them already; `trees` the public evidence behind the published recommendations."""
    if frameworks is None:
        frameworks = framework_views(frameworks=framework_list(project=project))
    items = [*_drafts(project), *_unsupported(project, frameworks)]
    if document is not None:
        items += empty_sections(project, document)
    texts = published_texts(project=project, frameworks=frameworks, document=document, trees=trees)
    items += _personal_data(project, texts)
    return items
