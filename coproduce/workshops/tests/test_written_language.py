"""Cards and statements keep the language they were written in wherever the team sees them: the projector's
bars and common ground, the results pages, the facilitator's room and the moderation pages, each as the
words' `lang` with `dir="auto"` (docs/translations.md, "What people write keeps its own language")."""

import datetime as dt
import io

import lxml.html
import pytest
from django.urls import reverse
from docx import Document as read_docx
from docx.oxml.ns import qn

from coproduce.core.languages import written_attrs
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.exports.summary_docx import summary_document
from coproduce.workshops.models import ActivityKind, Card, Cluster, DotVote, Statement, Workshop
from coproduce.workshops.selectors.live import statement_tally
from coproduce.workshops.selectors.opinion import statements_stored
from coproduce.workshops.selectors.opinion_summary import statements_summary
from coproduce.workshops.selectors.projector import dot_bars, statement_bars
from coproduce.workshops.selectors.results import dot_vote_result, series_results, workshop_results
from coproduce.workshops.selectors.room_opinion import room_opinion
from coproduce.workshops.selectors.snapshots import result_snapshot_get
from coproduce.workshops.services.carry import activity_carry_forward

from .factories import ActivityFactory, ParticipantFactory, WorkshopFactory
from .projector_data import projector_world
from .test_results_data import results_world
from .test_room_opinion import _world as room_world

pytestmark = pytest.mark.django_db

URDU = "ہمارے محلے میں بچوں کے لیے کھیلنے کی محفوظ جگہ"
ARABIC = "نريد مكانا آمنا ليلعب فيه الأطفال"


def _ids(workshop: Workshop) -> dict[str, object]:
    return {"project_id": workshop.project.public_id, "workshop_id": workshop.public_id}


def _page(client, workshop: Workshop, name: str, **more) -> str:
    client.force_login(MembershipFactory(project=workshop.project, role=ProjectRole.LEAD).user)
    response = client.get(reverse(name, kwargs=_ids(workshop) | more), headers={"X-Requested-With": "fetch"})
    assert response.status_code == 200
    return str(response.content.decode())


def _marked(html: str, text: str) -> list[tuple[str | None, str | None]]:
    """For each element holding `text`, the `lang` and `dir` it is in (from itself or the nearest element
    around it that says)."""
    tree = lxml.html.fromstring(html)
    found = []
    for element in tree.xpath("//*[text()[contains(., $text)]]", text=text):
        lang = element.xpath("ancestor-or-self::*[@lang][1]/@lang")
        direction = element.xpath("ancestor-or-self::*[@dir][1]/@dir")
        found.append((lang[0] if lang else None, direction[0] if direction else None))
    return found


def _urdu_statements(workshop: Workshop, numbers: list[int] | None = None) -> list[Statement]:
    statements = Statement.objects.filter(activity__workshop=workshop).order_by("number")
    chosen = [s for s in statements if numbers is None or s.number in numbers]
    for index, statement in enumerate(chosen):
        statement.text, statement.language = f"{URDU} {index + 1}", "ur"
        statement.save()
    return chosen


def test_the_attributes_say_the_language_an_unknown_one_and_none_for_the_teams_words():
    assert written_attrs("ur") == ' lang="ur" dir="auto"'
    assert written_attrs("") == ' lang="" dir="auto"'  # not known: not the page's language either
    assert written_attrs(None) == ' dir="auto"'
    assert written_attrs('x" onclick="y') == ' lang="x&quot; onclick=&quot;y" dir="auto"'


def test_the_projectors_statement_bars_and_the_tally_carry_each_statements_language():
    activity = ActivityFactory(kind=ActivityKind.STATEMENTS)
    Statement.objects.create(activity=activity, number=1, text=URDU, language="ur")
    Statement.objects.create(activity=activity, number=2, text="Seed", is_seed=True)

    tally = statement_tally(activity=activity)

    assert [(row.text, row.language) for row in tally] == [(URDU, "ur"), ("Seed", "")]
    assert [bar.language for bar in statement_bars(tally=tally)] == ["ur", ""]


def test_dot_rows_carry_a_cards_language_and_none_for_a_clusters_title():
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    dots = ActivityFactory(workshop=board.workshop, kind=ActivityKind.DOT_VOTE, source=board, dots=3)
    cluster = Cluster.objects.create(activity=board, title="Play")
    card = Card.objects.create(activity=board, column="Ideas", text=URDU, language="ur")
    person = ParticipantFactory(workshop=board.workshop)
    DotVote.objects.create(activity=dots, participant=person, card=card, slot=1, allowance=3)
    DotVote.objects.create(activity=dots, participant=person, card=card, slot=2, allowance=3)
    DotVote.objects.create(activity=dots, participant=person, cluster=cluster, slot=3, allowance=3)

    rows = dot_vote_result(activity=dots).dots

    assert [(row.label, row.language) for row in rows] == [(URDU, "ur"), ("Play", None)]
    assert [bar.language for bar in dot_bars(rows=rows)] == ["ur", None]


def test_the_summary_and_the_room_carry_each_statements_language():
    workshop, activity, _, statements = room_world()
    Statement.objects.filter(pk__in=[s.pk for s in statements.values()]).update(language="ur")
    snapshot = result_snapshot_get(activity=activity)
    assert snapshot is not None and snapshot.payload is not None

    result = statements_stored(activity=activity, payload=snapshot.payload, n_votes=snapshot.n_votes)
    summary = statements_summary(result=result)
    room = room_opinion(workshop=workshop, current=activity)

    rows = [*summary.consensus, *summary.divisive, *(r for g in summary.representative for r in g.rows)]
    assert rows and {row.language for row in rows} == {"ur"}
    assert summary.cross_sector and {row.language for row in summary.cross_sector} == {"ur"}
    assert room.near and {near.language for near in room.near} == {"ur"}


