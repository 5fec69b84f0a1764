"""The codebook services: create, edit, move, merge and split codes, with each step in the history."""

import pytest
from django.core.exceptions import ValidationError

from coproduce.analysis.models import Code, CodeEvent, Coding
from coproduce.analysis.selectors.codebook import code_history, code_tree
from coproduce.analysis.services.codebook import code_create, code_merge, code_move, code_split, code_update
from coproduce.analysis.services.codings import coding_create
from coproduce.core.models import AuditEvent
from coproduce.projects.tests.factories import ProjectFactory

from .codebook_fixtures import TEXT, span, transcript_for


@pytest.fixture
def transcript(project):
    return transcript_for(project)


def test_code_create_nests_under_a_parent_and_keeps_order(project, lead):
    # given a code with two sub-codes
    trust = code_create(project=project, by=lead, name="Trust", level="cultural")
    informal = code_create(project=project, by=lead, name="Informal trust", parent=trust)
    formal = code_create(project=project, by=lead, name="Formal trust", parent=trust)

    # then the tree shows them in the order they were made, with their history and an audit row
    (root,) = code_tree(project=project)
    assert root.code == trust and [n.code for n in root.children] == [informal, formal]
    assert [n.depth for n in root.children] == [1, 1]
    assert CodeEvent.objects.filter(code=informal, action="created").exists()
    assert AuditEvent.objects.filter(action="analysis.code.created").count() == 3


def test_code_create_refuses_a_name_already_used_at_the_same_place(project, lead):
    trust = code_create(project=project, by=lead, name="Trust")
    code_create(project=project, by=lead, name="Informal", parent=trust)

    with pytest.raises(ValidationError) as error:
        code_create(project=project, by=lead, name="trust")
    assert "already a code called trust" in str(error.value)
    with pytest.raises(ValidationError):
        code_create(project=project, by=lead, name="INFORMAL", parent=trust)
    # the same name under another parent is fine
    assert code_create(project=project, by=lead, name="Informal").parent is None


def test_code_update_keeps_a_rename_in_the_history(project, lead):
    code = code_create(project=project, by=lead, name="Trust")

    code_update(code=code, by=lead, name="Trust between sectors", definition="Belief the other side delivers")

    code.refresh_from_db()
    assert code.name == "Trust between sectors"
    actions = [(e.action, e.details) for e in CodeEvent.objects.filter(code=code)]
    assert ("renamed", {"old": "Trust", "new": "Trust between sectors"}) in actions
    assert ("edited", {"fields": ["definition"]}) in actions
    sentences = [entry.sentence for entry in code_history(code=code)]
    assert "Renamed from Trust to Trust between sectors" in sentences
    assert "Changed definition" in sentences


def test_code_update_refuses_a_clashing_name_and_a_bad_colour(project, lead):
    code_create(project=project, by=lead, name="Trust")
    funding = code_create(project=project, by=lead, name="Funding")

    with pytest.raises(ValidationError):
        code_update(code=funding, by=lead, name="TRUST")
    with pytest.raises(ValidationError):
        code_update(code=funding, by=lead, colour="red")


def test_code_move_refuses_its_own_descendant(project, lead):
    trust = code_create(project=project, by=lead, name="Trust")
    informal = code_create(project=project, by=lead, name="Informal", parent=trust)
    tea = code_create(project=project, by=lead, name="Over tea", parent=informal)

    for target in (trust, informal, tea):
        with pytest.raises(ValidationError, match="cannot go inside itself"):
            code_move(code=trust, by=lead, parent=target)

    code_move(code=tea, by=lead, parent=None)
    tea.refresh_from_db()
    assert tea.parent is None
    assert "Moved to the top level" in [e.sentence for e in code_history(code=tea)]


def test_code_move_refuses_a_code_of_another_project(project, lead):
    mine = code_create(project=project, by=lead, name="Trust")
    theirs = code_create(project=ProjectFactory(), by=lead, name="Theirs")

    with pytest.raises(ValidationError):
        code_move(code=mine, by=lead, parent=theirs)


