"""A mail server for the tests that fails as real ones do: it refuses addresses at refused.example, and it
cannot be reached while `FlakyServer.down_for` is above nought (each attempt counts one down).

Everything else it delivers to the test outbox (`django.core.mail.outbox`), like the locmem backend."""

import smtplib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.test import override_settings

REFUSED_DOMAIN = "@refused.example"


class FlakyServer(EmailBackend):
    down_for = 0
    attempts = 0

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        FlakyServer.attempts += 1
        if FlakyServer.down_for > 0:
            FlakyServer.down_for -= 1
            raise ConnectionRefusedError(111, "Connection refused")
        for message in messages:
            refused = {a: (550, b"5.1.1 <" + a.encode() + b"> unknown") for a in message.recipients()}
            refused = {a: reply for a, reply in refused.items() if a.endswith(REFUSED_DOMAIN)}
            if refused:
                raise smtplib.SMTPRecipientsRefused(refused)
        return super().send_messages(messages)


@contextmanager
def flaky_server(*, down_for: int = 0) -> Iterator[type[FlakyServer]]:
    """Deliver through a `FlakyServer` that cannot be reached for the next `down_for` attempts."""
    FlakyServer.down_for, FlakyServer.attempts = down_for, 0
    backend = f"{FlakyServer.__module__}.FlakyServer"
    with override_settings(MAILERS={**settings.MAILERS, "outgoing": {"BACKEND": backend}}):
        yield FlakyServer
    FlakyServer.down_for = 0
