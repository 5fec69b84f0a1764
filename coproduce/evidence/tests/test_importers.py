import contextlib
import json
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from coproduce.evidence.importers import ImportProblem, decode, detect_format, parse, parse_usable
from coproduce.evidence.importers.bibtex import parse_bibtex
from coproduce.evidence.importers.csl_json import parse_csl_json
from coproduce.evidence.importers.csv import csv_headings, guess_mapping, parse_csv
from coproduce.evidence.importers.nbib import parse_nbib
from coproduce.evidence.importers.records import author_name, doi_normalise, title_key, year_from
from coproduce.evidence.importers.ris import parse_ris
from coproduce.evidence.models import ImportFormat, SourceType

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


WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Brightwater, J
   Penhallow, WW
AF Brightwater, Jasper
   Penhallow, Wilfred W.
TI Tenants' networks as channels and conduits: The effects of meetings
   in the Northmarsh housing estates
SO JOURNAL OF FICTIONAL URBAN STUDIES
DT Article
DE tenant networks; local geography; meetings; housing;
   repairs
AB We contend that two features of tenants' networks
   change how news of repairs travels.
PY 2004
VL 15
IS 1
BP 5
EP 21
DI 10.5555/jfus.2004.0054
ER

PT B
AU Penhallow, E
TI Sharing the Common Land
PU NORTHMARSH UNIV PRESS
PY 1990
ER

EF
"""
# A PubMed Central record of an article that is not in PubMed: no PMID line
PMC_MEDLINE = """PMC - PMC10000001
OWN - NLM
TI  - Community health workers and the uptake of screening: a mixed-methods
      study.
FAU - Okafor, Chidinma
AU  - Okafor C
FAU - Lindqvist, Karin
DP  - 2023 Mar 2
LID - 10.1234/chw.2023.01 [doi]
AB  - We asked how community health workers change screening uptake.

PMID- 90000003
TI  - Mapping footpaths with volunteers: a fictional survey.
FAU - Penhallow, Jasper A
DP  - 2006
AID - 10.5555/fp.2006.10 [doi]
"""


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
    assert report.title == "Café networks and loneliness"
    assert (report.source_type, report.publisher) == (SourceType.REPORT, "Local Government Association")


# Laid out as biblatex's examples: a @set, its members, LaTeX accents, dashes and ties (fictional works)
BIBLATEX_EXAMPLES = r"""@Set{set,
  entryset   = {set:brightwater,set:yalin},
  annotation   = {A \texttt{set} entry with two members.},
}

