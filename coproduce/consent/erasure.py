"""Erasure steps: each app that holds data about a person registers one; `stakeholder_erase` runs them.

Apps above consent (interviews, workshops, ...) register a step in their `AppConfig.ready()`:

    from coproduce.consent.erasure import register_erasure_step

    def erase_transcripts(stakeholder: Stakeholder) -> None:
        Transcript.objects.filter(stakeholder=stakeholder).delete()

    register_erasure_step(erase_transcripts)

Each step runs inside the erasure transaction, before the person's row is deleted; if one fails, nothing
is erased.
A step must remove or anonymise every piece of personal data its app holds about the person, and must not
write the person's name, email or phone anywhere (the audit tombstone is written by `stakeholder_erase`).
"""

from collections.abc import Callable

from django.db import models

from coproduce.people.models import Stakeholder

ErasureStep = Callable[[Stakeholder], None]

_steps: list[ErasureStep] = []


class ErasureReason(models.TextChoices):
    PERSON_ASKED = "person_asked", "The person asked us to erase their data"
    RETENTION_ENDED = "retention_ended", "The date to keep the data until has passed"
    ADDED_IN_ERROR = "added_in_error", "The person was added by mistake"
    OTHER = "other", "Another reason"


def register_erasure_step(step: ErasureStep) -> ErasureStep:
    """Add a step that `stakeholder_erase` runs; registering the same step twice has no effect."""
    if step not in _steps:
        _steps.append(step)
    return step


def unregister_erasure_step(step: ErasureStep) -> None:
    if step in _steps:
        _steps.remove(step)


def erasure_steps() -> tuple[ErasureStep, ...]:
    return tuple(_steps)
