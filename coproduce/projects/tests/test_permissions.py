"""The rules about one record in the permission policy: whose coding, which screener, which transcript."""

import pytest

from coproduce.projects.permissions import (
    ProjectRole,
    may_read_transcript,
    may_remove_coding,
    may_remove_others_codings,
    may_resolve_disagreement,
)

ME, SOMEONE = 7, 8


@pytest.mark.parametrize(
    "role, coder_id, allowed",
    [
        (ProjectRole.LEAD, ME, True),
        (ProjectRole.LEAD, SOMEONE, True),
        (ProjectRole.LEAD, None, True),  # the coder has left the team
        (ProjectRole.RESEARCHER, ME, True),
        (ProjectRole.RESEARCHER, SOMEONE, False),
        (ProjectRole.RESEARCHER, None, False),
        (ProjectRole.FACILITATOR, ME, False),
        (ProjectRole.OBSERVER, ME, False),
        (None, ME, False),
    ],
)
def test_may_remove_coding(role, coder_id, allowed):
    assert may_remove_coding(role=role, user_id=ME, coder_id=coder_id) is allowed


def test_only_a_lead_may_remove_others_codings():
    assert [role for role in ProjectRole if may_remove_others_codings(role)] == [ProjectRole.LEAD]
    assert may_remove_others_codings(None) is False


@pytest.mark.parametrize(
    "screeners, allowed", [({SOMEONE, 9}, True), ({ME, SOMEONE}, False), ({SOMEONE, None}, True)]
)
def test_may_resolve_disagreement_only_as_a_third_person(screeners, allowed):
    assert may_resolve_disagreement(user_id=ME, screener_ids=screeners) is allowed


def test_may_resolve_disagreement_never_without_a_user():
    assert may_resolve_disagreement(user_id=None, screener_ids={None, SOMEONE}) is False


@pytest.mark.parametrize("role", [*ProjectRole, None])
@pytest.mark.parametrize("pseudonymised", [True, False])
def test_may_read_transcript(role, pseudonymised):
    expected = role is not None and (pseudonymised or role in {ProjectRole.LEAD, ProjectRole.RESEARCHER})

    assert may_read_transcript(role=role, pseudonymised=pseudonymised) is expected
