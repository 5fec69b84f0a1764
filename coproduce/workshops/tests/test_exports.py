"""Exports of a workshop's results: the Pol.is openData layout, XLSX, the summary as HTML and DOCX."""

import csv
import importlib.util
import io
import zipfile
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from coproduce.core.models import AuditEvent
from coproduce.workshops.exports.polis import polis_zip
from coproduce.workshops.exports.summary_docx import summary_document
from coproduce.workshops.exports.xlsx import workbook_build
from coproduce.workshops.models import ActivityKind, DotVote
from coproduce.workshops.selectors.opinion import statements_analyse
from coproduce.workshops.selectors.results import workshop_results
from coproduce.workshops.services.snapshots import workshop_result_snapshots_refresh

from .factories import ActivityFactory, CardFactory, StatementFactory
from .test_results_data import results_world

pytestmark = pytest.mark.django_db

POLIS = Path(settings.BASE_DIR).parent / "shared" / "data" / "polis" / "brexit-consensus"
URDU = "بچوں کے لیے کھیل کا میدان"
FILES = ["comments.csv", "votes.csv", "participants-votes.csv", "summary.csv"]


def _results(workshop):
    """The results once the stored ones are worked out, as the results page and downloads have them."""
    workshop_result_snapshots_refresh(workshop=workshop, now=True)
    return workshop_results(workshop=workshop)


def _polis(project):
    world = results_world(project)
    result = statements_analyse(activity=world.statements)
    archive = zipfile.ZipFile(io.BytesIO(polis_zip(result=result, url="https://example.invalid/r")))
    return world, result, {name: archive.read(name).decode() for name in archive.namelist()}


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.skipif(not POLIS.exists(), reason="the Pol.is open data is not in ../shared")
def test_polis_export_headers_match_the_real_files(project):
    _, _, files = _polis(project)
    assert sorted(files) == sorted(FILES)
    for name in ["comments.csv", "votes.csv"]:
        real = (POLIS / name).read_text(encoding="utf-8").split("\n", 1)[0]
        assert files[name].split("\n", 1)[0] == real
    real_header = (POLIS / "participants-votes.csv").read_text(encoding="utf-8").split("\n", 1)[0].split(",")
    ours = files["participants-votes.csv"].split("\n", 1)[0].split(",")
    assert ours[:6] == real_header[:6]
    assert ours[6:] == ["0", "1", "2", "3"]
    real_keys = [row[0] for row in _rows((POLIS / "summary.csv").read_text(encoding="utf-8")) if row]
    assert [row[0] for row in _rows(files["summary.csv"])] == real_keys


def test_polis_export_content(project):
    _, result, files = _polis(project)
    comments = {int(r["comment-id"]): r for r in csv.DictReader(io.StringIO(files["comments.csv"]))}
    assert (comments[0]["agrees"], comments[0]["disagrees"], comments[0]["moderated"]) == ("5", "1", "1")
    assert comments[3]["moderated"] == "-1"
    assert comments[1]["comment-body"].startswith("'=")  # formula-safe
    assert comments[0]["author-id"] == "0"  # the team's seed statements
    votes = list(csv.DictReader(io.StringIO(files["votes.csv"])))
    assert len(votes) == 24
    assert all(len(v["timestamp"]) == 13 for v in votes)  # milliseconds
    assert {(v["voter-id"], v["comment-id"], v["vote"]) for v in votes} >= {("5", "0", "-1"), ("3", "1", "0")}
    people = {int(r["participant"]): r for r in csv.DictReader(io.StringIO(files["participants-votes.csv"]))}
    groups = {int(p.participant): p.group for p in result.analysis.placements}
    assert {n: int(r["group-id"]) for n, r in people.items()} == groups
    assert (people[3]["n-votes"], people[3]["n-agree"], people[3]["n-disagree"], people[3]["1"]) == (
        "4",
        "2",
        "1",
        "0",
    )
    summary = dict(_rows(files["summary.csv"]))
    assert (summary["voters"], summary["comments"], summary["groups"]) == ("6", "4", "2")
    assert "Secret" not in "".join(files.values())


