"""Offsets between original and redacted text: checked on many random texts and redactions."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.interviews.redaction import OffsetMap, Suggestion, apply_redactions

TEXT = st.text(alphabet=st.sampled_from("ab \n\u00e9\u0301\U0001f600\u6211\u0175"), max_size=40)
REPLACEMENTS = st.sampled_from(["", "X", "[person]", "P01", "\U0001f512"])


@st.composite
def redactions(draw, *, allow_empty=True):
    text = draw(TEXT)
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    replacements = REPLACEMENTS if allow_empty else REPLACEMENTS.filter(bool)
    accepted: list[Suggestion] = []
    pairs = list(zip(cuts[::2], cuts[1::2], strict=False))
    for start, end in pairs:
        if draw(st.booleans()) or not accepted:
            accepted.append(Suggestion(start, end, text[start:end], "person", draw(replacements), "test"))
    if draw(st.booleans()) and len(accepted) > 1:  # some redactions touch: end of one is start of the next
        first = accepted[0]
        second = accepted[1]
        accepted[0] = Suggestion(
            first.start, second.start, text[first.start : second.start], "person", "Y", "t"
        )
    return text, [s for s in accepted if s.start < s.end]


def _inside(offset, spans, *, redacted):
    return any((c < offset < d) if redacted else (a < offset < b) for a, b, c, d in spans)


@settings(max_examples=300, deadline=None)
@given(case=redactions())
def test_apply_redactions_text_and_unchanged_characters(case):
    text, accepted = case
    redacted, offsets = apply_redactions(text, accepted)
    # the redacted text is the original with each span swapped for its replacement
    expected, position = [], 0
    for s in accepted:
        expected += [text[position : s.start], s.replacement]
        position = s.end
    assert redacted == "".join([*expected, text[position:]])
    assert (offsets.original_length, offsets.redacted_length) == (len(text), len(redacted))
    # characters outside redactions are found where the map says
    for o in range(len(text)):
        if not any(s.start <= o < s.end for s in accepted):
            assert redacted[offsets.to_redacted(o)] == text[o]
    # each redaction maps to its replacement
    for s, (a, b, c, d) in zip(accepted, offsets.spans, strict=True):
        assert (a, b) == (s.start, s.end)
        assert offsets.span_to_redacted(a, b) == (c, d)
        assert redacted[c:d] == s.replacement


@settings(max_examples=300, deadline=None)
@given(case=redactions())
def test_offset_map_redacted_offsets_round_trip(case):
    text, accepted = case
    redacted, offsets = apply_redactions(text, accepted)
    for p in range(len(redacted) + 1):
        for bias in ("start", "end"):
            original = offsets.to_original(p, bias=bias)
            assert 0 <= original <= len(text)
            if not _inside(p, offsets.spans, redacted=True):
                assert offsets.to_redacted(original, bias=bias) == p


@settings(max_examples=300, deadline=None)
@given(case=redactions(allow_empty=False))
def test_offset_map_original_offsets_round_trip(case):
    text, accepted = case
    _redacted, offsets = apply_redactions(text, accepted)
    for o in range(len(text) + 1):
        if not _inside(o, offsets.spans, redacted=False):
            for bias in ("start", "end"):
                assert offsets.to_original(offsets.to_redacted(o, bias=bias), bias=bias) == o


@settings(max_examples=300, deadline=None)
@given(case=redactions(), data=st.data())
def test_offset_map_spans_cover_and_are_stable(case, data):
    text, accepted = case
    redacted, offsets = apply_redactions(text, accepted)
    # a coding made on the redacted text
    start = data.draw(st.integers(0, len(redacted)))
    end = data.draw(st.integers(start, len(redacted)))
    original = offsets.span_to_original(start, end)
    assert original[0] <= original[1]
    back = offsets.span_to_redacted(*original)
    # maps back to a span covering it; exactly itself when it does not cut through a replacement
    assert back[0] <= start and end <= back[1]
    if not _inside(start, offsets.spans, redacted=True) and not _inside(end, offsets.spans, redacted=True):
        assert back == (start, end)
    # widening is done once: mapping again changes nothing
    assert offsets.span_to_redacted(*offsets.span_to_original(*back)) == back
    # a coding made on the original text maps to a span covering the same words
    o_start = data.draw(st.integers(0, len(text)))
    o_end = data.draw(st.integers(o_start, len(text)))
    r_start, r_end = offsets.span_to_redacted(o_start, o_end)
    again = offsets.span_to_original(r_start, r_end)
    assert again[0] <= o_start and o_end <= again[1]


@settings(max_examples=200, deadline=None)
@given(case=redactions())
def test_offset_map_is_monotonic_and_serialisable(case):
    text, accepted = case
    redacted, offsets = apply_redactions(text, accepted)
    for bias in ("start", "end"):
        forward = [offsets.to_redacted(o, bias=bias) for o in range(len(text) + 1)]
        backward = [offsets.to_original(p, bias=bias) for p in range(len(redacted) + 1)]
        assert forward == sorted(forward) and backward == sorted(backward)
    assert OffsetMap.from_list(offsets.as_list()) == offsets


def test_offset_map_rejects_offsets_outside_the_text():
    _redacted, offsets = apply_redactions("Mira Osei", [Suggestion(0, 4, "Mira", "person", "P01", "")])
    with pytest.raises(ValueError):
        offsets.to_redacted(10)
    with pytest.raises(ValueError):
        offsets.to_original(-1)


def test_offset_map_example():
    text = "Ask Mira Osei about Flat 3, 45 Hill Street."
    accepted = [
        Suggestion(4, 13, "Mira Osei", "person", "P01", ""),
        Suggestion(20, 42, "Flat 3, 45 Hill Street", "address", "[address]", ""),
    ]
    redacted, offsets = apply_redactions(text, accepted)
    assert redacted == "Ask P01 about [address]."
    assert offsets.span_to_original(4, 7) == (4, 13)
    assert offsets.span_to_original(5, 6) == (4, 13)  # part of a pseudonym means the whole name
    assert offsets.span_to_redacted(0, len(text)) == (0, len(redacted))
    assert offsets.to_redacted(text.index("about")) == redacted.index("about")
