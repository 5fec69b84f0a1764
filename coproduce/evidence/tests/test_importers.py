import contextlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from coproduce.evidence.importers import ImportProblem, decode, detect_format, parse
from coproduce.evidence.importers.bibtex import parse_bibtex
from coproduce.evidence.importers.csl_json import parse_csl_json
from coproduce.evidence.importers.csv import csv_headings, guess_mapping, parse_csv
from coproduce.evidence.importers.nbib import parse_nbib
from coproduce.evidence.importers.records import author_name, doi_normalise, title_key, year_from
from coproduce.evidence.importers.ris import parse_ris
from coproduce.evidence.models import SourceType

SYNERGY = Path(settings.BASE_DIR).parent / "shared" / "data" / "synergy"

RIS = """TY  - JOUR
TI  - Co-production in local government: a review
AU  - Quillfeather, Ffion
AU  - Remi Ashdown
PY  - 2019/05/01/
T2  - Local Government Studies
DO  - https://doi.org/10.1080/ABC.123
KW  - co-production
KW  - councils
AB  - A review of co-production
  that runs on to a second line.
ER  - {end}

TY  - RPRT
TI  - Café culture and community wellbeing
PB  - Brookvale Council
PY  - 2022
UR  - https://example.org/report.pdf
ER  - {end}
""".format(end="")

BIBTEX = """@article{quill2020,
  title = {{Participatory budgeting in {B}rookvale}},
  author = {Quillfeather, Ffion and Remi Ashdown},
  year = {2020},
  journal = {Journal of Civic Studies},
  doi = {10.5555/PB.2020},
}

@techreport{lga2021,
  title = {Caf\\'e networks and loneliness},
  institution = {Local Government Association},
  year = {2021},
}
"""

NBIB = """PMID- 31234567
TI  - Social prescribing for loneliness in older adults: a randomised
      controlled trial.
FAU - Quillfeather, Ffion
FAU - Ashdown, Remi
DP  - 2019 May 1
JT  - Journal of Community Health
AID - 10.1000/JCH.2019.5 [doi]
AB  - Background: fictional.
PT  - Journal Article

PMID- 31234568
TI  - Second record.
DP  - 2020
"""

CSL = json.dumps(
    [
        {
            "type": "report",
            "title": "Housing need in Brookvale",
            "author": [{"family": "Quillfeather", "given": "Ffion"}, {"literal": "Brookvale Council"}],
            "issued": {"date-parts": [[2023, 4]]},
            "publisher": "Brookvale Council",
            "URL": "https://example.org/housing",
        },
        {"type": "webpage", "title": "Youth hubs", "issued": {"raw": "2021-07-01"}},
    ]
)

CSV = (
    "Title,Authors,Publication Year,DOI,Source title\n"
    "Community hubs,Quillfeather F; Ashdown R,2020,10.1/X,Civic\n"
)


# Normalisation


@pytest.mark.parametrize(
    "raw, expected",
    [("https://doi.org/10.1000/ABC", "10.1000/abc"), ("doi: 10.1/X", "10.1/x"), (" 10.5/y ", "10.5/y")],
)
def test_doi_normalise_strips_prefix_and_lowercases(raw, expected):
    assert doi_normalise(raw) == expected


@pytest.mark.parametrize(
    "raw, expected", [("2019/05/01", 2019), ("May 2019", 2019), ("c2019", 2019), ("", None)]
)
def test_year_from_finds_the_year(raw, expected):
    assert year_from(raw) == expected


def test_title_key_keeps_lowercase_letters_and_digits():
    assert title_key("Co-production: A Review (2nd ed.)") == "coproductionareview2nded"
    assert len(title_key("x" * 500)) == 300


def test_author_name_puts_family_name_first():
    assert author_name("Jane Q. Smith") == "Smith, Jane Q."
    assert author_name("Smith, Jane") == "Smith, Jane"


# Each parser


def test_parse_ris_reads_fields_and_continuation_lines():
    first, second = parse_ris(RIS)
    assert first.title == "Co-production in local government: a review"
    assert first.authors == ("Quillfeather, Ffion", "Ashdown, Remi")
    assert (first.year, first.doi, first.container) == (2019, "10.1080/abc.123", "Local Government Studies")
    assert first.keywords == ("co-production", "councils")
    assert first.abstract.endswith("that runs on to a second line.")
    assert (second.source_type, second.publisher, second.url) == (
        SourceType.REPORT,
        "Brookvale Council",
        "https://example.org/report.pdf",
    )


def test_parse_ris_refuses_a_record_started_before_the_previous_ended():
    text = RIS.replace("ER  - \n\nTY  - RPRT", "TY  - RPRT", 1)
    with pytest.raises(ImportProblem) as caught:
        parse_ris(text)
    assert str(caught.value).startswith("Line 12: a record starts (TY) before the previous one")
    assert "ended (ER)" in str(caught.value)


def test_parse_ris_refuses_a_record_that_never_ends():
    with pytest.raises(ImportProblem, match="never ends"):
        parse_ris("TY  - JOUR\nTI  - Open\n")


def test_parse_bibtex_reads_braces_accents_and_types():
    article, report = parse_bibtex(BIBTEX)
    assert article.title == "Participatory budgeting in Brookvale"
    assert article.authors == ("Quillfeather, Ffion", "Ashdown, Remi")
    assert (article.year, article.doi) == (2020, "10.5555/pb.2020")
    assert report.title == "Cafe networks and loneliness"
    assert (report.source_type, report.publisher) == (SourceType.REPORT, "Local Government Association")


