"""BibTeX names (First, von, Last and Jr parts), @string macros and `#` joins, read as BibTeX reads them.

Every entry here is fictional and written for these tests.
"""

import pytest

from coproduce.evidence.importers.bibtex import parse_bibtex
from coproduce.evidence.importers.ris import parse_ris
from coproduce.evidence.services.duplicates import near_duplicate_pairs


def _authors(names: str) -> tuple[str, ...]:
    [entry] = parse_bibtex(f"@article{{k, title = {{A fictional work}}, author = {{{names}}}}}\n")
    return entry.authors


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        # First von Last: the lower-case words before the last name are its particle
        ("Anna van der Berg", "van der Berg, Anna"),
        ("Jean-Luc de la Fontaine", "de la Fontaine, Jean-Luc"),
        # von Last, First
        ("van der Berg, Anna", "van der Berg, Anna"),
        ("de Rosa, Maria", "de Rosa, Maria"),
        # von Last, Jr, First: the Jr part goes last, as reference managers and RIS keep it
        ("Bell, II, Edwin V.", "Bell, Edwin V., II"),
        ("de la Cruz, Jr., Maria", "de la Cruz, Maria, Jr."),
        # a last name braced with its Jr, so that "First Last" form can hold it
        ("Edwin V. {Bell, II}", "Bell, Edwin V., II"),
        # braces keep words together and hide a capital from the particle rule
        ("Ffion {Quill Feather}", "Quill Feather, Ffion"),
        ("Remi {van Dyke}", "van Dyke, Remi"),
        (r"{\relax Ch}ristopher Ashdown", "Ashdown, Christopher"),
        (r"Karla {\"O}rsted", "Örsted, Karla"),
        # an organisation in braces is one name, not a first and last name
        ("{World Health Organization}", "World Health Organization"),
        ("{Office for National Statistics}", "Office for National Statistics"),
        # a name of one part only
        ("Plato", "Plato"),
    ],
)
def test_a_bibtex_name_is_split_into_its_parts_as_bibtex_splits_it(written, kept):
    assert _authors(written) == (kept,)


def test_bibtex_names_in_a_list_keep_their_parts_and_others_names_no_one():
    names = r"Anna van der Berg and Bell, II, Edwin V. and {World Health Organization} and others"
    assert _authors(names) == ("van der Berg, Anna", "Bell, Edwin V., II", "World Health Organization")


def test_a_name_after_and_that_starts_with_a_command_keeps_its_first_letters():
    assert _authors(r"Ashdown, Remi and \"Orsted, Karla and \AA{}sen, Nils") == (
        "Ashdown, Remi",
        "Örsted, Karla",
        "Åsen, Nils",
    )


MACROS = r"""@string{stoc = " Symposium on Rural Transport"}
@STRING{Press = "Fenland" # { Press}}
@string{yr = "2019"}

@proceedings{stoc19,
  title = "Proc. Fifteenth Annual" # STOC,
  publisher = press,
  year = yr,
  month = mar # "--" # apr,
}

@inproceedings{ferry19,
  author = "Tolland, Edith",
  title = {The ferry crossing method},
  booktitle = "Proc. Fifteenth Annual" # stoc # ", Part " # 2,
  year = 2019,
}

@string{stoc = " Workshop on Weirs"}

@proceedings{weirs20,
  title = "Proc. First" # Stoc,
  year = 2020,
}
"""


def test_string_macros_and_joins_are_worked_out_as_bibtex_does():
    stoc, ferry, weirs = parse_bibtex(MACROS)

    assert stoc.title == "Proc. Fifteenth Annual Symposium on Rural Transport"
    assert (stoc.publisher, stoc.year) == ("Fenland Press", 2019)
    assert ferry.container == "Proc. Fifteenth Annual Symposium on Rural Transport, Part 2"
    # a later @string of the same name counts from where it is written
    assert weirs.title == "Proc. First Workshop on Weirs"


def test_a_name_with_no_string_is_kept_as_written():
    [entry] = parse_bibtex("@book{k, title = Weirs # { of the Fens}, year = 1999}\n")
    assert entry.title == "Weirs of the Fens"


def test_bibtex_dashes_and_quotes_become_the_printed_characters():
    text = '@article{k, title = "Weirs -- and ``sluices\'\' --- in the Fens", pages = "29--41"}\n'
    [entry] = parse_bibtex(text)
    assert entry.title == "Weirs \u2013 and \u201csluices\u201d \u2014 in the Fens"
    assert entry.pages == "29-41"


def test_a_bibtex_name_with_a_jr_part_matches_the_same_author_from_ris_as_a_near_duplicate():
    # given the same work from a BibTeX file (as a published version) and a RIS file (as a preprint)
    [published] = parse_bibtex(
        "@article{k, title = {Weirs and sluices of the Fens}, author = {Edwin V. {Bell, II}}, year = 2020}\n"
    )
    [preprint] = parse_ris(
        "TY  - JOUR\nTI  - Weirs and sluices of the Fen\nAU  - Bell, Edwin\nPY  - 2019\nER  - \n"
    )
    rows = [
        (index, " ".join(sorted(r.title.lower().split())), list(r.authors), r.year)
        for index, r in enumerate([published, preprint], start=1)
    ]
    # then their first authors share the family name, so the pair is offered to a person
    assert published.authors == ("Bell, Edwin V., II",)
    assert list(near_duplicate_pairs(rows)) == [(1, 2)]


def test_a_quoted_value_with_an_escaped_quote_inside_is_read_whole():
    [entry] = parse_bibtex('@article{k, title = "Bostr\\"om on weirs # sluices", year = 2001}\n')
    assert entry.title == "Boström on weirs # sluices"
