"""Whether coded words may be quoted in outputs: the one rule for choosing a quote and for using it.

Every speaker of the words must be a person in the register whose latest consent to anonymised quotes is
"given". The interviewer's words, and the words of someone who is not in the register, are never quoted in
outputs, even inside a participant's answer. Consent is checked again whenever a quote is used.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from coproduce.consent.models import ConsentScope
from coproduce.consent.selectors.status import consent_given_among
from coproduce.interviews.models import SpeakerRole
from coproduce.interviews.selectors.speakers import Speaker, spans_speakers

from ..models import Coding, Quote, Theme


@dataclass(frozen=True)
class QuoteCheck:
    """Who said a coded segment, and why it may not go in outputs ("" when it may)."""

    speakers: tuple[Speaker, ...]
    problem: str


@dataclass(frozen=True)
class SpokenQuote:
    quote: Quote
    speakers: tuple[Speaker, ...]


def _problem(speakers: tuple[Speaker, ...], consenting: set[int]) -> str:
    if not speakers:
        return "Who said these words is not known, so they cannot go in outputs"
    if any(speaker.role == SpeakerRole.INTERVIEWER for speaker in speakers):
        return (
            "These words include the interviewer's, so they cannot go in outputs. "
            "Code only what the participant said and quote that"
        )
    if not all(speaker.in_register for speaker in speakers):
        return (
            "These words include someone who is not in the register, so they cannot go in outputs. "
            "Say who they are on the transcript's speakers page, or code only a participant's words"
        )
    missing = sorted({s.code for s in speakers if s.stakeholder_id not in consenting})
    if missing:
        who = f"{' and '.join(missing)} {'has' if len(missing) == 1 else 'have'}"
        return f"{who} not consented to anonymised quotes, so this quote cannot go in outputs"
    return ""


def codings_quote_check(*, codings: Sequence[Coding]) -> list[QuoteCheck]:
    """For each coding, its speakers and whether it may go in outputs now: two queries for any number."""
    speakers = spans_speakers(spans=[(c.transcript_id, c.start, c.end) for c in codings])
    people = {s.stakeholder_id for group in speakers for s in group if s.stakeholder_id is not None}
    consenting = consent_given_among(stakeholder_ids=people, scope=ConsentScope.ANONYMISED_QUOTES)
    return [QuoteCheck(group, _problem(group, consenting)) for group in speakers]


def quotes_spoken_consented(quotes: Sequence[Quote]) -> list[SpokenQuote]:
    """Those of `quotes` that may appear in outputs now, each with who said it."""
    checks = codings_quote_check(codings=[quote.coding for quote in quotes])
    return [
        SpokenQuote(quote, check.speakers)
        for quote, check in zip(quotes, checks, strict=True)
        if not check.problem
    ]


def quotes_still_consented(quotes: Sequence[Quote]) -> list[Quote]:
    """Those of `quotes` whose every speaker is in the register and consents now to anonymised quotes."""
    return [spoken.quote for spoken in quotes_spoken_consented(quotes)]


def quotes_for_outputs(*, theme: Theme) -> list[Quote]:
    """The theme's quotes that may appear in outputs now: consent is checked again at the time of use."""
    quotes = list(theme.quotes.filter(for_outputs=True).select_related("coding"))
    return quotes_still_consented(quotes)
