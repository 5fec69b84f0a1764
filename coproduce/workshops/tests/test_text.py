"""Participants' text keeps every emoji sequence and joining character, from the form to the page and export.

The zero-width joiner (U+200D) and non-joiner (U+200C), variation selectors and skin-tone modifiers are
format or combining characters: dropping them breaks 👩🏽‍🔧 into two pictures and misspells Persian,
Urdu and Indic words. Controls, the zero-width space and bidirectional overrides are still taken out.
"""

import uuid

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from coproduce.workshops.exports.xlsx import cards_rows
from coproduce.workshops.models import ActivityKind, Card
from coproduce.workshops.services.contributions import card_add, statement_add
from coproduce.workshops.text import plain_text

from .factories import ActivityFactory

pytestmark = pytest.mark.django_db

ZWJ, ZWNJ = "\u200d", "\u200c"
KEPT = [
    "👩🏽‍🔧",  # woman mechanic, medium skin tone: emoji, modifier, ZWJ, emoji
    "🏳️‍🌈",  # rainbow flag: emoji, variation selector 16, ZWJ, emoji
    "👨‍👩‍👧‍👦",  # family: three joiners
    "❤️",  # heart with the emoji variation selector
    "🏴󠁧󠁢󠁷󠁬󠁳󠁿",  # the flag of Wales: tag characters
    "می‌خواهم",  # Persian "I want": ZWNJ between the prefix and the verb
    "ہم‌آہنگی",  # Urdu with ZWNJ
    "क्‍ष",  # Devanagari with an explicit ZWJ after the virama
    "ന്‍",  # Malayalam chillu written with ZWJ
    "কর্‌তা",  # Bengali with ZWNJ
    "شهر \u200fرا",  # noqa: RUF001 a right-to-left mark between Persian words
]
SEQUENCES = st.sampled_from(KEPT)
WORDS = st.text(alphabet=st.characters(categories=["L", "M", "N"]), min_size=1, max_size=8)


@pytest.mark.parametrize("text", KEPT)
def test_plain_text_keeps_emoji_sequences_and_joiners(text):
    assert plain_text(f"Idea {text} here", max_length=200) == f"Idea {text} here"


@given(st.lists(st.one_of(SEQUENCES, WORDS), min_size=1, max_size=12))
def test_plain_text_keeps_every_joiner_and_selector(parts):
    typed = " ".join(parts)
    kept = plain_text(typed, max_length=10_000)
    for character in (ZWJ, ZWNJ, "\ufe0f", "\U0001f3fd", "\u200f"):
        assert kept.count(character) == typed.count(character)
    for sequence in KEPT:
        assert kept.count(sequence) == typed.count(sequence)


@given(st.lists(SEQUENCES, min_size=1, max_size=6), st.integers(min_value=1, max_value=40))
def test_plain_text_cut_short_never_ends_in_a_joiner(parts, length):
    whole = plain_text(" ".join(parts), max_length=10_000)
    kept = plain_text(" ".join(parts), max_length=length)
    assert len(kept) <= length
    if len(whole) <= length:
        assert kept == whole  # not cut: a joiner that ends a word (the Malayalam chillu) stays
    else:
        assert not kept.endswith((ZWJ, ZWNJ))


@pytest.mark.parametrize(
    "typed",
    [
        "a\u202eb",  # right-to-left override
        "a\u2066b\u2069",  # left-to-right isolate
        "a\u200bb",  # zero-width space
        "a\x00b\x07",  # controls
        "a\x85b",  # a C1 control
    ],
)
def test_plain_text_still_removes_controls_and_overrides(typed):
    assert plain_text(typed, max_length=50).replace(" ", "") == "ab"


def test_an_emoji_card_survives_form_storage_page_and_export(joined, workshop, person):
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    typed = "Fix bikes together 👩🏽‍🔧 🏳️‍🌈 می‌خواهم"
    url = reverse(
        "workshops_public:card_add", kwargs={"join_code": workshop.join_code, "activity_id": board.public_id}
    )

    joined.post(url, {"column": "Ideas", "text": typed, "client_key": str(uuid.uuid4())})

    assert Card.objects.get().text == typed
    page = joined.get(reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code}))
    assert typed in page.text
    assert [row[3] for row in cards_rows(workshop)] == [typed]


def test_a_statement_keeps_its_joiners(workshop, person):
    activity = ActivityFactory(
        workshop=workshop, kind=ActivityKind.STATEMENTS, allow_participant_statements=True
    )
    statement = statement_add(activity=activity, participant=person, text="ہم‌آہنگی ضروری ہے 🤝🏿")
    assert statement.text == "ہم‌آہنگی ضروری ہے 🤝🏿"


def test_card_add_keeps_a_family_emoji(workshop, person):
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    card = card_add(activity=board, participant=person, column="Ideas", text="For 👨‍👩‍👧‍👦 of all kinds")
    card.refresh_from_db()
    assert card.text == "For 👨‍👩‍👧‍👦 of all kinds"
