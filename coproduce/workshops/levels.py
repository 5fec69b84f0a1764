"""The framework's levels of working in words a resident uses, for the idea board's columns on phones.

An idea board's columns are named by the team ("Cultural", "Tactical", "Strategic" by default, the
framework's levels). Participants see each level as a plain name with a short hint; the column keeps its
name in the data, the exports and the team's pages. A column with any other name is shown as named.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ColumnWords:
    label: str | Promise
    hint: str | Promise = ""


LEVEL_WORDS: dict[str, ColumnWords] = {
    "cultural": ColumnWords(
        _("Ways of thinking"), _("How people see things, what they care about and how they treat each other.")
    ),
    "tactical": ColumnWords(
        _("Ways of doing"), _("What people do each day, and how groups and services work together.")
    ),
    "strategic": ColumnWords(
        _("Ways of deciding"), _("Who makes the big choices, and where money and time go.")
    ),
}


def column_words(column: str) -> ColumnWords:
    """What a participant reads for an idea board's column: the level's plain words, or the name itself."""
    return LEVEL_WORDS.get(column.strip().lower(), ColumnWords(column))