def test_polis_export_is_read_back_by_the_bench_loader(project, tmp_path):
    _, result, files = _polis(project)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    path = Path(settings.BASE_DIR) / "bench" / "opinion" / "compare.py"
    spec = importlib.util.spec_from_file_location("bench_opinion_compare", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    votes, mod_out, published = module.read_conversation(tmp_path)
    assert mod_out == [3]
    assert len(votes) == 24
    assert published == {int(p.participant): p.group for p in result.analysis.placements}


def test_xlsx_export_sheets_content_and_formula_safety(project):
    world = results_world(project)
    book = load_workbook(io.BytesIO(workbook_build(results=_results(world.workshop))))
    assert book.sheetnames == [
        "Cards",
        "Clusters",
        "Dots",
        "Statements",
        "Votes",
        "Pairwise",
        "Participation",
    ]
    cards = list(book["Cards"].values)
    assert cards[0][:4] == ("activity", "column", "cluster", "text")
    risky = next(row for row in cards if "more money" in str(row[3]))
    assert risky[3] == "'+ more money for hubs"
    statements = list(book["Statements"].values)
    formula = next(row for row in statements if "HYPERLINK" in str(row[2]))
    assert str(formula[2]).startswith("'=")
    assert all(cell.data_type != "f" for sheet in book for row in sheet.iter_rows() for cell in row)
    first = next(row for row in statements if row[1] == 0)
    assert first[6:10] == (5, 1, 0, 6)
    assert len(list(book["Votes"].values)) == 1 + 24
    pairwise = list(book["Pairwise"].values)
    assert pairwise[1][1] == "Shared form" and pairwise[1][5] == 6
    dots = list(book["Dots"].values)
    assert dots[1][1:3] == ("cluster", "Shared front door")
    participation = {row[0]: row[1:] for row in list(book["Participation"].values)[1:]}
    # Participants 4 and 5: 2 of 6 people, 2 cards (one hidden later), 1 dot, 8 statement votes, 2 choices.
    assert participation["Local authority"] == (2, 33, 2, 1, 8, 2)
    text = " ".join(str(c) for sheet in book for row in sheet.values for c in row)
    assert "Secret" not in text


def test_summary_docx_has_headings_tables_and_the_map(project):
    world = results_world(project)
    document = docx.Document(io.BytesIO(summary_document(results=_results(world.workshop))))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    headings = [(style, text) for style, text in styled if style.startswith("Heading")]
    assert ("Heading 1", "Workshop one") in headings
    assert ("Heading 2", "Who took part") in headings
    assert ("Heading 2", "Statements") in headings
    assert ("Heading 3", "Opinion groups") in headings
    assert ("Heading 3", "Agreement across sectors") in headings
    assert len(document.inline_shapes) == 1  # the opinion map as a picture
    assert len(document.tables) >= 6
    participation = document.tables[0]
    assert [c.text for c in participation.rows[0].cells] == [
        "Sector",
        "Participants",
        "Share",
        "Contributions",
    ]


def _url(name, project, world, **extra):
    kwargs = {"project_id": project.public_id, "workshop_id": world.workshop.public_id, **extra}
    return reverse(f"workshops:{name}", kwargs=kwargs)


def test_export_downloads_and_summary_page(project, lead_client):
    world = results_world(project)
    polis = lead_client.get(
        _url("statements_export_polis", project, world, statements_activity_id=world.statements.public_id)
    )
    assert polis["Content-Type"] == "application/zip"
    assert "attachment" in polis["Content-Disposition"]
    xlsx = lead_client.get(_url("workshop_export_xlsx", project, world))
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    word = lead_client.get(_url("workshop_summary_docx", project, world))
    assert word["Content-Disposition"].endswith('.docx"')
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("workshops.results.exported") == 2
    assert "workshops.statements.exported" in actions
    page = lead_client.get(_url("workshop_summary", project, world)).content.decode()
    assert "<svg" in page and "Common ground" in page and "Secret" not in page
    wrong_kind = lead_client.get(
        _url("statements_export_polis", project, world, statements_activity_id=world.board.public_id)
    )
    assert wrong_kind.status_code == 404


def test_xlsx_export_gives_the_language_of_each_card_and_statement_beside_its_text():
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    workshop = board.workshop
    urdu = CardFactory(activity=board, column="Ideas", text=URDU, language="ur")
    CardFactory(activity=board, column="Ideas", text="Not recorded", language="")
    vote = ActivityFactory(workshop=workshop, kind=ActivityKind.DOT_VOTE, source=board)
    DotVote.objects.create(activity=vote, participant=urdu.participant, card=urdu, slot=1, allowance=3)
    statements = ActivityFactory(workshop=workshop, kind=ActivityKind.STATEMENTS)
    StatementFactory(activity=statements, number=0, text="A seed", language="")
    StatementFactory(activity=statements, number=1, text=URDU, language="ur", is_seed=False)

    book = load_workbook(io.BytesIO(workbook_build(results=_results(workshop))))

    cards = list(book["Cards"].values)
    assert cards[0][3:5] == ("text", "language")
    assert {row[3]: row[4] for row in cards[1:]} == {URDU: "ur", "Not recorded": None}
    dots = list(book["Dots"].values)
    assert dots[0][2:4] == ("card or cluster", "language") and dots[1][2:4] == (URDU, "ur")
    rows = list(book["Statements"].values)
    assert rows[0][2:4] == ("text", "language")
    assert {row[2]: row[3] for row in rows[1:]} == {"A seed": None, URDU: "ur"}
