"""Email: every message the site sends is a job of its own, delivered by the task worker.

`email_queue` saves one job per message, with its task, in the caller's transaction: a change that rolls
back sends nothing, and a committed one always has its message waiting. The worker delivers it through the
`outgoing` mailer (settings.MAILERS, from EMAIL_URL). A mail server that cannot be reached is tried again
(three attempts, `runner.RETRY_DELAYS`); an address the server refuses is not. A message that fails never
stops another, and never turns the page that queued it into an error. The job keeps the words as they
were written when it was queued (an email to a person is written in their language by `email_render.py`), so
every attempt, and a retry, sends the same message whatever the worker's language.

Code in the layers below this one (accounts, whose password reset is Django's own, and projects' team
invitations) cannot call `email_queue`: it sends through Django's mail API, whose default mailer is
`QueueBackend`, and that hands each message to `email_queue`. A `ProjectEmail` names its project, so its
job is listed with the project's background work.

Where the mail outbox is on (settings.MAIL_OUTBOX: the demo's settings; production's only if asked for), a
copy of each message is kept as an `OutboxMessage` as it is delivered, for the "Mail outbox" pages
(jobs/views.py); erasing a person deletes their copies too.

Personal data: the address and the text are kept in the job's arguments only until the message is
delivered (or the person is erased: `selectors.email_waiting_for` finds them). What the team sees, the
label, masks the address ("j•••@example.org") and gives the subject only, never the text, which may hold a
personal link.
"""

import smtplib
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, EmailMultiAlternatives, mailers
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.tasks import task

from coproduce.accounts.models import User
from coproduce.projects.email import ProjectEmail
from coproduce.projects.models import Project
from coproduce.projects.permissions import Need

from .models import EMAIL_KIND, Job, OutboxMessage
from .runner import JobError, JobOutcome, Progress, job_attempt
from .services import job_start

OUTGOING = "outgoing"  # the MAILERS alias the worker delivers through
NO_PROJECT_NEED = Need.MANAGE_JOBS  # a message about no project (a password reset) is seen by nobody's list
LEASE_SECONDS = 5 * 60
REFUSED = "The mail server refused the address"
SENDER_REFUSED = "The mail server refused the site's sending address (DEFAULT_FROM_EMAIL)"
SIGN_IN_REFUSED = "The mail server did not accept the site's user name and password"
UNREACHABLE = "The mail server could not be reached"
NOT_ACCEPTED = "The mail server did not accept the message"
FORGOTTEN = "The message is no longer stored, so it cannot be sent."


def address_mask(address: str) -> str:
    """An address as the team may see it in lists: its first letter and its domain ("j•••@example.org")."""
    local, _, domain = address.strip().rpartition("@")
    return f"{local[:1]}•••@{domain}" if local else "•••"


@transaction.atomic
def email_queue(
    *,
    to: str,
    subject: str,
    body: str,
    project: Project | None,
    need: Need,
    by: User | None,
    stakeholder_id: int | None = None,
    from_email: str = "",
    html: str = "",
    reply_to: Sequence[str] = (),
) -> Job:
    """Queue one message to one address, as a job of `project` seen by the members whose role has `need`.

    `stakeholder_id` names the person in the register it is for, so that erasing them deletes it while it
    waits. ValidationError, queueing nothing, for an address that is not one."""
    to = to.strip()
    try:
        validate_email(to)
    except ValidationError as error:
        raise ValidationError(f"{address_mask(to)} is not an email address.", code="invalid") from error
    subject = " ".join(str(subject).split())  # one line: a header
    arguments: dict[str, Any] = {
        "to": to,
        "subject": subject,
        "body": str(body),
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
    }
    if html:
        arguments["html"] = str(html)
    if reply_to:
        arguments["reply_to"] = [str(address) for address in reply_to]
    if stakeholder_id is not None:
        arguments["stakeholder"] = stakeholder_id
    return job_start(
        project=project,
        task=email_deliver,
        kind=EMAIL_KIND,
        label=f"Email to {address_mask(to)}: {subject}",
        need=need,
        by=by,
        arguments=arguments,
        lease_seconds=LEASE_SECONDS,
    )


