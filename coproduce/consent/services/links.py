"""Writes of personal links: create (and email), revoke."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.jobs.email import email_queue
from coproduce.jobs.email_render import email_render
from coproduce.jobs.models import Job
from coproduce.people.models import Stakeholder
from coproduce.projects.permissions import Need

from ..models import ConsentForm, PersonalLink


@transaction.atomic
def personal_link_create(*, stakeholder: Stakeholder, form: ConsentForm, by: User) -> PersonalLink:
    """A new link for the person to give or change consent; any older link stops working."""
    if form.project_id != stakeholder.project_id or not form.is_published:
        raise ValidationError("A personal link needs a published consent form of this project.")
    now = timezone.now()
    revoked = PersonalLink.objects.filter(stakeholder=stakeholder, revoked_at__isnull=True).update(
        revoked_at=now
    )
    link = PersonalLink.objects.create(
        stakeholder=stakeholder,
        form=form,
        expires_at=now + dt.timedelta(days=settings.PERSONAL_LINK_MAX_AGE_DAYS),
        created_by=by,
    )
    audit_record(
        action="consent.link.created",
        by=by,
        obj=stakeholder,
        project_id=stakeholder.project_id,
        object_repr=stakeholder.code,
        changes={
            "form_version": form.version,
            "expires_at": link.expires_at.date().isoformat(),
            "older_revoked": revoked,
        },
    )
    return link


@transaction.atomic
def personal_link_email(*, link: PersonalLink, url: str, by: User) -> Job:
    """Queue an email of the link to the person, in their preferred language (a job: if it cannot be
    delivered, the reason is shown)."""
    stakeholder = link.stakeholder
    if not stakeholder.email:
        raise ValidationError("This person has no email address. Copy the link and send it another way.")
    if not link.is_usable:
        raise ValidationError("This link can no longer be used. Make a new one.")
    context = {
        "link": link,
        "url": url,
        "project": link.form.project,
        "form": link.form,
        "stakeholder": stakeholder,
    }
    text = email_render(
        template="consent/email/personal_link", context=context, language=stakeholder.language
    )
    job = email_queue(
        to=stakeholder.email,
        subject=text.subject,
        body=text.body,
        html=text.html,
        project=link.form.project,
        need=Need.RECORD_CONSENT,
        by=by,
        stakeholder_id=stakeholder.pk,
    )
    audit_record(
        action="consent.link.emailed",
        by=by,
        obj=stakeholder,
        project_id=stakeholder.project_id,
        object_repr=stakeholder.code,
    )
    return job


@transaction.atomic
def personal_link_revoke(*, link: PersonalLink, by: User) -> PersonalLink:
    """Stop a link working at once, e.g. when it was sent to the wrong address."""
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            action="consent.link.revoked",
            by=by,
            obj=link.stakeholder,
            project_id=link.stakeholder.project_id,
            object_repr=link.stakeholder.code,
        )
    return link
