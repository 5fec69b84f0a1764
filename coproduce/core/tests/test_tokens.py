"""Signed public-id tokens: stable for a row, bound to their salt, and old timestamped links still work."""

import uuid

from django.core import signing
from hypothesis import given
from hypothesis import strategies as st

from coproduce.core.tokens import public_id_from_token, public_id_token, timed_public_id_token

ID = uuid.UUID("8b7f1f0e-3c2a-4f4e-9a51-2d1f0c9b7a11")


def test_public_id_token_is_the_same_each_time_and_reads_back():
    # given two tokens for one row made at different moments (the clock plays no part)
    first, second = public_id_token(ID, salt="a"), public_id_token(ID, salt="a")

    assert first == second
    assert public_id_from_token(first, salt="a") == ID


def test_public_id_token_does_not_open_a_link_of_another_kind():
    assert public_id_from_token(public_id_token(ID, salt="a"), salt="b") is None


def test_a_timestamped_token_issued_before_still_opens_its_link():
    legacy = signing.dumps(str(ID), salt="a")

    assert public_id_from_token(legacy, salt="a") == ID
    assert public_id_from_token(legacy, salt="b") is None


def test_max_age_accepts_only_timed_tokens_that_recent():
    assert public_id_from_token(timed_public_id_token(ID, salt="a"), salt="a", max_age=60) == ID
    assert public_id_from_token(public_id_token(ID, salt="a"), salt="a", max_age=60) is None
    assert public_id_from_token(timed_public_id_token(ID, salt="a"), salt="a", max_age=-1) is None


@given(st.text(max_size=200))
def test_any_altered_or_made_up_token_names_nothing(text):
    assert public_id_from_token(text, salt="a") is None
    assert public_id_from_token(public_id_token(ID, salt="a") + text[:1] + "x", salt="a") is None
