"""The framework's levels of working, as participants read them: plain names and short, plain hints."""

import re

import pytest
from django.urls import reverse

from coproduce.workshops.levels import LEVEL_WORDS, column_words
from coproduce.workshops.models import ActivityKind
from coproduce.workshops.models.activities import DEFAULT_COLUMNS

from .factories import ActivityFactory, CardFactory

pytestmark = pytest.mark.django_db
JARGON = {"cultural", "tactical", "strategic", "framework", "level", "levels", "operational"}


def _syllables(word: str) -> int:
    """Vowel groups, less a silent final e: the usual rough count for English readability scores."""
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    silent = word.endswith("e") and not word.endswith(("le", "ee")) and len(groups) > 1
    return max(1, len(groups) - silent)


def flesch_reading_ease(text: str) -> float:
    """Flesch reading ease: 60 to 70 is plain English; over 70 is easy to read."""
    sentences = max(1, len(re.findall(r"[.!?]+", text)))
    words = re.findall(r"[A-Za-z']+", text)
    syllables = sum(_syllables(w) for w in words)
    return 206.835 - 1.015 * len(words) / sentences - 84.6 * syllables / len(words)


def test_the_readability_measure_tells_plain_from_dense():
    assert flesch_reading_ease("We meet each week and share what we do.") > 80
    dense = "Strategic institutional collaboration necessitates organisational accountability frameworks."
    assert flesch_reading_ease(dense) < 30


@pytest.mark.parametrize("column", DEFAULT_COLUMNS)
def test_each_level_has_a_plain_name_and_hint(column):
    words = column_words(column)
    label, hint = str(words.label), str(words.hint)
    assert label.startswith("Ways of ")
    assert len(label.split()) <= 3
    assert not JARGON & {w.lower() for w in re.findall(r"[A-Za-z]+", label + " " + hint)}
    assert 5 <= len(hint.split()) <= 15  # one short sentence
    assert flesch_reading_ease(hint) >= 70


def test_the_three_names_differ_and_other_columns_keep_their_name():
    assert len({str(w.label) for w in LEVEL_WORDS.values()}) == 3
    assert column_words(" tactical ").label == LEVEL_WORDS["tactical"].label
    assert column_words("Quick wins").label == "Quick wins"
    assert column_words("Quick wins").hint == ""


def test_the_phone_shows_the_levels_in_plain_words(joined, workshop, person):
    board = ActivityFactory(workshop=workshop, kind=ActivityKind.IDEA_BOARD, columns=list(DEFAULT_COLUMNS))
    CardFactory(activity=board, participant=person, column="Strategic", text="Pool the grants")

    page = joined.get(reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code}))

    for column in DEFAULT_COLUMNS:
        words = column_words(column)
        assert f">{words.label}</label>" in page.text
        assert str(words.hint) in page.text
        assert f'value="{column}" aria-describedby=' in page.text  # the stored name is still what is sent
    assert '<span class="govuk-caption-s">Ways of deciding</span>' in page.text
    assert ">Tactical<" not in page.text
