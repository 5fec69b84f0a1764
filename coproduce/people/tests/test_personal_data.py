"""The one detector of text that looks like personal data."""

import pytest

from coproduce.people.personal_data import KnownName, personal_data_find
from coproduce.people.selectors import stakeholder_known_names
from coproduce.people.tests.factories import StakeholderFactory


def test_patterns_are_found_in_text_order():
    text = "Call 07700 900123 or +44 121 496 0000, write to sam@example.org, or visit B15 2TT."

    found = [(f.kind, f.text) for f in personal_data_find(text=text)]

    assert found == [
        ("phone", "07700 900123"),
        ("phone", "+44 121 496 0000"),
        ("email", "sam@example.org"),
        ("postcode", "B15 2TT"),
    ]


def test_names_from_the_register_are_found_with_their_code():
    names = [KnownName(label="Ffion Pryce", replacement="[P07]")]

    [found] = personal_data_find(text="As Ffion Pryce said at the workshop", known_names=names)

    assert (found.kind, found.text) == ("person", "Ffion Pryce") and "P07" in found.reason


def test_ordinary_text_has_nothing(db):
    assert personal_data_find(text="The fund opened in March 2026 with 12 grants of £5,000.") == []


@pytest.mark.django_db
def test_the_register_gives_the_names(project):
    StakeholderFactory(project=project, full_name="Ffion Pryce", code="P07")

    assert [(n.label, n.replacement) for n in stakeholder_known_names(project=project)] == [
        ("Ffion Pryce", "[P07]")
    ]
