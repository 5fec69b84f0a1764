"""Reads of extraction forms, the records to extract and appraise, and the case-study catalogue."""

import uuid
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from coproduce.evidence.models import Reference
from coproduce.evidence.selectors.screening import included_reference_ids
from coproduce.projects.models import Project

from ..models import Appraisal, Extraction, ExtractionField, ExtractionForm, ExtractionStatus
from ..tools import Tool, criteria_met, tool_get, tool_suggested


def extraction_form_list(*, project: Project) -> QuerySet[ExtractionForm]:
    return (
        ExtractionForm.objects.filter(project=project).prefetch_related("fields").order_by("created_at", "id")
    )


def extraction_form_get(*, project: Project, public_id: uuid.UUID | str) -> ExtractionForm:
    return get_object_or_404(ExtractionForm, project=project, public_id=public_id)


def extraction_field_get(*, form: ExtractionForm, pk: int) -> ExtractionField:
    return get_object_or_404(ExtractionField, form=form, pk=pk)


def included_reference_get(*, project: Project, pk: int) -> Reference:
    """An included record of the project; other records are not extracted (404)."""
    if pk not in set(included_reference_ids(project=project)):
        raise Http404("This record is not included in the review")
    return get_object_or_404(Reference, project=project, pk=pk)


def extraction_get(*, reference: Reference, form: ExtractionForm) -> Extraction | None:
    return Extraction.objects.filter(reference=reference, form=form).first()


def appraisal_list(*, reference: Reference) -> list[Appraisal]:
    return list(Appraisal.objects.filter(reference=reference).select_related("appraised_by"))


@dataclass(frozen=True)
class AppraisalSummary:
    appraisal: Appraisal
    tool: Tool
    met: int
    asked: int

    @property
    def label(self) -> str:
        variant = self.tool.variant_label(self.appraisal.variant)
        return (
            f"{self.tool.name}{f' ({variant})' if variant else ''}: {self.met} of {self.asked} criteria met"
        )


def appraisal_summaries(appraisals: list[Appraisal]) -> list[AppraisalSummary]:
    summaries = []
    for appraisal in appraisals:
        if (tool := tool_get(appraisal.tool)) is not None:
            met, asked = criteria_met(tool, appraisal.variant, appraisal.answers)
            summaries.append(AppraisalSummary(appraisal=appraisal, tool=tool, met=met, asked=asked))
    return summaries


@dataclass(frozen=True)
class QueueRow:
    reference: Reference
    extraction: Extraction | None
    appraisals: list[AppraisalSummary] = field(default_factory=list)

    @property
    def suggested_tool(self) -> Tool:
        return tool_suggested(self.reference)

    @property
    def quality(self) -> str:
        judged = [s.appraisal.get_quality_display() for s in self.appraisals if s.appraisal.quality]
        return ", ".join(judged)


def extraction_queue(*, project: Project, form: ExtractionForm) -> list[QueueRow]:
    """Every included record with its extraction for `form` (if any) and its appraisals, in id order."""
    ids = included_reference_ids(project=project)
    references = (
        Reference.objects.filter(project=project, pk__in=ids)
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "extractions", queryset=Extraction.objects.filter(form=form), to_attr="form_extractions"
            ),
            Prefetch("appraisals", queryset=Appraisal.objects.order_by("tool"), to_attr="all_appraisals"),
        )
    )
    return [
        QueueRow(
            reference=ref,
            extraction=next(iter(getattr(ref, "form_extractions", [])), None),
            appraisals=appraisal_summaries(getattr(ref, "all_appraisals", [])),
        )
        for ref in references
    ]


@dataclass(frozen=True)
class QueueCounts:
    included: int
    complete: int
    in_progress: int
    appraised: int
    case_studies: int


def queue_counts(rows: list[QueueRow]) -> QueueCounts:
    statuses = [row.extraction.status for row in rows if row.extraction]
    return QueueCounts(
        included=len(rows),
        complete=statuses.count(ExtractionStatus.COMPLETE),
        in_progress=statuses.count(ExtractionStatus.IN_PROGRESS),
        appraised=sum(bool(row.appraisals) for row in rows),
        case_studies=sum(bool(row.extraction and row.extraction.is_case_study) for row in rows),
    )


def case_study_list(
    *, project: Project, filters: dict[str, str] | None = None, query: str = ""
) -> list[Extraction]:
    """The good-practice catalogue: extractions marked as case studies of included records.

    `filters` maps a field key to a value: a case study matches when its answer equals the value, or, for a
    field with several answers, includes it.
    """
    included = included_reference_ids(project=project)
    extractions = (
        Extraction.objects.filter(form__project=project, is_case_study=True, reference_id__in=included)
        .select_related("reference", "form")
        .prefetch_related("form__fields", "reference__appraisals")
        .order_by("case_title", "pk")
    )
    if query:
        extractions = extractions.filter(
            Q(case_title__icontains=query)
            | Q(case_summary__icontains=query)
            | Q(reference__title__icontains=query)
        )
    return [e for e in extractions if _matches(e.values, filters or {})]


def _matches(values: dict[str, object], filters: dict[str, str]) -> bool:
    for key, wanted in filters.items():
        answer = values.get(key)
        answers = [str(a) for a in answer] if isinstance(answer, list) else [str(answer)]
        if wanted not in answers:
            return False
    return True


def case_study_get(*, project: Project, public_id: uuid.UUID | str) -> Extraction:
    return get_object_or_404(
        Extraction.objects.select_related("reference", "form"),
        form__project=project,
        public_id=public_id,
        is_case_study=True,
    )
