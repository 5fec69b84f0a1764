"""A coded transcript as a Word document: what it holds, offsets past an emoji, who may download it."""

import io

import docx.table
import pytest
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.transcript_docx import transcript_docx
from coproduce.interviews.models import SpeakerRole
from coproduce.projects.permissions import ProjectRole

from .test_codings import make_transcript

pytestmark = pytest.mark.django_db


@pytest.fixture
def transcript(project):
    return make_transcript(project)


@pytest.fixture
def trust(project, lead):
    return code_create(project=project, by=lead, name="Trust", colour="#d4351c")


def _url(transcript):
    interview = transcript.interview
    return reverse(
        "analysis:transcript_docx",
        kwargs={"project_id": interview.project.public_id, "interview_id": interview.public_id},
    )


def _code(transcript, code, by, words):
    start = transcript.text.index(words)
    return coding_create(transcript=transcript, code=code, by=by, start=start, end=start + len(words))


def _document(content):
    return Document(io.BytesIO(content))


def test_download_has_heading_turns_highlights_and_table(lead_client, project, transcript, trust, lead):
    funding = code_create(project=project, by=lead, name="Funding")
    _code(transcript, trust, lead, "helps us every week")
    _code(transcript, funding, lead, "the council funds it")

    response = lead_client.get(_url(transcript))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="P07-transcript.docx"' in response["Content-Disposition"]
    document = _document(response.content)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Interview with P07"
    assert any(t.startswith("Sector: VCFSE") for t in texts)
    assert any(t.startswith("Interviewer: Who do you work with?") for t in texts)
    answer = next(p for p in document.paragraphs if p.text.startswith("P07: "))
    assert "helps us every week [Trust]" in answer.text
    assert answer.text.endswith("the council funds it [Funding].")
    highlighted = [r.text for r in answer.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert highlighted == ["helps us every week", "the council funds it"]
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["Code", "Coder", "Text"]
    assert [r[0] for r in rows[1:]] == ["Trust", "Funding"]
    assert rows[1][2] == "helps us every week" and rows[1][1]


def test_only_the_pseudonymised_text_is_written(lead_client, transcript):
    transcript.original_text = transcript.original_text.replace("Ffion", "Zebedee")
    transcript.save(update_fields=["original_text"])

    document = _document(lead_client.get(_url(transcript)).content)

    assert "Zebedee" not in " ".join(p.text for p in document.paragraphs)


def test_offsets_after_an_emoji_mark_the_right_words(lead_client, transcript, trust, lead):
    # The emoji is one code point but two UTF-16 units: a coding after it must still cover its own words.
    _code(transcript, trust, lead, "🥫 helps us")
    _code(transcript, trust, lead, "every week")

    answer = next(
        p
        for p in _document(lead_client.get(_url(transcript)).content).paragraphs
        if p.text.startswith("P07: ")
    )

    highlighted = [r.text for r in answer.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert highlighted == ["🥫 helps us", "every week"]
    assert "🥫 helps us [Trust] every week [Trust]" in answer.text


def test_overlapping_codings_are_runs_not_paragraphs(project, transcript, trust, lead):
    funding = code_create(project=project, by=lead, name="Funding")
    _code(transcript, trust, lead, "helps us every week")
    _code(transcript, funding, lead, "every week, and the council")

    document = _document(transcript_docx(transcript=transcript))

    answer = next(p for p in document.paragraphs if p.text.startswith("P07: "))
    assert "helps us [Trust] every week [Trust; Funding], and the council [Funding] funds" in answer.text
    assert len(document.tables[0].rows) == 3


@pytest.mark.parametrize(
    ("role", "done", "status"),
    [
        (ProjectRole.LEAD, False, 200),
        (ProjectRole.RESEARCHER, False, 200),
        (ProjectRole.OBSERVER, True, 200),
        (ProjectRole.OBSERVER, False, 403),
        (ProjectRole.FACILITATOR, False, 403),
    ],
)
def test_who_may_download(client, project, member, role, done, status):
    transcript = make_transcript(project, done=done)
    client.force_login(member(role))

    assert client.get(_url(transcript)).status_code == status


def test_outsiders_and_the_signed_out_may_not(client, project, transcript, outsider):
    assert client.get(_url(transcript)).status_code == 302
    client.force_login(outsider)
    assert client.get(_url(transcript)).status_code in (403, 404)


def test_coding_page_links_to_the_download(lead_client, transcript):
    page = lead_client.get(_url(transcript).removesuffix("export.docx")).text

    assert f'href="{_url(transcript)}"' in page


def test_long_transcript_with_many_codings_takes_a_fixed_number_of_queries_and_no_grid_lookups(
    project, lead, monkeypatch, django_assert_max_num_queries
):
    # given 400 turns and 500 codings
    words = "we talked about the food bank and the tenants group and how the council helps " * 6
    turns = [(SpeakerRole.INTERVIEWER if n % 2 else SpeakerRole.PARTICIPANT, words) for n in range(400)]
    transcript = make_transcript(project, turns=turns)
    code = code_create(project=project, by=lead, name="Trust")
    step = len(transcript.text) // 500
    for n in range(500):
        coding_create(transcript=transcript, code=code, by=lead, start=n * step, end=n * step + 40)
    grid_lookups = _count_grid_lookups(monkeypatch)

    # when it is exported
    with django_assert_max_num_queries(QUERIES_FOR_ANY_LENGTH):
        document = _document(transcript_docx(transcript=transcript))

    # then the rows are filled in one pass: python-docx's whole-table cell grid (rebuilt on every
    # table.cell() call, which made each row cost as much as the table) is never built
    assert grid_lookups == []
    assert len(document.tables[0].rows) == 501


QUERIES_FOR_ANY_LENGTH = 5  # 3 today (turns, codings, names): never one per turn or coding


def _count_grid_lookups(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    built: list[int] = []
    grid = docx.table.Table._cells

    def counted(table: docx.table.Table) -> list[docx.table._Cell]:
        built.append(1)
        return grid.fget(table)  # type: ignore[attr-defined]

    monkeypatch.setattr(docx.table.Table, "_cells", property(counted))
    return built