@Article{set:brightwater,
  author   = {Brightwater, Wilhelmina A. and {\"O}rsted, Karla and Penhallow, Sabine K.},
  title    = {A shared minibus as an efficient link for {A--B}
      village journeys},
  journaltitle   = {Rural~Transp. Rev.~Q.},
  date    = 2006,
}

@Article{set:yalin,
  author   = {Yal{\i}n, {\"O}zlem and G{\"u}ler, Hakan and Tekin, Levent},
  title    = {Effect of timetables on the use of saturated
      {Park-and-Ride} sites in {North-Fen} towns},
  journal   = {J.~Fict. Transp.},
  year    = 2006,
  doi    = {10.5555/j.fict.2005.12.023},
}

@Book{worldbank,
  author = {{World Bank and Global Fund}},
  title = {The {$\alpha$}-index of Bostr\"{o}m, M{\"u}ller \& {\AA}str{\"o}m},
  year = {2010},
  url = {https://example.org/a\_b\%20c},
}
"""


def test_parse_bibtex_decodes_latex_accents_commands_and_math():
    brightwater, yalin, bank = parse_bibtex(BIBLATEX_EXAMPLES)

    assert brightwater.authors == ("Brightwater, Wilhelmina A.", "Örsted, Karla", "Penhallow, Sabine K.")
    assert brightwater.title.endswith("efficient link for A\u2013B village journeys")
    assert (brightwater.container, brightwater.year) == ("Rural Transp. Rev. Q.", 2006)
    assert yalin.authors == ("Yal\u0131n, Özlem", "Güler, Hakan", "Tekin, Levent")
    assert yalin.title.endswith("saturated Park-and-Ride sites in North-Fen towns")
    assert yalin.doi == "10.5555/j.fict.2005.12.023"
    assert bank.title == "The \u03b1-index of Boström, Müller & Åström"
    assert bank.authors == ("World Bank and Global Fund",)
    assert bank.url == "https://example.org/a_b%20c"


def test_parse_bibtex_reads_the_members_of_a_biblatex_set_and_entries_under_one_key():
    text = BIBLATEX_EXAMPLES + "@misc{set:yalin, title = {Another work under the same key}, year = 2007}\n"

    records = parse_bibtex(text)

    assert [r.year for r in records] == [2006, 2006, 2010, 2007]


# As JabRef writes a file: capitalised field names, aligned with spaces, a comma after the last field
JABREF_BIB = """@Book{Marwick2005,
  Title                    = {Quiet rivers: a survey of lowland weirs},
  Author                   = {Marwick, A.D.},
  Publisher                = {Fenland Press},
  Year                     = {2005},
}

@Article{Tolland1938,
  Title                    = {The ferry crossing method},
  Author                   = {Tolland, E.},
  Journal                  = {Trans. Estuary Soc.},
  Year                     = {1938},
  Pages                    = {29--41},
  Volume                   = {34},
  Doi                      = {10.5555/TES3400029},
  ISSN                     = {0000-0000},
  Owner                    = {jr},
  Publisher                = {The Estuary Society},
}

@Book{Doe3000,
  Title                    = {A title},
  Author                   = {Doe, A and Roe, B},
}
"""


def test_parse_bibtex_reads_field_names_in_any_case_as_jabref_writes_them():
    records = parse_bibtex(decode(JABREF_BIB.encode()))

    assert [(r.title, r.year) for r in records] == [
        ("Quiet rivers: a survey of lowland weirs", 2005),
        ("The ferry crossing method", 1938),
        ("A title", None),
    ]
    assert records[0].publisher == "Fenland Press" and records[1].doi == "10.5555/tes3400029"
    assert records[2].authors == ("Doe, A", "Roe, B")


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


def test_a_csv_row_without_a_title_is_listed_not_fatal():
    text = CSV + "Second,,2021,,\n" * 5 + ",Nobody,2022,,\n"
    found = parse_usable(fmt=ImportFormat.CSV, text=text)
    assert len(found.records) == 6 and found.in_file == 7
    (skipped,) = found.unusable
    assert (skipped.unit, skipped.line, skipped.missing) == ("Row", 8, "no title, abstract or DOI")
    assert skipped.excerpt == "Nobody, 2022"


def test_a_csv_row_with_an_abstract_but_no_title_is_used_as_ris_uses_it():
    text = "Title,Abstract,DOI\nFirst,,\n,A study of hubs.,\n,,10.1000/xyz\n"
    found = parse_usable(fmt=ImportFormat.CSV, text=text)
    assert [r.line for r in found.records] == [2, 3, 4] and not found.unusable


UNUSABLE_RIS = RIS + "\nTY  - JOUR\nAU  - Nobody, N\nPY  - 2020\nT2  - Civic\nER  - \n"
UNUSABLE_BIB = """@article{a, title={Community hubs}, year={2020}}
@article{b, author={Nobody, N}, year={2021}, journal={Civic}}
"""


@pytest.mark.parametrize(
    ("fmt", "text", "line"),
    [(ImportFormat.RIS, UNUSABLE_RIS, UNUSABLE_RIS.splitlines().index("TY  - JOUR", 2) + 1),
     (ImportFormat.BIBTEX, UNUSABLE_BIB, 2)],
)  # fmt: skip
def test_an_entry_with_no_title_abstract_or_doi_is_listed_not_fatal(fmt, text, line):
    found = parse_usable(fmt=fmt, text=text)
    assert found.records and found.in_file == len(found.records) + 1
    (skipped,) = found.unusable
    assert (skipped.unit, skipped.line) == ("Line", line)
    assert "Nobody, N" in skipped.excerpt and "Civic" in skipped.excerpt


def test_a_file_with_no_usable_record_is_refused():
    with pytest.raises(ImportProblem, match="None of the 2 records in the file can be used"):
        parse_usable(fmt=ImportFormat.CSV, text="Title,Authors\n,Nobody\n,Somebody\n")


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
        ("savedrecs.txt", WOS, "wos"),
        ("x.txt", "\ufeffPT J\nTI Ward forums\nER\n", "wos"),
        ("x.txt", PMC_MEDLINE, "nbib"),
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


# Web of Science and PubMed Central


def test_parse_wos_reads_web_of_science_plain_text():
    article, book = parse(fmt="wos", text=WOS)

    assert article.title == (
        "Tenants' networks as channels and conduits: The effects of meetings in the Northmarsh "
        "housing estates"
    )
    assert article.authors == ("Brightwater, Jasper", "Penhallow, Wilfred W.")
    assert (article.year, article.doi, article.container) == (
        2004,
        "10.5555/jfus.2004.0054",
        "JOURNAL OF FICTIONAL URBAN STUDIES",
    )
    assert (article.volume, article.issue, article.pages) == ("15", "1", "5-21")
    assert article.keywords == (
        "tenant networks",
        "local geography",
        "meetings",
        "housing",
        "repairs",
    )
    assert article.abstract.endswith("change how news of repairs travels.")
    assert (book.title, book.source_type, book.authors, book.publisher) == (
        "Sharing the Common Land", SourceType.BOOK, ("Penhallow, E",), "NORTHMARSH UNIV PRESS"
    )  # fmt: skip


def test_parse_wos_names_the_line_of_a_record_that_never_ends():
    with pytest.raises(ImportProblem, match=r"^Line 3: the record that starts on line 3 never ends \(ER\)"):
        parse(fmt="wos", text=WOS.split("ER\n", 1)[0])


# A whole export as Web of Science saves it: a byte order mark, its header, wrapped lines, the end mark
WOS_EXPORT = """\ufeffFN Thomson Reuters Web of Science\u2122
VR 1.0
PT J
AU Quillfeather, F
   Ashdown, R
AF Quillfeather, Ffion
   Ashdown, Remi
TI Tenants' panels and the repair of council housing: a study of three
   boroughs
SO JOURNAL OF FICTIONAL HOUSING STUDIES
LA English
DT Article
DE co-production; housing repair; tenant participation; local government;
   panels
ID PARTICIPATION; GOVERNANCE
AB Tenants' panels met monthly in three boroughs for two years. We describe
   which repairs they raised and which the councils carried out.
C1 Univ Northmarsh, Dept Social Policy, Northmarsh NM1 2AB, England.
   Univ Southfen, Sch Planning, Southfen, England.
RP Quillfeather, F (reprint author), Univ Northmarsh, Dept Social Policy,
   Northmarsh NM1 2AB, England.
CR Ashdown R, 2001, J FICT HOUS STUD, V3, P1
   Marwick A, 2005, QUIET RIVERS
NR 2
TC 4
PU FICTIONAL PRESS
PI NORTHMARSH
SN 0000-0001
J9 J FICT HOUS STUD
PD MAR
PY 2004
VL 15
IS 1
BP 5
EP 21
DI 10.5555/jfhs.2004.0054
UT WOS:000000000000001
ER

PT J
AU Tolland, E
AF Tolland, Edith
TI Ferry timetables set with riders
SO ESTUARY TRANSPORT REVIEW
DT Article
PY 2011
VL 2
BP 40
EP 52
UT WOS:000000000000002
ER

EF
"""


def test_parse_wos_reads_a_whole_export_with_its_mark_header_and_wrapped_lines():
    first, second = parse(fmt="wos", text=decode(WOS_EXPORT.encode()))

    assert first.title == "Tenants' panels and the repair of council housing: a study of three boroughs"
    assert first.authors == ("Quillfeather, Ffion", "Ashdown, Remi")
    assert (first.year, first.doi, first.pages) == (2004, "10.5555/jfhs.2004.0054", "5-21")
    assert "panels" in first.keywords and "GOVERNANCE" in first.keywords
    assert (second.title, second.authors, second.year) == (
        "Ferry timetables set with riders",
        ("Tolland, Edith",),
        2011,
    )


def test_parse_nbib_reads_a_pubmed_central_record_without_a_pmid():
    pmc, pubmed = parse_nbib(PMC_MEDLINE)

    assert pmc.title == ("Community health workers and the uptake of screening: a mixed-methods study.")
    assert (pmc.authors, pmc.year, pmc.doi) == (
        ("Okafor, Chidinma", "Lindqvist, Karin"),
        2023,
        "10.1234/chw.2023.01",
    )
    assert (pubmed.pmid, pubmed.doi, pubmed.year) == ("90000003", "10.5555/fp.2006.10", 2006)


# Two records as PubMed's "MEDLINE" download writes them: every tag padded to four characters, wrapped lines
MEDLINE_FILE = """
PMID- 90000001
OWN - NLM
STAT- MEDLINE
DA  - 20060220
DCOM- 20060314
PUBM- Electronic
IS  - 0000-0002 (Electronic)
VI  - 7
DP  - 2006
TI  - Walking groups for older people in rural parishes: a fictional cohort
      study.
PG  - 10
AB  - BACKGROUND: Walking groups are said to keep older people active. METHODS: We
      followed 300 people in twelve parishes for a year. RESULTS: Those in groups
      walked more. CONCLUSION: Parishes could start such groups.
AD  - Department of Rural Health, University of Northmarsh, Northmarsh NM1 2AB, UK.
FAU - Quillfeather, Ffion A
AU  - Quillfeather FA
FAU - Ashdown, Remi E
AU  - Ashdown RE
LA  - eng
PT  - Journal Article
DEP - 20060110
PL  - England
TA  - J Fict Rural Health
JT  - Journal of fictional rural health
JID - 900000001
SB  - IM
MH  - Aged
MH  - *Walking
EDAT- 2006/01/13 09:00
MHDA- 2006/03/15 09:00
PHST- 2005/08/23 [received]
AID - 1471-0000-7-10 [pii]
AID - 10.5555/jfrh.7.10 [doi]
PST - epublish
SO  - J Fict Rural Health. 2006 Jan 10;7:10.

PMID- 90000002
OWN - NLM
STAT- In-Process
DP  - 2005 Dec 20
TI  - Ferry timetables set with riders.
FAU - Tolland, Edith
AU  - Tolland E
AID - 10.5555/etr.2005.2 [doi]
SO  - Estuary Transp Rev. 2005 Dec 20;2:40-52.
"""


def test_parse_nbib_reads_a_pubmed_medline_download():
    first, second = parse_nbib(decode(MEDLINE_FILE.encode()))

    assert [first.pmid, second.pmid] == ["90000001", "90000002"]
    assert first.title == "Walking groups for older people in rural parishes: a fictional cohort study."
    assert first.authors == ("Quillfeather, Ffion A", "Ashdown, Remi E")
    assert (first.doi, first.year, second.year) == ("10.5555/jfrh.7.10", 2006, 2005)
    assert first.abstract.endswith("Parishes could start such groups.")


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


@pytest.mark.skipif(not (SYNERGY / "Oud_2018.csv").exists(), reason="shared data not present")
def test_a_synergy_csv_with_untitled_rows_imports_every_record():
    """Rows 41 and 479 of Oud_2018.csv have no title but an abstract and a DOI: they are used."""
    found = parse_usable(fmt=ImportFormat.CSV, text=(SYNERGY / "Oud_2018.csv").read_text(encoding="utf-8"))
    assert len(found.records) == 952 and not found.unusable
    assert {r.line for r in found.records if not r.title} == {41, 479}
