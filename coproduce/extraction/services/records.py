"""Recording one record's extracted data, case-study status and appraisal."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock
from coproduce.evidence.models import Reference

from ..models import (
    Appraisal,
    Extraction,
    ExtractionField,
    ExtractionForm,
    ExtractionStatus,
    FieldKind,
    Quality,
)
from ..tools import ANSWERS, Tool, tool_get

_ANSWER_KEYS = {key for key, _ in ANSWERS}


def _clean_value(field: ExtractionField, value: Any) -> Any:
    """`value` as stored for `field`, or ValidationError when it does not fit the field."""
    if value in (None, "", []):
        return [] if field.kind == FieldKind.MULTI_CHOICE else None
    if field.kind == FieldKind.MULTI_CHOICE:
        chosen = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
        unknown = [v for v in chosen if v not in field.categories]
        if unknown:
            raise ValidationError({field.key: f"Not an option for {field.label}: {', '.join(unknown)}"})
        return [v for v in field.categories if v in chosen]
    if field.kind in (FieldKind.CHOICE, FieldKind.YES_NO) and str(value) not in field.categories:
        raise ValidationError({field.key: f"Not an option for {field.label}: {value}"})
    if field.kind == FieldKind.NUMBER:
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ValidationError({field.key: f"{field.label} must be a number"}) from None
    return str(value)


def _clean_values(form: ExtractionForm, values: dict[str, Any], complete: bool) -> dict[str, Any]:
    fields = {field.key: field for field in form.fields.all()}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ValidationError(f"The form has no field called {', '.join(unknown)}")
    cleaned = {key: _clean_value(field, values.get(key)) for key, field in fields.items()}
    missing = [f.label for key, f in fields.items() if complete and f.required and cleaned[key] in (None, [])]
    if missing:
        raise ValidationError(f"Answer these before marking the extraction complete: {', '.join(missing)}")
    return cleaned


@transaction.atomic
def extraction_save(
    *, reference: Reference, form: ExtractionForm, by: User, values: dict[str, Any], complete: bool = False,
    is_case_study: bool = False, case_title: str = "", case_summary: str = "", version: str | None = None,
) -> Extraction:  # fmt: skip
    """Save one record's answers to one form (kept as they are until someone changes them).

    EditConflict, saving nothing, if someone saved answers for this record since `version` (the form's;
    core.versions.NEW when there were none yet), naming each question they answered differently."""
    if form.project_id != reference.project_id:
        raise ValidationError("This form belongs to another project")
    if is_case_study and not case_title.strip():
        raise ValidationError({"case_title": "Give the case study a title"})
    cleaned = _clean_values(form, values, complete)
    labels = {f"values.{f.key}": f.label for f in form.fields.all()}
    new = {
        "status": ExtractionStatus.COMPLETE if complete else ExtractionStatus.IN_PROGRESS,
        "is_case_study": is_case_study,
        "case_title": case_title.strip() if is_case_study else "",
        "case_summary": case_summary.strip() if is_case_study else "",
    }
    current = Extraction.objects.filter(reference=reference, form=form).first()
    record_lock(
        current, version=version, values={f"values.{k}": v for k, v in cleaned.items()} | new, labels=labels
    )
    extraction, created = Extraction.objects.select_for_update().get_or_create(reference=reference, form=form)
    before = dict(extraction.values)
    extraction.values = cleaned
    fields_assign(extraction, new)
    extraction.updated_by = by
    extraction.save()
    changed = sorted(k for k in extraction.values if before.get(k) != extraction.values[k])
    audit_record(
        action="extraction.extraction.created" if created else "extraction.extraction.updated",
        by=by, obj=extraction, project_id=reference.project_id,
        changes={"fields": changed, "status": extraction.status, "case_study": is_case_study},
    )  # fmt: skip
    return extraction


@transaction.atomic
def appraisal_save(
    *, reference: Reference, by: User, tool: str, variant: str = "", answers: dict[str, str],
    comments: dict[str, str] | None = None, quality: str = "", summary: str = "", version: str | None = None,
) -> Appraisal:  # fmt: skip
    """Save one record's appraisal with one tool; answers are "yes", "no" or "unclear" per question.

    EditConflict, saving nothing, if someone saved an appraisal of this record with this tool since
    `version` (the form's; core.versions.NEW when there was none yet), naming each answer that differs."""
    definition = tool_get(tool)
    if definition is None:
        raise ValidationError(f"Unknown appraisal tool: {tool}")
    if definition.variants and variant not in {key for key, _, _ in definition.variants}:
        raise ValidationError({"variant": "Choose the kind of study"})
    keys = {q.key for q in definition.questions_for(variant)}
    if set(answers) - keys or set(answers.values()) - _ANSWER_KEYS:
        raise ValidationError("Answer each question with yes, no or can't tell")
    if quality and quality not in Quality.values:
        raise ValidationError({"quality": "Choose high, moderate or low"})
    new = {
        "variant": variant,
        "answers": {k: v for k, v in answers.items() if v},
        "comments": {k: v.strip() for k, v in (comments or {}).items() if k in keys and v.strip()},
        "quality": quality,
        "summary": summary.strip(),
    }
    _appraisal_lock(reference, definition, new, version=version)
    appraisal, created = Appraisal.objects.select_for_update().get_or_create(reference=reference, tool=tool)
    fields_assign(appraisal, new)
    appraisal.appraised_by = by
    appraisal.save()
    audit_record(
        action="extraction.appraisal.created" if created else "extraction.appraisal.updated",
        by=by, obj=appraisal, project_id=reference.project_id,
        changes={"tool": tool, "variant": variant, "quality": quality},
    )  # fmt: skip
    return appraisal


def _appraisal_lock(reference: Reference, tool: Tool, new: dict[str, Any], *, version: str | None) -> None:
    """The version check of an appraisal form, naming each question whose answer or comment differs."""
    current = Appraisal.objects.filter(reference=reference, tool=tool.key).first()
    questions = tool.questions_for(str(new["variant"]))
    labels = {f"answers.{q.key}": q.text for q in questions}
    labels |= {f"comments.{q.key}": f"Comment on: {q.text}" for q in questions}
    values = {name: new[name.partition(".")[0]].get(name.partition(".")[2]) for name in labels}
    values |= {name: new[name] for name in ("variant", "quality", "summary")}
    record_lock(current, version=version, values=values, labels=labels)