def test_the_projector_shows_an_urdu_statement_in_urdu_in_its_bar_and_in_the_common_ground(client):
    workshop = projector_world(MembershipFactory().project, ActivityKind.STATEMENTS)
    urdu = _urdu_statements(workshop, numbers=[0, 3])  # 0 is common ground (everyone agreed)

    fragment = _page(client, workshop, "workshops:projector_partial")

    assert _marked(fragment, urdu[0].text) == [("ur", "auto"), ("ur", "auto")]  # its bar, the common ground
    assert _marked(fragment, urdu[1].text) == [("ur", "auto")]
    assert 'class="app-pj-bar__label" lang="ur" dir="auto"' in fragment
    seed = Statement.objects.get(activity__workshop=workshop, number=1).text
    assert _marked(fragment, seed)[0] == ("", "auto")  # a seed's language is not recorded


def test_the_results_page_and_the_room_show_each_statement_in_its_language(client):
    workshop, activity, _, _ = room_world()
    urdu = _urdu_statements(workshop)

    results = _page(client, workshop, "workshops:workshop_results")
    room = client.get(
        reverse("workshops:facilitate_partial", kwargs=_ids(workshop)) + "?part=room",
        headers={"X-Requested-With": "fetch"},
    ).content.decode()
    moderation = _page(
        client, workshop, "workshops:statement_moderation", statements_activity_id=activity.public_id
    )

    for page in (results, room):
        shown = [place for statement in urdu for place in _marked(page, statement.text)]
        assert shown and set(shown) == {("ur", "auto")}
    assert "Close to common ground" in room and _marked(room, urdu[6].text) == [("ur", "auto")]
    assert {place for s in urdu for place in _marked(moderation, s.text)} == {("ur", "auto")}


def test_the_results_page_the_projector_and_moderation_show_an_urdu_card_in_urdu(client):
    workshop = projector_world(MembershipFactory().project, ActivityKind.DOT_VOTE)
    top = DotVote.objects.filter(activity__workshop=workshop).values_list("card", flat=True)
    card = Card.objects.get(pk=max(set(top), key=list(top).count))
    card.text, card.language = URDU, "ur"
    card.save()
    arabic = Card.objects.filter(activity=card.activity, dots__isnull=False).exclude(pk=card.pk).first()
    assert arabic is not None
    arabic.text, arabic.language = ARABIC, "ar"
    arabic.save()

    fragment = _page(client, workshop, "workshops:projector_partial")
    results = _page(client, workshop, "workshops:workshop_results")
    moderation = _page(client, workshop, "workshops:moderation", activity_id=card.activity.public_id)

    assert _marked(fragment, URDU) == [("ur", "auto")]
    assert _marked(fragment, ARABIC) == [("ar", "auto")]
    assert set(_marked(results, URDU)) == {("ur", "auto")} and set(_marked(results, ARABIC)) == {
        ("ar", "auto")
    }
    assert set(_marked(moderation, URDU)) == {("ur", "auto")}


def test_the_workshops_word_summary_sets_urdu_statements_in_nastaliq_with_their_language():
    workshop, _, _, _ = room_world()
    _urdu_statements(workshop)

    doc = read_docx(io.BytesIO(summary_document(results=workshop_results(workshop=workshop))))

    runs = [r for r in doc.element.body.iter(qn("w:r")) if URDU in "".join(t.text for t in r.iter(qn("w:t")))]
    assert runs  # the groups' statements, the common ground, where they differ, across sectors
    for run in runs:
        assert run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:cs")) == "Noto Nastaliq Urdu"
        assert run.find(f"{qn('w:rPr')}/{qn('w:lang')}").get(qn("w:bidi")) == "ur"
        assert run.getparent().find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None


def test_the_facilitator_edits_an_urdu_card_in_urdu(client):
    board = ActivityFactory(kind=ActivityKind.IDEA_BOARD, columns=["Ideas"])
    card = Card.objects.create(activity=board, column="Ideas", text=URDU, language="ur")

    page = _page(
        client, board.workshop, "workshops:card_edit", activity_id=board.public_id, card_id=card.public_id
    )

    field = lxml.html.fromstring(page).xpath("//textarea[@name='text']")[0]
    assert (field.text.strip(), field.get("lang"), field.get("dir")) == (URDU, "ur", "auto")


def test_statements_and_cards_carried_into_a_later_workshop_keep_their_language(client, project, lead):
    world = results_world(project)
    Statement.objects.filter(activity=world.statements).update(text=URDU, language="ur")
    Card.objects.filter(activity=world.board).update(language="pl")
    later = WorkshopFactory(
        series=world.workshop.series, starts_at=world.workshop.starts_at + dt.timedelta(days=30)
    )

    statements = activity_carry_forward(source=world.statements, workshop=later, by=lead)
    board = activity_carry_forward(source=world.board, workshop=later, by=lead)

    assert {s.language for s in statements.statements.all()} == {"ur"}
    assert board.cards.exists() and {c.language for c in board.cards.all()} == {"pl"}
    carried = series_results(series=later.series).carried
    assert carried and {c.language for c in carried} == {"ur"}
    client.force_login(lead)
    ids = {"project_id": project.public_id, "series_id": later.series.public_id}
    page = client.get(reverse("workshops:series_results", kwargs=ids)).content.decode()
    assert set(_marked(page, URDU)) == {("ur", "auto")}
