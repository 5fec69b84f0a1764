"""Suggested redactions: names from the register, patterns, and the optional recogniser."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coproduce.interviews.redaction import KnownName, Suggestion, apply_redactions, suggest_redactions

REGISTER = [
    KnownName("Mira Osei", "P01"),
    KnownName("Dr Tomos Ap Rhys", "P02"),
    KnownName("Will Baker", "P03"),
    KnownName("Northfield Housing Trust", "ORG1", "organisation"),
    KnownName("Jo Li", "P04"),
]


def found(text, names=REGISTER, find_other_names=False):
    suggestions = suggest_redactions(text=text, known_names=names, find_other_names=find_other_names)
    return [(s.text, s.kind, s.replacement) for s in suggestions]


def test_suggest_redactions_full_first_and_surnames():
    text = "MIRA OSEI joined. Mira's view: Osei agreed with Dr Rhys and Tomos at Northfield Housing Trust."
    assert found(text) == [
        ("MIRA OSEI", "person", "P01"),
        ("Mira", "person", "P01"),
        ("Osei", "person", "P01"),
        ("Dr Rhys", "person", "P02"),
        ("Tomos", "person", "P02"),
        ("Northfield Housing Trust", "organisation", "ORG1"),
    ]


def test_suggest_redactions_whole_words_only():
    text = "Miras, Oseis and Mira-Jane; O'Rhys; Northfield Housing Trustees; Li and Jo stay (two letters)."
    assert found(text) == []


def test_suggest_redactions_everyday_words_need_a_capital():
    assert found("I will bake. Will said the baker was Baker.") == [
        ("Will", "person", "P03"),
        ("Baker", "person", "P03"),
    ]


def test_suggest_redactions_shared_first_name_is_flagged():
    names = [KnownName("Mira Osei", "P01"), KnownName("Mira Lutz", "P05")]
    [suggestion] = suggest_redactions(text="Mira said so.", known_names=names)
    assert suggestion.replacement == "[name]"
    assert "P01" in suggestion.reason and "P05" in suggestion.reason


def test_suggest_redactions_name_across_a_line_break_and_unicode():
    names = [KnownName("Siân Llywelyn", "P06"), KnownName("Zoë Müller", "P07")]
    assert found("Siân\nLlywelyn and ZOË MÜLLER and Müller's.", names) == [
        ("Siân\nLlywelyn", "person", "P06"),
        ("ZOË MÜLLER", "person", "P07"),
        ("Müller", "person", "P07"),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "match"),
    [
        ("write to mira.osei+work@example.org.uk today", "email", "mira.osei+work@example.org.uk"),
        ("call 07700 900123 now", "phone", "07700 900123"),
        ("call 07700900123 now", "phone", "07700900123"),
        ("call +44 7700 900123 now", "phone", "+44 7700 900123"),
        ("call +44 (0)121 496 0000 now", "phone", "+44 (0)121 496 0000"),
        ("call 0121 496 0000 now", "phone", "0121 496 0000"),
        ("call (0121) 496 0000 now", "phone", "(0121) 496 0000"),
        ("call 020 7946 0000 now", "phone", "020 7946 0000"),
        ("call 01632 960000 now", "phone", "01632 960000"),
        ("we are in B15 2TT.", "postcode", "B15 2TT"),
        ("we are in sw1a 1aa.", "postcode", "sw1a 1aa"),
        ("we are in B5, mostly", "postcode", "B5"),
        ("we are in SW1A", "postcode", "SW1A"),
        ("at 12 Church Road, near the", "address", "12 Church Road"),
        ("at Flat 3, 45 Hill Street in", "address", "Flat 3, 45 Hill Street"),
        ("at 7a Upper Mill Lane.", "address", "7a Upper Mill Lane"),
        ("at 10 Downing St. today", "address", "10 Downing St."),
    ],
)
def test_suggest_redactions_patterns(text, kind, match):
    suggestions = suggest_redactions(text=text, known_names=[], find_other_names=False)
    assert [(s.kind, s.text) for s in suggestions] == [(kind, match)]
    assert suggestions[0].replacement == f"[{kind}]"


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 we had 3 kids on the road.",
        "CO2 and HS2 and the A1 and 4G.",
        "Ratio 1234 5678 9012 3456 is a card number, not a phone.",
        "Call 0121 496 00 later",
        "Version 0.1.2 of the app",
        "The year 2020 2021 2022",
    ],
)
def test_suggest_redactions_leaves_ordinary_text(text):
    assert suggest_redactions(text=text, known_names=[], find_other_names=False) == []


def test_suggest_redactions_longest_overlap_wins():
    # given an organisation whose name contains a person's surname, and an address containing a postcode area
    names = [KnownName("Ada Hughes", "P08"), KnownName("Hughes and Partners Ltd", "ORG2", "organisation")]
    text = "Hughes and Partners Ltd, 4 Hughes Street, B15 2TT. Hughes."
    suggestions = suggest_redactions(text=text, known_names=names)
    assert [(s.text, s.kind) for s in suggestions] == [
        ("Hughes and Partners Ltd", "organisation"),
        ("4 Hughes Street", "address"),
        ("B15 2TT", "postcode"),
        ("Hughes", "person"),
    ]
    for earlier, later in itertools.pairwise(suggestions):
        assert earlier.end <= later.start
    assert all(text[s.start : s.end] == s.text for s in suggestions)


def test_suggest_redactions_offsets_are_code_points():
    text = "\U0001f600 caf\u00e9 \u6211 Mira Osei \U0001f44d\U0001f3fd mira@example.org"
    for suggestion in suggest_redactions(text=text, known_names=REGISTER):
        assert text[suggestion.start : suggestion.end] == suggestion.text
    assert found(text) == [("Mira Osei", "person", "P01"), ("mira@example.org", "email", "[email]")]


def test_apply_redactions_replaces_accepted_suggestions():
    text = "Mira Osei (mira@example.org) lives at 12 Church Road."
    suggestions = suggest_redactions(text=text, known_names=REGISTER)
    redacted, offsets = apply_redactions(text, suggestions)
    assert redacted == "P01 ([email]) lives at [address]."
    assert offsets.span_to_redacted(0, len(text)) == (0, len(redacted))
    start = text.index("lives")
    assert redacted[offsets.to_redacted(start) : offsets.to_redacted(start + 5)] == "lives"


@pytest.mark.parametrize(
    "accepted",
    [
        [Suggestion(0, 4, "Mira", "person", "P01", ""), Suggestion(2, 6, "ra O", "person", "P01", "")],
        [Suggestion(0, 4, "Mora", "person", "P01", "")],
        [Suggestion(3, 3, "", "person", "P01", "")],
        [Suggestion(5, 20, "Osei", "person", "P01", "")],
    ],
    ids=["overlap", "stale", "empty", "past-the-end"],
)
def test_apply_redactions_refuses_bad_input(accepted):
    with pytest.raises(ValueError):
        apply_redactions("Mira Osei", accepted)


NAME_TEXT = st.lists(
    st.sampled_from(
        [
            "Mira",
            "Osei",
            "mira",
            "OSEI",
            "Mira Osei",
            "'s",
            "\u2019s",
            " ",
            "\n",
            "-",
            "O'",
            "Dr ",
            "Will",
            "Baker",
            "07700 900123",
            "B15 2TT",
            "B5",
            "12 Church Road",
            "a@b.co",
            "Flat 3, ",
            "Northfield",
            " Housing Trust",
            "\u0301",
            "\U0001f600",
            "caf\u00e9",
            ".",
            ",",
            "0",
            "+44 ",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(NAME_TEXT, st.text(max_size=100)))
def test_suggest_redactions_never_overlap_and_match_the_text(text):
    suggestions = suggest_redactions(text=text, known_names=REGISTER, find_other_names=False)
    for suggestion in suggestions:
        assert 0 <= suggestion.start < suggestion.end <= len(text)
        assert text[suggestion.start : suggestion.end] == suggestion.text
    for earlier, later in itertools.pairwise(suggestions):
        assert earlier.end <= later.start
    redacted, offsets = apply_redactions(text, suggestions)
    assert offsets.span_to_redacted(0, len(text)) == (0, len(redacted))


FILLER = st.text(alphabet=st.sampled_from("abc xyz.,;!?\n\u00e9\U0001f600\u6211()\"'"), max_size=12)
FORMS = st.sampled_from(["Mira Osei", "MIRA OSEI", "Mira\nOsei", "Mira", "Osei", "Osei's", "Dr Osei"])


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.tuples(FILLER, FORMS), min_size=1, max_size=6), tail=FILLER)
def test_suggest_redactions_finds_every_register_name(pieces, tail):
    # given a register name, in one of its forms, between arbitrary words and punctuation
    text, spans = "", []
    for filler, form in pieces:
        text += filler + " "
        name = form.removesuffix("'s")
        spans.append((len(text), len(text) + len(name)))
        text += form + " "
    text += tail
    # when redactions are suggested
    suggestions = suggest_redactions(
        text=text, known_names=[KnownName("Mira Osei", "P01")], find_other_names=False
    )
    # then each occurrence is covered by a suggestion that replaces it with the pseudonym
    for start, end in spans:
        assert any(s.start <= start and end <= s.end and s.replacement == "P01" for s in suggestions)
