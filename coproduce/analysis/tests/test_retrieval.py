import pytest

from coproduce.analysis.selectors.retrieval import (
    CONTEXT_CHARS,
    NOT_RECORDED,
    SegmentFilters,
    _trim,
    code_tree,
    code_with_subcodes,
    segment_filter_choices,
    segment_list,
    segments_with_context,
)
from coproduce.analysis.selectors.search import text_fold, transcript_search
from coproduce.analysis.services.codebook import code_create
from coproduce.people.sectors import Sector, Subsector

from .retrieval_data import retrieval_world

pytestmark = pytest.mark.django_db


def _snippets(world, **filters):
    codings = segment_list(project=world.project, filters=SegmentFilters(**filters))
    return [c.snippet for c in codings]


def test_code_tree_puts_sub_codes_under_their_parent():
    world = retrieval_world()
    tree = code_tree(project=world.project)
    assert [(t.code.name, t.depth, t.path) for t in tree] == [
        ("Trust", 0, "Trust"),
        ("Informal trust", 1, "Trust / Informal trust"),
        ("Funding", 0, "Funding"),
    ]
    assert code_with_subcodes(tree=tree, code=world.trust) == sorted([world.trust.pk, world.informal.pk])


def test_segment_list_leaves_out_transcripts_still_being_pseudonymised():
    world = retrieval_world()
    assert "Funding was cut" not in _snippets(world)
    assert len(_snippets(world)) == 5


def test_segment_list_by_code_with_and_without_sub_codes():
    world = retrieval_world()
    tree = code_tree(project=world.project)
    with_subcodes = _snippets(world, code_ids=code_with_subcodes(tree=tree, code=world.trust))
    assert with_subcodes == [
        "We trust the Café Rosa volunteers", "trust takes years to build", "informal trust with the mosque"
    ]  # fmt: skip
    assert "informal trust with the mosque" not in _snippets(world, code_ids=[world.trust.pk])


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"sector": Sector.PUBLIC_SECTOR}, 2),
        ({"sector": Sector.VCFSE}, 3),
        ({"sector": Sector.FUNDER}, 0),
        ({"sector": NOT_RECORDED}, 0),
        ({"subsector": Subsector.FAITH}, 3),
        ({"ward": "Northfield"}, 2),
        ({"level": "strategic"}, 2),
    ],
)
def test_segment_list_filters(filters, expected):
    world = retrieval_world()
    assert len(_snippets(world, **filters)) == expected


def test_segment_list_by_coder():
    world = retrieval_world()
    assert _snippets(world, coder_id=world.researcher.pk) == [
        "Funding is short every year", "trust takes years to build"
    ]  # fmt: skip


def test_segment_list_stays_inside_its_project():
    world, other = retrieval_world(), retrieval_world()
    codings = segment_list(project=world.project, filters=SegmentFilters(code_ids=[other.trust.pk]))
    assert list(codings) == []


def test_segments_with_context_gives_the_words_around_it_in_its_turn():
    world = retrieval_world()
    codings = segment_list(project=world.project, filters=SegmentFilters(code_ids=[world.funding.pk]))
    first = segments_with_context(project=world.project, codings=codings)[0]
    assert first.before == "We trust the Café Rosa volunteers more than the council. "
    assert first.text == "Funding is short every year"
    assert first.after == ", and trust takes years to build."
    assert (first.person, first.sector, first.organisation_type, first.ward) == (
        "P01", "VCFSE (voluntary, community, faith, social enterprise)", "Faith organisation", "Brookvale"
    )  # fmt: skip
    assert first.role == "Participant"
    assert str(world.food_bank.interview.public_id) in first.link
    assert "Interviewer" not in first.before  # the question is another turn


def test_segment_filter_choices_offer_what_the_project_has():
    world = retrieval_world()
    choices = segment_filter_choices(project=world.project)
    assert choices.wards == ["Brookvale", "Northfield"]
    assert [value for value, _ in choices.subsectors] == [Subsector.FAITH, Subsector.NHS]
    assert {pk for pk, _ in choices.coders} == {world.lead.pk, world.researcher.pk}


def test_merged_codes_leave_the_tree():
    world = retrieval_world()
    gone = code_create(project=world.project, by=world.lead, name="Old")
    gone.merged_into = world.trust
    gone.save()
    assert "Old" not in [t.code.name for t in code_tree(project=world.project)]


# search


def test_text_fold_keeps_offsets_of_the_original():
    folded, origins = text_fold("Straße Café")
    assert folded == "strasse cafe"
    assert origins is not None and origins[folded.index("cafe")] == 7
    assert text_fold("Plain text") == ("plain text", None)


def test_transcript_search_ignores_case_and_accents():
    world = retrieval_world()
    results = transcript_search(project=world.project, query="CAFE rosa")
    assert [r.person for r in results] == ["P01"]
    assert results[0].hits[0].match == "Café Rosa"
    assert results[0].hits[0].before.endswith("We trust the ")


def test_transcript_search_reads_only_pseudonymised_transcripts():
    world = retrieval_world()
    results = transcript_search(project=world.project, query="cut in March")
    assert results == []


def test_transcript_search_counts_every_match_and_filters_by_sector():
    world = retrieval_world()
    results = transcript_search(project=world.project, query="trust")
    assert [(r.person, r.total) for r in results] == [("P01", 2), ("P02", 2)]
    public = transcript_search(project=world.project, query="trust", sector=Sector.PUBLIC_SECTOR)
    assert [r.person for r in public] == ["P02"]


def test_transcript_search_with_nothing_to_find():
    world = retrieval_world()
    assert transcript_search(project=world.project, query="   ") == []


def test_context_is_cut_at_a_word_near_the_limit():
    words = "word " * 100
    before = _trim(words, keep_end=True)
    after = _trim(words.strip(), keep_end=False)
    assert before.startswith("…word") and len(before) <= CONTEXT_CHARS + 1
    assert after.endswith("word…") and len(after) <= CONTEXT_CHARS + 1
    assert _trim("short", keep_end=True) == "short"
