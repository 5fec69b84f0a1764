"""Accepting a suggested code: a researcher's choice, recorded with the model that made the suggestion."""

from django.db import transaction

from coproduce.accounts.models import User
from coproduce.interviews.models import Transcript

from ..models import Code, Coding
from .codings import coding_create


@transaction.atomic
def suggestion_accept(
    *, transcript: Transcript, code: Code, by: User, start: int, end: int, model: str
) -> Coding:
    """Code `transcript.text[start:end]` with `code`; the coding and its audit row name the model."""
    return coding_create(
        transcript=transcript, code=code, by=by, start=start, end=end, suggested_by_model=model
    )
