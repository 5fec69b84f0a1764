"""An email about a project, for code that sits below the jobs layer.

Sending one (`ProjectEmail(...).send()`) talks to no mail server: the default mailer
(`coproduce.jobs.email.QueueBackend`) queues it, in the caller's transaction, as a job of the project that
the members whose role has `need` see, with the reason if it cannot be delivered. Apps above the jobs layer
call `coproduce.jobs.email.email_queue` directly.
"""

from django.core.mail import EmailMessage

from coproduce.accounts.models import User

from .models import Project
from .permissions import Need


class ProjectEmail(EmailMessage):
    """One plain-text message to one address, about `project`, asked for by `by`."""

    def __init__(self, *, project: Project, need: Need, by: User | None, to: str, subject: str, body: str):
        super().__init__(subject=subject, body=body, to=[to])
        self.project = project
        self.need = need
        self.by = by
