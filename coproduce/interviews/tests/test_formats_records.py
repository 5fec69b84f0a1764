"""Parliamentary and committee records: Hansard debates and select-committee oral evidence, laid out as the
published records are (the names, seats and words here are made up)."""

from coproduce.interviews.formats import parse_transcript

from .consistency import assert_consistent, spoken

HANSARD_DEBATE = """\
Community Gardens Bill
Second Reading
2.30 pm

Ms Jane Example (Birmingham Ladywood) (Lab):
I beg to move, That the Bill be now read a Second time.

Every street deserves a garden. The Bill asks councils to keep a list of spare land.

It also asks them to say each year how much of it has been planted.

Mr Owen Sample (Mid Wessex) (Con):
Will the hon. Lady give way?

Ms Jane Example:
I will, briefly.

[Interruption.]

Column 123

As I was saying, the list would be public.

The Chair:
Order.

Question put and agreed to.

Bill accordingly read a Second time.
"""

ORAL_EVIDENCE = """\
Oral evidence: Neighbourhood Services, HC 999

Tuesday 3 March 2026

Members present: Ms Jane Example (Chair); Mr Owen Sample; Dr Priya Model.

Questions 1 - 4

I
Examination of witnesses
Witnesses: Professor Alan Fictive, University of Nowhere, and Beth Placeholder, Example Trust.

Q1 Chair: Good morning. Could you introduce yourselves?

Professor Fictive: I am Alan Fictive. I study parks.

Beth Placeholder: I run the Example Trust.

Q2 Mr Sample: What has changed since last year?

Professor Fictive: Budgets have fallen.

They have fallen further in the north.

Q3 Chair: Thank you.

II
Examination of witness
Witness: Councillor Dora Instance, Leader, Nowhere Council.

Q4 Dr Model: Welcome. How many gardens are there?

Councillor Instance: About forty.
"""


def parse(text: str):
    parsed = parse_transcript(data=text.encode(), filename="record.txt")
    assert_consistent(parsed)
    return parsed


def test_hansard_debate_labels_on_their_own_line_with_speeches_of_several_paragraphs():
    # given a debate: each member's name, seat and party on a line of its own, then their speech
    # when it is parsed
    parsed = parse(HANSARD_DEBATE)
    # then a member named with and without their seat is one speaker, and each speech keeps its paragraphs
    assert parsed.speakers == ("Ms Jane Example", "Mr Owen Sample", "The Chair")
    assert spoken(parsed)[2] == (
        "Ms Jane Example",
        "I beg to move, That the Bill be now read a Second time.\n\n"
        "Every street deserves a garden. The Bill asks councils to keep a list of spare land.\n\n"
        "It also asks them to say each year how much of it has been planted.",
    )


def test_hansard_procedural_lines_are_no_one_s_and_a_speech_goes_on_after_an_aside():
    parsed = parse(HANSARD_DEBATE)
    turns = spoken(parsed)
    # the headings, the time, the column number and the decision belong to no speaker
    for line in ("Community Gardens Bill\nSecond Reading", "2.30 pm", "[Interruption.]", "Column 123"):
        assert ("", line) in turns
    assert turns[-2:] == [("", "Question put and agreed to."), ("", "Bill accordingly read a Second time.")]
    # and the member who was interrupted goes on speaking after the interruption
    assert ("Ms Jane Example", "As I was saying, the list would be public.") in turns
    assert ("The Chair", "Order.") in turns


def test_select_committee_oral_evidence_question_numbers_witness_lists_and_panels():
    # given oral evidence: numbered questions ("Q2 Mr Sample:"), witness lists and panels numbered I and II
    parsed = parse(ORAL_EVIDENCE)
    # then the speakers are the people, never a question number, a panel's numeral or the witness list
    assert parsed.speakers == (
        "Chair",
        "Professor Fictive",
        "Beth Placeholder",
        "Mr Sample",
        "Dr Model",
        "Councillor Instance",
    )
    turns = spoken(parsed)
    assert ("Mr Sample", "What has changed since last year?") in turns
    assert ("Professor Fictive", "Budgets have fallen.\n\nThey have fallen further in the north.") in turns
    # the Chair's thanks end at the next panel's heading, which belongs to no one
    assert ("Chair", "Thank you.") in turns
    panel = ("II", "Examination of witness", "Witness: Councillor Dora Instance, Leader, Nowhere Council.")
    for line in panel:
        assert ("", line) in turns
    assert all(speaker != "Chair" or "Witness" not in text for speaker, text in turns)


def test_a_roman_numeral_or_a_heading_before_a_colon_is_never_a_speaker():
    text = (
        "Witnesses: Ann Other and Bob Else.\n\nAnn Other: We began in May.\n\nBob Else: In June.\n\n"
        "II: Second panel\n\nAnn Other: Thank you.\n"
    )
    parsed = parse(text)
    assert parsed.speakers == ("Ann Other", "Bob Else")
    assert spoken(parsed)[0] == ("", "Witnesses: Ann Other and Bob Else.")


def test_interview_layouts_keep_i_as_the_interviewer_and_asides_in_the_turn():
    # an interview (no record headings) reads as before: "I:" is a speaker, a bracketed note stays in the turn
    text = "I: How did it start?\n\nR: Slowly.\n[Laughs.]\nThen all at once.\n\nI: Why?\n"
    parsed = parse(text)
    assert spoken(parsed) == [
        ("I", "How did it start?"),
        ("R", "Slowly.\n[Laughs.]\nThen all at once."),
        ("I", "Why?"),
    ]
