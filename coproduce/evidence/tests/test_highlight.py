"""The highlighter: whole words, stems, phrases, both kinds of term, and text and terms that hold markup."""

from collections.abc import Sequence

import pytest

from coproduce.evidence.highlight import highlighter_build, term_problem, terms_parse

REL = '<mark class="app-hl app-hl--relevant">'
IRR = '<mark class="app-hl app-hl--irrelevant">'
END = "</mark>"


def _mark(text: str, relevant: Sequence[str] = (), irrelevant: Sequence[str] = ()) -> str:
    return str(highlighter_build(relevant=list(relevant), irrelevant=list(irrelevant)).mark(text))


def test_highlighter_mark_finds_whole_words_whatever_their_case():
    assert _mark("Child care; a child's view; children", ["child"]) == (
        f"{REL}Child{END} care; a {REL}child{END}&#x27;s view; children"
    )


def test_highlighter_mark_finds_every_ending_of_a_stem():
    assert _mark("Childhood and children, not schoolchildren", ["child*"]) == (
        f"{REL}Childhood{END} and {REL}children{END}, not schoolchildren"
    )


def test_highlighter_mark_finds_a_phrase_across_spaces_and_a_line_break():
    assert _mark("Young  people and young\npeople, youngpeople", ["young people"]) == (
        f"{REL}Young  people{END} and {REL}young\npeople{END}, youngpeople"
    )


def test_highlighter_mark_shows_each_kind_in_its_own_class_and_prefers_the_longer_term():
    marked = _mark("Rats in youth services; youth work", ["youth services"], ["rat*", "youth"])
    assert marked == f"{IRR}Rats{END} in {REL}youth services{END}; {IRR}youth{END} work"


def test_highlighter_mark_marks_nothing_without_terms_and_still_escapes():
    assert _mark("Councils & <b>budgets</b>") == "Councils &amp; &lt;b&gt;budgets&lt;/b&gt;"


@pytest.mark.parametrize(
    ("term", "text", "expected"),
    [
        # a term that looks like markup is matched as text and escaped with it
        ("<script>", "see <script>alert(1)</script>", f"see {REL}&lt;script&gt;{END}alert(1)&lt;/script&gt;"),
        ('a"b', 'say a"b here', f"say {REL}a&quot;b{END} here"),
        # terms that are parts of entities or of the marks themselves never match inside them
        ("amp", "Fish & chips", "Fish &amp; chips"),
        ("quot", 'The "quota"', "The &quot;quota&quot;"),
        ("mark", "<mark>", f"&lt;{REL}mark{END}&gt;"),
        ("app", "an app-hl", f"an {REL}app{END}-hl"),
        # regular-expression signs are plain characters
        ("c++", "C++ and c", f"{REL}C++{END} and c"),
        (".*", "anything at all", "anything at all"),
    ],
)
def test_highlighter_mark_is_safe_with_hostile_terms(term, text, expected):
    assert _mark(text, (term,)) == expected


def test_highlighter_mark_escapes_text_around_and_inside_marks():
    marked = _mark('<img src=x onerror="alert(1)"> child', ["child", "onerror"])
    assert "<img" not in marked and '"alert' not in marked
    assert marked.startswith("&lt;img src=x ")
    assert f"{REL}onerror{END}=&quot;alert(1)&quot;&gt; {REL}child{END}" in marked


def test_highlighter_paragraphs_split_at_blank_lines_and_keep_line_breaks():
    highlighter = highlighter_build(relevant=["council"], irrelevant=[])
    assert [str(p) for p in highlighter.paragraphs("One council\r\n\r\nTwo\nthree <i>\n\n\n")] == [
        f"One {REL}council{END}",
        "Two<br>three &lt;i&gt;",
    ]


def test_terms_parse_tidies_spaces_and_drops_blank_lines_and_repeats():
    assert terms_parse("  young   people \n\nChild*\nchild*\nYOUNG PEOPLE\n") == ["young people", "Child*"]


@pytest.mark.parametrize(
    ("term", "problem"),
    [
        ("child*", ""),
        ("<script>", ""),
        ("chi*ld", "has a * that is not at the end"),
        ("child**", "has a * that is not at the end"),
        ("young *", "has a * after a space or a sign"),
        ("***", "has a * that is not at the end"),
        ("--", "has no letters or digits"),
        ("x" * 101, "longer than 100 characters"),
    ],
)
def test_term_problem_says_why_a_term_cannot_be_used(term, problem):
    found = term_problem(term)
    assert (problem in found) if problem else found == ""