def test_code_merge_moves_codings_without_duplicates(project, lead, transcript):
    # given two codes on the same words by the same coder, and one coding only "Informal trust" has
    trust = code_create(project=project, by=lead, name="Trust")
    informal = code_create(project=project, by=lead, name="Informal trust")
    child = code_create(project=project, by=lead, name="Over tea", parent=informal)
    start, end = span(TEXT, "trust is built informally")
    coding_create(transcript=transcript, code=trust, by=lead, start=start, end=end)
    coding_create(transcript=transcript, code=informal, by=lead, start=start, end=end)
    tea_start, tea_end = span(TEXT, "over tea")
    coding_create(transcript=transcript, code=informal, by=lead, start=tea_start, end=tea_end)

    # when "Informal trust" is merged into "Trust"
    code_merge(code=informal, into=trust, by=lead)

    # then Trust has each span once, the sub-code moved, and the merged code left the codebook
    assert sorted((c.start, c.end) for c in Coding.objects.filter(code=trust)) == sorted(
        [(start, end), (tea_start, tea_end)]
    )
    assert not Coding.objects.filter(code=informal).exists()
    informal.refresh_from_db()
    child.refresh_from_db()
    assert informal.merged_into == trust and child.parent == trust
    assert [n.code for n in code_tree(project=project)] == [trust]
    assert "Took in Informal trust (1 coding moved)" in [e.sentence for e in code_history(code=trust)]
    # the name is free again
    assert code_create(project=project, by=lead, name="Informal trust").pk != informal.pk


def test_code_merge_refuses_itself_and_its_descendants(project, lead):
    trust = code_create(project=project, by=lead, name="Trust")
    informal = code_create(project=project, by=lead, name="Informal", parent=trust)

    with pytest.raises(ValidationError):
        code_merge(code=trust, into=trust, by=lead)
    with pytest.raises(ValidationError):
        code_merge(code=trust, into=informal, by=lead)


def test_code_split_moves_the_chosen_codings_to_a_new_sibling(project, lead, transcript):
    parent = code_create(project=project, by=lead, name="Relationships")
    trust = code_create(project=project, by=lead, name="Trust", parent=parent, colour="#d4351c")
    first = coding_create(transcript=transcript, code=trust, by=lead, start=0, end=11)
    tea_start, tea_end = span(TEXT, "over tea")
    second = coding_create(transcript=transcript, code=trust, by=lead, start=tea_start, end=tea_end)

    new = code_split(code=trust, by=lead, name="Informal trust", coding_ids=[second.pk])

    assert new.parent == parent and new.colour == "#d4351c"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.code == trust and second.code == new
    assert "Split: 1 coding went to the new code Informal trust" in [
        e.sentence for e in code_history(code=trust)
    ]


def test_code_split_ignores_codings_of_other_codes(project, lead, transcript):
    trust = code_create(project=project, by=lead, name="Trust")
    funding = code_create(project=project, by=lead, name="Funding")
    theirs = coding_create(transcript=transcript, code=funding, by=lead, start=0, end=11)

    new = code_split(code=trust, by=lead, name="Informal trust", coding_ids=[theirs.pk])

    theirs.refresh_from_db()
    assert theirs.code == funding and not new.codings.exists()


def test_code_tree_counts_codings_and_transcripts(project, lead, transcript):
    second = transcript_for(project, code="P08")
    trust = code_create(project=project, by=lead, name="Trust")
    code_create(project=project, by=lead, name="Unused")
    coding_create(transcript=transcript, code=trust, by=lead, start=0, end=11)
    coding_create(transcript=transcript, code=trust, by=lead, start=13, end=20)
    coding_create(transcript=second, code=trust, by=lead, start=0, end=11)

    counts = {n.code.name: (n.codings, n.transcripts) for n in code_tree(project=project)}

    assert counts == {"Trust": (3, 2), "Unused": (0, 0)}
    assert Code.objects.count() == 2


def test_the_tree_keeps_codebook_order_although_its_counts_are_grouped(project, lead):
    # given codes made in one order and then put in another (codebook order is `order`, then name)
    late = code_create(project=project, by=lead, name="Made first")
    early = code_create(project=project, by=lead, name="Made second")
    Code.objects.filter(pk=late.pk).update(order=2)
    Code.objects.filter(pk=early.pk).update(order=1)
    # then the tree, whose query counts codings per code, lists them in codebook order, not in id order
    assert [n.code.name for n in code_tree(project=project)] == ["Made second", "Made first"]
