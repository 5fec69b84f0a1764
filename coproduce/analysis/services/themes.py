"""Themes built from codes, and their key quotes (in outputs only with the consent of whoever said them)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from ..models import Code, Coding, Quote, Theme
from ..selectors.quotes import codings_quote_check


def _codes_check(project: Project, codes: list[Code]) -> None:
    if any(code.project_id != project.pk for code in codes):
        raise ValidationError({"codes": "Choose codes from this project's codebook"})


@transaction.atomic
def theme_create(
    *, project: Project, by: User, name: str, narrative: str = "", codes: list[Code] | None = None
) -> Theme:
    if Theme.objects.filter(project=project, name__iexact=name).exists():
        raise ValidationError({"name": "There is already a theme with this name"})
    _codes_check(project, codes or [])
    last = (
        Theme.objects.filter(project=project).order_by("-order").values_list("order", flat=True).first() or 0
    )
    theme = Theme.objects.create(
        project=project, name=name, narrative=narrative, order=last + 1, created_by=by
    )
    theme.codes.set(codes or [])
    audit_record(action="analysis.theme.created", by=by, obj=theme, project_id=project.pk)
    return theme


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    by: User,
    name: str,
    narrative: str = "",
    codes: list[Code] | None = None,
    version: str | None = None,
) -> Theme:
    clash = Theme.objects.filter(project_id=theme.project_id, name__iexact=name).exclude(pk=theme.pk)
    if clash.exists():
        raise ValidationError({"name": "There is already a theme with this name"})
    _codes_check(theme.project, codes or [])
    changed = fields_assign(theme, {"name": name, "narrative": narrative}, version=version)
    theme.save()
    theme.codes.set(codes or [])
    audit_record(
        action="analysis.theme.updated",
        by=by,
        obj=theme,
        project_id=theme.project_id,
        changes={"fields": changed},
    )
    return theme


@transaction.atomic
def quote_add(*, theme: Theme, coding: Coding, by: User, for_outputs: bool = False, note: str = "") -> Quote:
    if coding.code.project_id != theme.project_id:
        raise ValidationError("Choose a coded segment from this project")
    if for_outputs and (problem := codings_quote_check(codings=[coding])[0].problem):
        raise ValidationError(problem)
    quote, _ = Quote.objects.update_or_create(
        theme=theme, coding=coding, defaults={"for_outputs": for_outputs, "note": note, "added_by": by}
    )
    audit_record(
        action="analysis.quote.added",
        by=by,
        obj=theme,
        project_id=theme.project_id,
        changes={"coding": coding.pk, "for_outputs": for_outputs},
    )
    return quote


@transaction.atomic
def quote_remove(*, quote: Quote, by: User) -> None:
    audit_record(
        action="analysis.quote.removed",
        by=by,
        obj=quote.theme,
        project_id=quote.theme.project_id,
        changes={"coding": quote.coding_id},
    )
    quote.delete()
