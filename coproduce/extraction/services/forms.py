"""Setting up extraction forms: create one (good-practice template or blank), add and change its fields."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from ..defaults import GOOD_PRACTICE_DESCRIPTION, GOOD_PRACTICE_NAME, FieldSpec, good_practice_fields
from ..models import CATEGORICAL, Extraction, ExtractionField, ExtractionForm, FieldKind

TEMPLATE_GOOD_PRACTICE = "good_practice"
TEMPLATE_BLANK = "blank"


@transaction.atomic
def extraction_form_create(
    *, project: Project, by: User | None, name: str, description: str = "", template: str = TEMPLATE_BLANK
) -> ExtractionForm:
    if ExtractionForm.objects.filter(project=project, name=name).exists():
        raise ValidationError({"name": "There is already a form with this name"})
    form = ExtractionForm.objects.create(project=project, name=name, description=description, created_by=by)
    specs = good_practice_fields() if template == TEMPLATE_GOOD_PRACTICE else []
    ExtractionField.objects.bulk_create(
        _field(form, spec, order) for order, spec in enumerate(specs, start=1)
    )
    audit_record(
        action="extraction.form.created",
        by=by,
        obj=form,
        project_id=project.pk,
        changes={"template": template},
    )
    return form


def _field(form: ExtractionForm, spec: FieldSpec, order: int) -> ExtractionField:
    return ExtractionField(
        form=form, key=spec.key, label=spec.label, kind=spec.kind, help_text=spec.help_text,
        options=list(spec.options), required=spec.required, order=order,
    )  # fmt: skip


def extraction_form_default(*, project: Project, by: User | None) -> ExtractionForm:
    """The project's first form, creating the good-practice form when the project has none."""
    existing = ExtractionForm.objects.filter(project=project).order_by("created_at", "id").first()
    if existing is not None:
        return existing
    return extraction_form_create(
        project=project, by=by, name=GOOD_PRACTICE_NAME, description=GOOD_PRACTICE_DESCRIPTION,
        template=TEMPLATE_GOOD_PRACTICE,
    )  # fmt: skip


@transaction.atomic
def extraction_form_update(
    *, form: ExtractionForm, by: User, name: str, description: str = "", version: str | None = None
) -> ExtractionForm:
    if ExtractionForm.objects.filter(project_id=form.project_id, name=name).exclude(pk=form.pk).exists():
        raise ValidationError({"name": "There is already a form with this name"})
    changed = fields_assign(form, {"name": name, "description": description}, version=version)
    form.save()
    audit_record(
        action="extraction.form.updated",
        by=by,
        obj=form,
        project_id=form.project_id,
        changes={"fields": changed},
    )
    return form


def _values_in_use(field: ExtractionField) -> set[str]:
    """Every answer already given to `field`, as text (each option chosen, for choice fields)."""
    used: set[str] = set()
    for values in Extraction.objects.filter(form_id=field.form_id).values_list("values", flat=True):
        answer = (values or {}).get(field.key)
        if isinstance(answer, list):
            used.update(str(a) for a in answer)
        elif answer not in (None, ""):
            used.add(str(answer))
    return used


def _clean_options(kind: str, options: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(o.strip() for o in options if o.strip()))
    if kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) and len(cleaned) < 2:
        raise ValidationError({"options": "Give at least two options, one per line"})
    return cleaned if kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE) else []


@transaction.atomic
def extraction_field_create(
    *, form: ExtractionForm, by: User, label: str, kind: str, key: str = "", help_text: str = "",
    options: list[str] | None = None, required: bool = False,
) -> ExtractionField:  # fmt: skip
    key = slugify(key or label).replace("-", "_")[:60] or "field"
    if ExtractionField.objects.filter(form=form, key=key).exists():
        raise ValidationError({"key": f"This form already has a field called {key}"})
    last = form.fields.order_by("-order").values_list("order", flat=True).first() or 0
    field = ExtractionField.objects.create(
        form=form, key=key, label=label, kind=kind, help_text=help_text,
        options=_clean_options(kind, options or []), required=required, order=last + 1,
    )  # fmt: skip
    audit_record(
        action="extraction.field.created", by=by, obj=field, project_id=form.project_id,
        object_repr=f"{form.name}: {key}",
    )  # fmt: skip
    return field


@transaction.atomic
def extraction_field_update(
    *, field: ExtractionField, by: User, label: str, help_text: str = "", options: list[str] | None = None,
    required: bool = False, version: str | None = None,
) -> ExtractionField:  # fmt: skip
    """Change a field's wording and options. Options already chosen in an extraction cannot be removed."""
    cleaned = _clean_options(field.kind, options or [])
    if field.kind in CATEGORICAL and field.kind != FieldKind.YES_NO:
        removed = (set(field.categories) - set(cleaned)) & _values_in_use(field)
        if removed:
            names = ", ".join(sorted(removed))
            raise ValidationError({"options": f"Options used in extractions cannot be removed: {names}"})
    values = {"label": label, "help_text": help_text, "options": cleaned, "required": required}
    changed = fields_assign(field, values, version=version)
    field.save()
    audit_record(
        action="extraction.field.updated", by=by, obj=field, project_id=field.form.project_id,
        object_repr=f"{field.form.name}: {field.key}", changes={"fields": changed},
    )  # fmt: skip
    return field


@transaction.atomic
def extraction_field_move(*, field: ExtractionField, by: User, up: bool) -> None:
    """Swap a field with its neighbour above (up) or below."""
    siblings = list(field.form.fields.order_by("order", "id"))
    index = siblings.index(field)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        if sibling.order != order:
            sibling.order = order
            sibling.save(update_fields=["order"])
    audit_record(
        action="extraction.field.moved", by=by, obj=field, project_id=field.form.project_id,
        object_repr=f"{field.form.name}: {field.key}", changes={"up": up},
    )  # fmt: skip


@transaction.atomic
def extraction_field_delete(*, field: ExtractionField, by: User) -> None:
    """Remove a field nobody has answered yet; answered fields stay, so no extracted data is lost."""
    if _values_in_use(field):
        raise ValidationError("This field has answers in extractions, so it cannot be removed")
    audit_record(
        action="extraction.field.deleted", by=by, obj=field, project_id=field.form.project_id,
        object_repr=f"{field.form.name}: {field.key}",
    )  # fmt: skip
    field.delete()
