"""`manage.py check --deploy` warns when a server keeps a mail outbox: its copies hold working links."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def mail_outbox_check(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if not settings.MAIL_OUTBOX:
        return []
    return [
        Warning(
            "MAIL_OUTBOX is on: the site keeps a copy of every email it sends (invitations, password resets "
            "and personal links that still work) and shows them to site staff and project leads.",
            hint="Unset MAIL_OUTBOX on a server that sends real email (docs/deploy.md).",
            id="jobs.W001",
        )
    ]