def test_parse_bibtex_reports_the_line_of_a_broken_entry():
    text = "@article{a, title={One}}\n\n@article{b,\n title = {unclosed\n\n@book{c, title={Two}}\n"
    with pytest.raises(ImportProblem) as caught:
        parse_bibtex(text)
    assert str(caught.value).startswith("Line 3: BibTeX entry at line 3 could not be read:")


def test_parse_nbib_reads_records_and_the_doi():
    first, second = parse_nbib(NBIB)
    assert first.title == "Social prescribing for loneliness in older adults: a randomised controlled trial."
    assert (first.pmid, first.doi, first.year) == ("31234567", "10.1000/jch.2019.5", 2019)
    assert first.authors == ("Quillfeather, Ffion", "Ashdown, Remi")
    assert second.title == "Second record."


def test_parse_csl_json_reads_authors_dates_and_types():
    report, page = parse_csl_json(CSL)
    assert report.authors == ("Quillfeather, Ffion", "Brookvale Council")
    assert (report.year, report.source_type) == (2023, SourceType.REPORT)
    assert (page.year, page.source_type) == (2021, SourceType.WEB_PAGE)


def test_parse_csl_json_reports_the_line_of_bad_json():
    with pytest.raises(ImportProblem, match=r"^Line 2: the file is not valid JSON"):
        parse_csl_json('[\n{"title": }]')


def test_parse_csv_guesses_columns_from_headings():
    assert guess_mapping(csv_headings(CSV)) == {
        "title": "Title",
        "authors": "Authors",
        "year": "Publication Year",
        "journal": "Source title",
        "doi": "DOI",
    }
    (record,) = parse_csv(CSV)
    assert (record.title, record.year, record.container) == ("Community hubs", 2020, "Civic")
    assert record.authors == ("Quillfeather, F", "Ashdown, R")


def test_parse_csv_refuses_a_row_without_a_title():
    text = CSV + "Second,,2021,,\n" * 5 + ",Nobody,2022,,\n"
    with pytest.raises(ImportProblem, match=r"^Row 8: no title"):
        parse_csv(text)


# Encodings and detection


@pytest.mark.parametrize(
    "raw",
    [
        "TI  - Café “quoted”".encode(),
        "\ufeffTI  - Café “quoted”".encode(),
        "TI  - Café “quoted”".encode("cp1252"),
    ],
)
def test_decode_reads_utf8_bom_and_cp1252(raw):
    assert decode(raw) == "TI  - Café “quoted”"


def test_decode_reads_latin1():
    assert decode("Café\x81".encode("latin-1")) == "Café\x81"


def test_parse_ris_in_cp1252_keeps_accents_and_smart_quotes():
    text = decode(RIS.replace("Café", "Café “hub”").encode("cp1252"))
    assert parse_ris(text)[1].title == "Café “hub” culture and community wellbeing"


@pytest.mark.parametrize(
    "filename, text, expected",
    [
        ("x.txt", RIS, "ris"),
        ("x.txt", NBIB, "nbib"),
        ("x.bib", BIBTEX, "bibtex"),
        ("x.json", CSL, "csl_json"),
        ("x.csv", CSV, "csv"),
    ],
)
def test_detect_format_from_content_or_extension(filename, text, expected):
    assert detect_format(filename=filename, text=text) == expected


def test_decode_refuses_binary_and_empty_files():
    with pytest.raises(ImportProblem, match="empty"):
        decode(b"  \n")
    with pytest.raises(ImportProblem, match="Excel workbook or another zip"):
        decode(b"PK\x03\x04rest")


# Hostile input


@hypothesis_settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=2000), fmt=st.sampled_from(["ris", "bibtex", "csv", "nbib", "csl_json"]))
def test_parsers_never_fail_unexpectedly_on_random_bytes(raw, fmt):
    try:
        records = parse(fmt=fmt, text=decode(raw))
    except ImportProblem:
        return
    assert all(isinstance(r.title, str) for r in records)


@hypothesis_settings(max_examples=150, deadline=None)
@given(
    body=st.text(alphabet=st.sampled_from(list('TYIAUER -{}@,=\n"[]PMD:0123abc')), max_size=400),
    fmt=st.sampled_from(["ris", "bibtex", "csv", "nbib", "csl_json"]),
)
def test_parsers_never_fail_unexpectedly_on_format_like_text(body, fmt):
    with contextlib.suppress(ImportProblem):
        parse(fmt=fmt, text=body)


# The real files, when the shared data folder is there


@pytest.mark.skipif(not (SYNERGY / "Oud_2018.ris").exists(), reason="shared data not present")
def test_parse_ris_reads_the_whole_oud_2018_file():
    records = parse_ris(decode((SYNERGY / "Oud_2018.ris").read_bytes()))
    assert len(records) == 952
    assert sum(1 for r in records if r.title) >= 950  # two records in the file have an empty TI


@pytest.mark.skipif(not (SYNERGY / "Sep_2021.bib").exists(), reason="shared data not present")
def test_parse_bibtex_reads_the_whole_sep_2021_file():
    records = parse_bibtex(decode((SYNERGY / "Sep_2021.bib").read_bytes()))
    assert len(records) == 271
    assert all(r.title for r in records)
