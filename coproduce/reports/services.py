"""Writing the report's narrative and settings, and publishing the public page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from .models import Publication, Report, ReportSection, SectionKey


def _report(project: Project) -> Report:
    report, _ = Report.objects.get_or_create(project=project, defaults={"title": project.title})
    return report


@transaction.atomic
def report_update(*, project: Project, by: User, title: str, subtitle: str, authors: str) -> Report:
    report = _report(project)
    changed = fields_assign(report, {"title": title, "subtitle": subtitle, "authors": authors})
    report.save()
    audit_record(
        action="reports.report.updated", by=by, obj=report, project_id=project.pk, changes={"fields": changed}
    )
    return report


@transaction.atomic
def report_section_save(*, project: Project, by: User, key: str, body: str) -> ReportSection:
    if key not in SectionKey.values:
        raise ValidationError("No such section")
    section, _ = ReportSection.objects.update_or_create(
        report=_report(project), key=key, defaults={"body": body, "updated_by": by}
    )
    audit_record(
        action="reports.section.saved",
        by=by,
        obj=section.report,
        project_id=project.pk,
        changes={"section": key},
    )
    return section


@transaction.atomic
def publication_set(
    *, project: Project, by: User, slug: str, is_published: bool, include_report: bool
) -> Publication:
    """Turn the public page on or off; its address is /pub/<slug>/."""
    slug = slugify(slug)[:80]
    if not slug:
        raise ValidationError({"slug": "Enter an address using letters, numbers and hyphens"})
    if Publication.objects.filter(slug=slug).exclude(project=project).exists():
        raise ValidationError({"slug": "Another project already uses this address"})
    publication = Publication.objects.filter(project=project).first() or Publication(project=project)
    was_published = publication.is_published
    changed = fields_assign(
        publication, {"slug": slug, "is_published": is_published, "include_report": include_report}
    )
    if is_published and not was_published:
        publication.published_at = timezone.now()
    publication.save()
    action = "reports.publication.published" if is_published else "reports.publication.unpublished"
    audit_record(action=action, by=by, obj=publication, project_id=project.pk, changes={"fields": changed})
    return publication
