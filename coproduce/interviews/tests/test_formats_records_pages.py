"""Hansard as a reader copies it from a page of the record: the page's column headings ("3 March 2026 :
Column 123WH"), an adjournment debate's opening motion and topical questions with their reference number
("T1. [12345] Name (Seat) (Party):"), with the label run into the words or on a line of its own (names and
words made up)."""

from coproduce.interviews.formats import parse_transcript

from .consistency import assert_consistent, spoken

PAGE = """\
3 March 2026 : Column 183WH

Westminster Hall

[Ms Dora Instance in the Chair]

Community Gardens

Motion made, and Question proposed, That the sitting be now adjourned.—(Mr Owen Sample.)

9.30 am

Ms Jane Example (Birmingham Ladywood) (Lab): It is a pleasure to serve under your chairmanship.

3 March 2026 : Column 184WH

Every street deserves a garden.

Topical Questions

T1. [12345] Dr Priya Model (Mid Wessex) (LD): If he will make a statement on his responsibilities.

The Minister for Housing (Mr Owen Sample): We are building gardens faster than before.
"""


def parse(text: str):
    parsed = parse_transcript(data=text.encode(), filename="hansard.txt")
    assert_consistent(parsed)
    return parsed


def _own_line(text: str) -> str:
    """The same page with each member's label on the line above their words."""
    return text.replace("(Lab): ", "(Lab):\n").replace("(LD): ", "(LD):\n").replace("Sample): ", "Sample):\n")


def test_a_pages_column_headings_are_no_one_s_and_the_speech_goes_on_after_them():
    for text in (PAGE, _own_line(PAGE)):
        turns = spoken(parse(text))
        assert ("", "3 March 2026 : Column 183WH") in turns
        assert ("", "3 March 2026 : Column 184WH") in turns
        assert ("Ms Jane Example", "It is a pleasure to serve under your chairmanship.") in turns
        assert ("Ms Jane Example", "Every street deserves a garden.") in turns


def test_the_motion_that_opens_an_adjournment_debate_is_no_one_s():
    for text in (PAGE, _own_line(PAGE)):
        turns = spoken(parse(text))
        motion = "Motion made, and Question proposed, That the sitting be now adjourned.—(Mr Owen Sample.)"
        assert ("", motion) in turns
        assert ("", "Community Gardens") in turns


def test_a_topical_question_with_its_reference_number_is_the_members():
    for text in (PAGE, _own_line(PAGE)):
        parsed = parse(text)
        turns = spoken(parsed)
        assert ("Dr Priya Model", "If he will make a statement on his responsibilities.") in turns
        assert ("Mr Owen Sample", "We are building gardens faster than before.") in turns
        assert parsed.speakers == ("Ms Jane Example", "Dr Priya Model", "Mr Owen Sample")