def _message(arguments: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=arguments["subject"],
        body=arguments["body"],
        from_email=arguments["from_email"],
        to=[arguments["to"]],
        reply_to=arguments.get("reply_to") or None,
    )
    if arguments.get("html"):
        message.attach_alternative(arguments["html"], "text/html")
    return message


def _reason(error: Exception) -> JobError:
    """The mail server's failure in plain words; whether another attempt could help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _text in error.recipients.values()})
        return JobError(f"{REFUSED} ({', '.join(codes)}).", retry=False)
    if isinstance(error, smtplib.SMTPSenderRefused):
        return JobError(f"{SENDER_REFUSED}.", retry=False)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return JobError(f"{SIGN_IN_REFUSED}.")
    if isinstance(error, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return JobError(f"{UNREACHABLE}.")
    if isinstance(error, smtplib.SMTPResponseException):  # the server's text may quote the address: left out
        return JobError(f"{NOT_ACCEPTED} (code {error.smtp_code}).", retry=error.smtp_code < 500)
    if isinstance(error, smtplib.SMTPException):
        return JobError(f"{NOT_ACCEPTED}.")
    return JobError(f"{UNREACHABLE}.")  # OSError: refused connection, timeout, unknown host


def email_send_now(job: Job, progress: Progress) -> JobOutcome:
    """The work of an email job: hand the message to the outgoing mail server, then forget it."""
    arguments = job.arguments
    if not arguments.get("to"):
        raise JobError(FORGOTTEN, retry=False)
    if settings.MAIL_OUTBOX:
        _outbox_keep(job, arguments)
    try:
        mailers[OUTGOING].send_messages([_message(arguments)])
    except OSError as error:  # smtplib's errors are OSErrors too
        raise _reason(error) from error
    return JobOutcome(summary={"message": f"Sent to {address_mask(arguments['to'])}"}, forget_arguments=True)


def _outbox_keep(job: Job, arguments: dict[str, Any]) -> None:
    OutboxMessage.objects.create(
        project_id=job.project_id,
        to=arguments["to"],
        from_email=arguments["from_email"],
        subject=arguments["subject"][:300],
        body=arguments["body"],
        has_html=bool(arguments.get("html")),
        stakeholder_id=arguments.get("stakeholder"),
    )


@task(queue_name="email")
def email_deliver(*, job_id: int) -> None:
    job_attempt(job_id=job_id, task=email_deliver, work=email_send_now)


class QueueBackend(BaseEmailBackend):
    """The default mailer: each message given to Django's mail API (`send_mail`, `EmailMessage.send`,
    `mail_admins`, the password reset) becomes one job per recipient, each addressed to that recipient
    alone. Attachments and extra headers cannot be queued: such a message is refused, not cut short."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        return sum(len(_queue_message(message)) for message in email_messages)


def _queue_message(message: EmailMessage) -> list[Job]:
    if message.attachments or message.extra_headers:
        raise ValueError(
            "Only plain messages (text, and HTML) can be queued: no attachments or extra headers."
        )
    alternatives = getattr(message, "alternatives", [])
    html = next((str(content) for content, mimetype in alternatives if mimetype == "text/html"), "")
    about = message if isinstance(message, ProjectEmail) else None
    return [
        email_queue(
            to=recipient,
            subject=str(message.subject),
            body=str(message.body),
            project=about.project if about else None,
            need=about.need if about else NO_PROJECT_NEED,
            by=about.by if about else None,
            from_email=str(message.from_email),
            html=html,
            reply_to=message.reply_to,
        )
        for recipient in message.recipients()
    ]


def outbox_erase_for(*, project_id: int, address: str, stakeholder_id: int) -> None:
    """Delete the outbox's copies of the project's messages to this person, or about them."""
    about = Q(stakeholder_id=stakeholder_id)
    if address.strip():
        about |= Q(to__iexact=address.strip())
    OutboxMessage.objects.filter(about, project_id=project_id).delete()
