"""Writing the report's narrative and settings, asking for its files, and publishing the public page."""

from collections import Counter
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock
from coproduce.jobs.models import Job
from coproduce.jobs.services import job_start
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need

from .document import Audience
from .exports.builds import ReportFormat, report_digest, report_filename
from .models import Publication, Report, ReportSection, SectionKey
from .selectors.document import report_document
from .selectors.files import report_file_job
from .selectors.publication import publication_get, publication_preview
from .tasks import BUILDS


def _report(project: Project) -> Report:
    report, _ = Report.objects.get_or_create(project=project, defaults={"title": project.title})
    return report


@transaction.atomic
def report_update(
    *, project: Project, by: User, title: str, subtitle: str, authors: str, version: str | None = None
) -> Report:
    """Set the report's title, subtitle and authors; EditConflict if changed since `version` (the form's)."""
    values = {"title": title, "subtitle": subtitle, "authors": authors}
    record_lock(Report.objects.filter(project=project).first(), version=version, values=values)
    report = _report(project)
    changed = fields_assign(report, values)
    report.save()
    audit_record(
        action="reports.report.updated", by=by, obj=report, project_id=project.pk, changes={"fields": changed}
    )
    return report


@transaction.atomic
def report_section_save(
    *, project: Project, by: User, key: str, body: str, version: str | None = None
) -> ReportSection:
    """Save a section's text; EditConflict if someone saved it since `version` (the form's)."""
    if key not in SectionKey.values:
        raise ValidationError("No such section")
    section = ReportSection.objects.filter(report__project=project, key=key).first()
    record_lock(section, version=version, values={"body": body})
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


def _slug(project: Project, slug: str) -> str:
    slug = slugify(slug)[:80]
    if not slug:
        raise ValidationError({"slug": "Enter an address using letters, numbers and hyphens"})
    if Publication.objects.filter(slug=slug).exclude(project=project).exists():
        raise ValidationError({"slug": "Another project already uses this address"})
    return slug


@transaction.atomic
def publication_publish(
    *, project: Project, by: User, slug: str, include_report: bool, confirmed: Collection[str],
    version: str | None = None,
) -> Publication:  # fmt: skip
    """Run the checklist and publish the page as it is now at /pub/<slug>/ (first time or again).

    Refused, changing nothing, while any item on the checklist is neither fixed nor in `confirmed` (the keys
    the lead ticked). The audit row counts the confirmed items by kind and names where they are, never what
    they say. EditConflict if someone published or took the page down since `version` (the form's)."""
    slug = _slug(project, slug)
    record_lock(
        publication_get(project=project),
        version=version,
        values={"slug": slug, "include_report": include_report},
    )
    preview = publication_preview(project=project, include_report=include_report)
    unresolved = [item for item in preview.checklist if item.key not in confirmed]
    if unresolved:
        things = "item on the checklist needs" if len(unresolved) == 1 else "items on the checklist need"
        raise ValidationError(
            f"The page has not been published: {len(unresolved)} {things} fixing or your confirmation"
        )
    publication = publication_get(project=project) or Publication(project=project)
    changed = fields_assign(
        publication, {"slug": slug, "is_published": True, "include_report": include_report}
    )
    publication.content, publication.report_content = preview.content, preview.report_content
    publication.quote_ids = preview.quote_ids
    publication.trace_content, publication.trace_csv = preview.trace_content, preview.trace_csv
    publication.trace_quote_ids = preview.trace_quote_ids
    publication.published_at = timezone.now()
    publication.save()
    kinds = Counter(str(item.kind) for item in preview.checklist)
    audit_record(
        action="reports.publication.published", by=by, obj=publication, project_id=project.pk,
        changes={
            "fields": changed, "confirmed": dict(sorted(kinds.items())),
            "confirmed_where": sorted({item.location for item in preview.checklist}),
        },
    )  # fmt: skip
    return publication


@transaction.atomic
def publication_unpublish(*, project: Project, by: User) -> Publication:
    """Take the page down at once; the published copy is deleted with it."""
    publication = publication_get(project=project)
    if publication is None or not publication.is_published:
        raise ValidationError("The public page is not published")
    publication.is_published = False
    publication.content = publication.report_content = ""
    publication.trace_content = publication.trace_csv = ""
    publication.quote_ids = publication.trace_quote_ids = []
    publication.save()
    audit_record(action="reports.publication.unpublished", by=by, obj=publication, project_id=project.pk)
    return publication


def report_file_request(*, project: Project, file_format: ReportFormat, by: User) -> tuple[Job, bool]:
    """The job that makes the report's public version as `file_format`, and whether it is new.

    It is the job already making or holding the same file (the same digest: `exports/builds.py`) if there is
    one, waiting, running, or done with its file kept; otherwise a new job, queued with the digest it was
    asked for. The project's row is locked while looking, so two people asking at once start one build; the
    document is put together before that, so the lock is held only for the look-up and the start."""
    document = report_document(project=project, audience=Audience.PUBLIC)
    filename = report_filename(project=project, file_format=file_format)
    digest = report_digest(document=document, file_format=file_format, filename=filename)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        job = report_file_job(project=project, kind=file_format.kind, digest=digest)
        if job is not None:
            return job, False
        job = job_start(
            project=project, task=BUILDS[file_format.key], kind=file_format.kind, label=file_format.label,
            need=Need.VIEW_PROJECT, by=by, arguments={"digest": digest}, quotes_people=True,
        )  # fmt: skip
    return job, True
