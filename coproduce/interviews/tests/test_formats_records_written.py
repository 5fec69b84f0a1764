"""Written answers and written statements as a reader copies them from the record: a member's label with no
seat or party ("Name:"), run into the question or on a line of its own, titles between the answers (one
with a colon in it: "Bus Services: Rural Areas"), and a statement's title ending in a word in brackets
(names and words made up)."""

from coproduce.interviews.formats import parse_transcript

from .consistency import assert_consistent, spoken

ANSWERS = """\
4 March 2026 : Column 501W

Written Answers to Questions

Transport

Cycle Lanes

Mr Sample: To ask the Secretary of State for Transport how many cycle lanes were opened in 2025.

Ms Ada Example: Forty-two cycle lanes were opened in 2025.

Home Department

Bus Services: Rural Areas

Dr Model: To ask the Secretary of State what support is given to rural bus services.

Ms Ada Example: Support is given through the rural transport fund.
"""

STATEMENTS = """\
4 March 2026 : Column 77WS

Written Ministerial Statements

Parks (Funding)

The Minister for Parks (Mr Owen Sample): Today I am publishing the parks settlement.

It gives every council a share of the fund.

Libraries (Opening Hours)

The Minister for Culture (Ms Ada Example): Libraries will open for longer on Saturdays.
"""

WHOLE_ANSWERS = [
    ("", "4 March 2026 : Column 501W"),
    ("", "Written Answers to Questions\n\nTransport\n\nCycle Lanes"),
    ("Mr Sample", "To ask the Secretary of State for Transport how many cycle lanes were opened in 2025."),
    ("Ms Ada Example", "Forty-two cycle lanes were opened in 2025."),
    ("", "Home Department\n\nBus Services: Rural Areas"),
    ("Dr Model", "To ask the Secretary of State what support is given to rural bus services."),
    ("Ms Ada Example", "Support is given through the rural transport fund."),
]


def parse(text: str):
    parsed = parse_transcript(data=text.encode(), filename="hansard.txt")
    assert_consistent(parsed)
    return parsed


def _own_line(text: str) -> str:
    """The same page with each member's label on the line above their words."""
    for label in ("Mr Sample:", "Ms Ada Example:", "Dr Model:", "(Mr Owen Sample):", "(Ms Ada Example):"):
        text = text.replace(f"{label} ", f"{label}\n")
    return text


def test_written_answers_with_labels_on_lines_of_their_own():
    assert spoken(parse(_own_line(ANSWERS))) == WHOLE_ANSWERS


def test_written_answers_run_in_keep_titles_apart_also_one_with_a_colon():
    assert spoken(parse(ANSWERS)) == WHOLE_ANSWERS


def test_a_statement_s_title_ending_in_a_word_in_brackets_is_no_one_s():
    for text in (STATEMENTS, _own_line(STATEMENTS)):
        turns = spoken(parse(text))
        assert ("", "Libraries (Opening Hours)") in turns
        assert (
            "Mr Owen Sample",
            "Today I am publishing the parks settlement.\n\nIt gives every council a share of the fund.",
        ) in turns
