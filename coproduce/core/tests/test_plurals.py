import json

import pytest

from coproduce.core.plurals import plural_table

# The plural rules of the catalogues' Plural-Forms headers (locale/*/LC_MESSAGES/django.po), as Python.
RULES = {
    "ar": lambda n: (
        0
        if n == 0
        else 1
        if n == 1
        else 2
        if n == 2
        else 3
        if 3 <= n % 100 <= 10
        else 4
        if n % 100 >= 11
        else 5
    ),
    "cy": lambda n: 0 if n == 0 else 1 if n == 1 else 2 if n == 2 else 3 if n == 3 else 4 if n == 6 else 5,
    "pl": lambda n: 0 if n == 1 else 1 if 2 <= n % 10 <= 4 and (n % 100 < 12 or n % 100 > 14) else 2,
    "en": lambda n: 0 if n == 1 else 1,
}


def _form(table: dict[str, object], count: int) -> str:
    """What take-part-queue.js's refusedText does with the table."""
    forms, index = table["forms"], str(table["index"])
    assert isinstance(forms, list)
    return str(forms[int(index[count if count < 200 else 100 + count % 100])]).replace("{count}", str(count))


@pytest.mark.parametrize("language", sorted(RULES))
def test_plural_table_gives_every_count_its_form(language):
    # given a message with a form per plural index of the language's rule
    rule = RULES[language]

    # when its table is made
    table = json.loads(plural_table(lambda n: f"form {rule(n)}: {{count}}"))

    # then the form the table gives each count is the one the rule gives it, far beyond the counts tabled
    assert len(table["index"]) == 200
    for count in range(0, 5000):
        assert _form(table, count) == f"form {rule(count)}: {count}"


def test_plural_table_keeps_the_words_of_each_form():
    table = json.loads(plural_table(lambda n: "One answer" if n == 1 else "{count} answers"))
    assert table["forms"] == ["{count} answers", "One answer"]
    assert table["index"][:3] == "010"
