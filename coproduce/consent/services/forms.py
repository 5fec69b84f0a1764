"""Writes of consent forms: drafts are edited, published versions never change, a change is a new version."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock
from coproduce.projects.models import Project

from ..models import ConsentForm, ConsentScope, ConsentStatement

_SCOPE_ORDER = {scope: position for position, scope in enumerate(ConsentScope.values)}


def _check_statements(statements: Mapping[str, str]) -> None:
    if not statements:
        raise ValidationError("A consent form needs at least one statement.")
    unknown = set(statements) - set(ConsentScope.values)
    if unknown:
        raise ValidationError(f"Unknown consent scope: {', '.join(sorted(unknown))}.")
    if any(not text.strip() for text in statements.values()):
        raise ValidationError("Every statement needs some text.")


def _check_no_other_draft(project: Project) -> None:
    draft = ConsentForm.objects.filter(project=project, published_at__isnull=True).first()
    if draft is not None:
        raise ValidationError(
            f"There is already a draft (version {draft.version}). Edit or publish that one first."
        )


def _next_version(project: Project) -> int:
    latest = ConsentForm.objects.filter(project=project).aggregate(latest=Max("version"))["latest"]
    return (latest or 0) + 1


def _statements_replace(form: ConsentForm, statements: Mapping[str, str]) -> None:
    form.statements.all().delete()
    ConsentStatement.objects.bulk_create(
        ConsentStatement(form=form, scope=scope, text=text.strip(), order=_SCOPE_ORDER[scope])
        for scope, text in statements.items()
    )


@transaction.atomic
def consent_form_create(
    *,
    project: Project,
    by: User,
    title: str,
    information_sheet: str,
    statements: Mapping[str, str],
    team_contact: str = "",
) -> ConsentForm:
    """A new draft version. `statements` maps each included scope to its text."""
    _check_statements(statements)
    _check_no_other_draft(project)
    form = ConsentForm.objects.create(
        project=project,
        version=_next_version(project),
        title=title,
        information_sheet=information_sheet,
        team_contact=team_contact,
        created_by=by,
    )
    _statements_replace(form, statements)
    audit_record(
        action="consent.form.created",
        by=by,
        obj=form,
        project_id=project.pk,
        changes={"version": form.version, "scopes": list(statements)},
    )
    return form


@transaction.atomic
def consent_form_update(
    *,
    form: ConsentForm,
    by: User,
    title: str,
    information_sheet: str,
    statements: Mapping[str, str],
    team_contact: str = "",
    version: str | None = None,
) -> ConsentForm:
    """Change a draft. A published version is immutable: make a new version instead.

    `version` is the one the edit form was opened on: EditConflict if someone saved the draft since.
    """
    values = {"title": title, "information_sheet": information_sheet, "team_contact": team_contact}
    record_lock(form, version=version, values=values)
    if form.is_published:
        raise ValidationError("A published consent form cannot be changed. Make a new version instead.")
    _check_statements(statements)
    form.title, form.information_sheet, form.team_contact = title, information_sheet, team_contact
    form.save(update_fields=["title", "information_sheet", "team_contact", "updated_at"])
    _statements_replace(form, statements)
    audit_record(
        action="consent.form.updated",
        by=by,
        obj=form,
        project_id=form.project_id,
        changes={"version": form.version, "scopes": list(statements)},
    )
    return form


@transaction.atomic
def consent_form_publish(*, form: ConsentForm, by: User) -> ConsentForm:
    """Make a draft the current version. From now on it never changes."""
    if form.is_published:
        raise ValidationError("This version is already published.")
    if not form.statements.exists():
        raise ValidationError("A consent form needs at least one statement.")
    form.published_at = timezone.now()
    form.save(update_fields=["published_at", "updated_at"])
    audit_record(
        action="consent.form.published",
        by=by,
        obj=form,
        project_id=form.project_id,
        changes={"version": form.version},
    )
    return form


@transaction.atomic
def consent_form_new_version(*, form: ConsentForm, by: User) -> ConsentForm:
    """Copy a version as the next draft, to change what a published form says."""
    _check_no_other_draft(form.project)
    copy = ConsentForm.objects.create(
        project=form.project,
        version=_next_version(form.project),
        title=form.title,
        information_sheet=form.information_sheet,
        team_contact=form.team_contact,
        created_by=by,
    )
    _statements_replace(copy, {statement.scope: statement.text for statement in form.statements.all()})
    audit_record(
        action="consent.form.created",
        by=by,
        obj=copy,
        project_id=form.project_id,
        changes={"version": copy.version, "copied_from_version": form.version},
    )
    return copy
