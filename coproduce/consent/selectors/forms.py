"""Reads of consent forms: every version, and the current one (the latest published)."""

import uuid

from django.db.models import QuerySet
from django.http import Http404

from coproduce.projects.models import Project

from ..models import ConsentForm


def consent_form_list(*, project: Project) -> QuerySet[ConsentForm]:
    """All versions, newest first, with their statements."""
    return ConsentForm.objects.filter(project=project).prefetch_related("statements").order_by("-version")


def consent_form_get(*, project: Project, public_id: uuid.UUID) -> ConsentForm:
    form = consent_form_list(project=project).filter(public_id=public_id).first()
    if form is None:
        raise Http404("No such consent form.")
    return form


def consent_form_current(*, project: Project) -> ConsentForm | None:
    """The latest published version: the one new consent is given against."""
    return consent_form_list(project=project).filter(published_at__isnull=False).first()


def consent_form_draft(*, project: Project) -> ConsentForm | None:
    """The one unpublished version, if there is one."""
    return consent_form_list(project=project).filter(published_at__isnull=True).first()
