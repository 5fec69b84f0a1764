"""What the register and the consent app hold about a person, as sources in the personal data registry: the
register, consent, and the emails to them that wait to be sent or could not be delivered (jobs of the `jobs`
app, which sits below consent and so cannot register itself).

The person's row itself is deleted last by `stakeholder_erase`, after every source's erase step; the steps
here remove what hangs off it.
"""

from django.conf import settings

from coproduce.core.models import AuditEvent
from coproduce.jobs.email import outbox_erase_for
from coproduce.jobs.models import Job
from coproduce.jobs.selectors import email_waiting_for
from coproduce.people.models import RecruitmentEvent, Stakeholder

from .models import ConsentEvent, PersonalLink
from .registry import Field, PersonalDataSource, Record, register_personal_data


def _person(stakeholder: Stakeholder) -> Record:
    organisation = stakeholder.organisation
    interests = ", ".join(stakeholder.interests.order_by("name").values_list("name", flat=True))
    return Record(
        title=f"Your details ({stakeholder.code})",
        fields=(
            Field("code", "Your code in our research", stakeholder.code),
            Field("full_name", "Name", stakeholder.full_name),
            Field("role", "Role", stakeholder.job_title),
            Field("email", "Email address", stakeholder.email),
            Field("phone", "Phone number", stakeholder.phone),
            Field("language", "The language we write to you in", stakeholder.get_language_display()),
            Field("notes", "Our notes about you", stakeholder.notes, words=True),
            Field(
                "recruitment_status",
                "Where you are in the research",
                stakeholder.get_recruitment_status_display(),
            ),
            Field("organisation", "Organisation", organisation.name if organisation else None),
            Field("sector", "Sector", organisation.get_sector_display() if organisation else None),
            Field(
                "organisation_type",
                "Type of organisation",
                organisation.get_subsector_display() if organisation else None,
            ),
            Field("interests", "Interests", interests),
            Field("added_at", "Added to our list", stakeholder.created_at),
            Field("updated_at", "Last changed", stakeholder.updated_at),
        ),
    )


def _recruitment(stakeholder: Stakeholder) -> list[Record]:
    events = RecruitmentEvent.objects.filter(stakeholder=stakeholder).order_by("created_at", "id")
    return [
        Record(
            title=f"Status changed to {event.get_to_status_display()}",
            fields=(
                Field("when", "When", event.created_at),
                Field("from", "From", event.get_from_status_display() if event.from_status else ""),
                Field("to", "To", event.get_to_status_display()),
                Field("note", "Note", event.note, words=True),
            ),
        )
        for event in events
    ]


def _audit(stakeholder: Stakeholder) -> list[Record]:
    rows = AuditEvent.objects.filter(
        project_id=stakeholder.project_id, object_type="people.stakeholder", object_id=str(stakeholder.pk)
    ).order_by("created_at", "id")
    return [
        Record(
            title=f"Audit trail: {row.action}",
            fields=(
                Field("when", "When", row.created_at),
                Field("action", "What was done", row.action),
                Field("by", "By", row.actor_label),
                Field("changes", "Details", row.changes),
            ),
        )
        for row in rows
    ]


def register_export(stakeholder: Stakeholder) -> list[Record]:
    return [_person(stakeholder), *_recruitment(stakeholder), *_audit(stakeholder)]


def register_erase(stakeholder: Stakeholder) -> None:
    RecruitmentEvent.objects.filter(stakeholder=stakeholder).delete()
    stakeholder.interests.clear()


def consent_export(stakeholder: Stakeholder) -> list[Record]:
    events = ConsentEvent.objects.filter(stakeholder=stakeholder).select_related("form")
    links = PersonalLink.objects.filter(stakeholder=stakeholder).order_by("created_at")
    decisions = [
        Record(
            title=f"{event.get_scope_display()}: {event.get_kind_display()}",
            fields=(
                Field("when", "When", event.created_at),
                Field("scope", "About", event.get_scope_display()),
                Field("decision", "Decision", event.get_kind_display()),
                Field("method", "How", event.get_method_display()),
                Field("form", "Consent form", str(event.form) if event.form else ""),
                Field("note", "Note", event.note, words=True),
            ),
        )
        for event in events
    ]
    personal_links = [
        Record(
            title="A personal link we sent you",
            fields=(
                Field("created_at", "Made", link.created_at),
                Field("expires_at", "Works until", link.expires_at),
                Field("revoked_at", "Stopped", link.revoked_at),
            ),
        )
        for link in links
    ]
    return decisions + personal_links


def consent_erase(stakeholder: Stakeholder) -> None:
    PersonalLink.objects.filter(stakeholder=stakeholder).delete()
    ConsentEvent.objects.filter(stakeholder=stakeholder).delete()


def _emails(stakeholder: Stakeholder) -> list[Job]:
    return list(
        email_waiting_for(
            project_id=stakeholder.project_id, address=stakeholder.email, stakeholder_id=stakeholder.pk
        )
    )


def emails_export(stakeholder: Stakeholder) -> list[Record]:
    """The subject and state of each message; not its text, which may hold a link that still works."""
    return [
        Record(
            title=f"An email to you: {job.arguments.get('subject', '')}",
            fields=(
                Field("subject", "Subject", job.arguments.get("subject", "")),
                Field("to", "To", job.arguments.get("to", "")),
                Field("queued_at", "Queued", job.created_at),
                Field("status", "State", job.get_status_display()),
                Field("reason", "Why it has not been sent", job.error),
            ),
        )
        for job in _emails(stakeholder)
    ]


def emails_erase(stakeholder: Stakeholder) -> None:
    Job.objects.filter(pk__in=[job.pk for job in _emails(stakeholder)]).delete()
    outbox_erase_for(
        project_id=stakeholder.project_id, address=stakeholder.email, stakeholder_id=stakeholder.pk
    )


def consent_sources_register() -> None:
    register_personal_data(
        PersonalDataSource(
            key="register",
            label="Your details and our records about you",
            about="Your entry in our list of people: contact details, organisation, where you are in the "
            "research, and the audit trail of changes to your entry.",
            models=(Stakeholder, RecruitmentEvent),
            export=register_export,
            erase=register_erase,
        )
    )
    register_personal_data(
        PersonalDataSource(
            key="consent",
            label="Your consent",
            about="Each time you gave, refused or withdrew consent, and the personal links we sent you.",
            models=(ConsentEvent, PersonalLink),
            export=consent_export,
            erase=consent_erase,
        )
    )
    register_personal_data(
        PersonalDataSource(
            key="emails",
            label="Emails to you not yet sent",
            about="Emails to you that are waiting to be sent, or that could not be delivered and may be "
            "tried again. Once an email is delivered we keep only its subject, the first letter of your "
            f"address and its domain, for {settings.JOB_KEEP_DAYS} days.",
            models=(Job,),
            export=emails_export,
            erase=emails_erase,
        )
    )
