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


DIVISION = """\
12 March 2026 : Column 212

Community Gardens Bill [Lords]

Second Reading

Mr Sample: In summary, these reforms will make every garden greener.

I commend the Bill to the House.

Question put, That the amendment be made.

The House divided:

Ayes 210, Noes 300.

[9.58 pm

AYES

Example, Ms Jane

Instance, rh Mr Tom

Model, Priya M.

(Mid Wessex)

Tellers for the Ayes:

Dora Instance and

Ann Fictional

NOES

Placeholder, Ruth

Sample, Owen

Tellers for the Noes:

Ivy Specimen and

Ray Mock

Question accordingly negatived.
"""


def test_the_only_label_on_a_page_of_the_record_is_the_members():
    for text in (DIVISION, DIVISION.replace("Mr Sample: ", "Mr Sample:\n")):
        parsed = parse(text)
        assert parsed.speakers == ("Mr Sample",)
        speech = (
            "In summary, these reforms will make every garden greener.\n\nI commend the Bill to the House."
        )
        assert ("Mr Sample", speech) in spoken(parsed)


def test_a_divisions_lists_of_names_are_one_turn_that_is_no_one_s():
    for text in (DIVISION, DIVISION.replace("Mr Sample: ", "Mr Sample:\n")):
        turns = spoken(parse(text))
        lists = [words for speaker, words in turns if words.startswith("AYES")]
        assert len(lists) == 1
        assert lists[0].endswith("Ivy Specimen and\n\nRay Mock")
        assert ("", "The House divided:\n\nAyes 210, Noes 300.") in turns
        assert ("", "[9.58 pm") in turns
        assert ("", "Question accordingly negatived.") in turns
        assert not any(speaker for speaker, words in turns if "Ann Fictional" in words)


MAIDEN_SPEECH = """\
3 March 2026 : Column 831

Backbench Business

Summer Adjournment

2.44 pm

Ms Jane Example (Birmingham Ladywood) (Lab):I beg to move,

That this House has considered matters to be raised before the summer adjournment.

Mr Deputy Speaker (Mr Tom Instance): We now come to a maiden speech.

3 March 2026 : Column 832

Housing, communities and local government

2.45 pm

Dr Priya Model (Mid Wessex) (LD): Thank you, Mr Deputy Speaker, for calling me.
"""


def test_a_members_label_with_no_space_after_its_colon_is_read():
    parsed = parse(MAIDEN_SPEECH)
    assert parsed.speakers == ("Ms Jane Example", "Mr Tom Instance", "Dr Priya Model")
    assert ("Ms Jane Example", "I beg to move,") in [(s, w.split("\n")[0]) for s, w in spoken(parsed)]


def test_a_heading_in_sentence_case_between_asides_is_no_one_s():
    for text in (MAIDEN_SPEECH, _own_line(MAIDEN_SPEECH)):
        turns = spoken(parse(text))
        assert ("", "Housing, communities and local government") in turns
        assert ("Mr Tom Instance", "We now come to a maiden speech.") in turns


def test_a_short_line_of_a_speech_after_a_column_heading_stays_the_members():
    text = MAIDEN_SPEECH.replace("Housing, communities and local government", "And so say all of us")
    turns = spoken(parse(text.replace("\n\n2.45 pm\n", "")))
    assert ("Mr Tom Instance", "And so say all of us") in turns
