"""Parliamentary and committee records: Hansard debates and select-committee oral evidence, laid out as the
published records are (the names, seats and words here are made up)."""

import pytest

from coproduce.interviews.formats import parse_transcript
from coproduce.interviews.formats.offices import Office, office_label

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


OFFICE_DEBATE_INLINE = """\
Oral Answers to Questions

Housing

1. Ms Jane Example (Birmingham Ladywood) (Lab): What steps is the Minister taking to build homes?

The Minister for Housing (Mr Owen Sample): We are building them faster than before.

Mr Speaker: Order. I call Dr Priya Model.

Dr Priya Model (Mid Wessex) (LD): Will he meet me to discuss the plans?

Owen Sample: I will be happy to meet the hon. Lady.

Mr Sample: And I will write to her as well.

The Prime Minister (Alan Fictive): The Minister has answered.

The Prime Minister: I can add that the figures are published today.
"""

OFFICE_DEBATE_OWN_LINE = """\
Community Care Bill
2.30 pm

Madam Deputy Speaker (Dora Instance):
I call the Minister.

The Parliamentary Under-Secretary of State for Health and Social Care (Beth Placeholder):
I beg to move, That the Bill be now read a Second time.

The Bill gives carers a right to a break.

Madam Deputy Speaker:
Order. The Minister is giving way.

Lord Smith of Example (Lab):
Will she say when the right begins?

Beth Placeholder:
In April.

The Chair:
Order, order.
"""

PROCEDURAL = """\
Ms Jane Example (Birmingham Ladywood) (Lab):
The list would be public.

[Interruption.]

14:30

And it would be kept up to date.

Question put and agreed to.

Sitting suspended.

Sitting resumed.

Division No. 123: Ayes 300, Noes 200

Division No. 124

Madam Deputy Speaker (Dora Instance):
The Ayes have it, the Ayes have it.

[Sir Edward Example in the Chair]

(10.00 am)

Ms Jane Example:
I thank the House.

Several hon. Members rose—

Sir Edward Example:
Order.
"""


def test_office_labels_inline_are_one_label_per_person():
    # given oral questions where members speak by office, by name and by title and surname
    parsed = parse(OFFICE_DEBATE_INLINE)
    # then each person is one speaker, named as they were first named in full; Mr Speaker stays the office
    assert parsed.speakers == (
        "Ms Jane Example",
        "Mr Owen Sample",
        "Mr Speaker",
        "Dr Priya Model",
        "Alan Fictive",
    )
    turns = spoken(parsed)
    assert ("Mr Owen Sample", "We are building them faster than before.") in turns
    assert ("Mr Owen Sample", "I will be happy to meet the hon. Lady.") in turns
    assert ("Mr Owen Sample", "And I will write to her as well.") in turns
    # and the office alone later stands for the holder it last named
    assert turns[-1] == ("Alan Fictive", "I can add that the figures are published today.")
    # and the question number is not part of the member's label
    assert turns[:2] == [
        ("", "Oral Answers to Questions\n\nHousing"),
        ("Ms Jane Example", "What steps is the Minister taking to build homes?"),
    ]


def test_people_with_one_surname_and_different_titles_stay_apart():
    # given oral evidence where a member and a witness share a surname
    text = (
        "Q1 Mr Owen Sample: Welcome.\n\nDr Sample: Thank you.\n\nQ2 Mr Sample: Why now?\n\n"
        "Dr Ada Sample: Because budgets fell.\n"
    )
    parsed = parse(text)
    # then the witness is not the member: "Dr Sample" is not "Mr Owen Sample", and the later fuller name is
    # the same witness
    assert spoken(parsed) == [
        ("Mr Owen Sample", "Welcome."),
        ("Dr Sample", "Thank you."),
        ("Mr Owen Sample", "Why now?"),
        ("Dr Sample", "Because budgets fell."),
    ]


def test_office_labels_on_their_own_line_name_the_holder_and_keep_speeches_whole():
    parsed = parse(OFFICE_DEBATE_OWN_LINE)
    assert parsed.speakers == ("Dora Instance", "Beth Placeholder", "Lord Smith of Example", "The Chair")
    turns = spoken(parsed)
    speech = (
        "I beg to move, That the Bill be now read a Second time.\n\nThe Bill gives carers a right to a break."
    )
    assert ("Beth Placeholder", speech) in turns
    # the Deputy Speaker named on taking the chair is the speaker of the later "Madam Deputy Speaker:"
    assert ("Dora Instance", "Order. The Minister is giving way.") in turns
    assert ("Beth Placeholder", "In April.") in turns
    assert turns[-1] == ("The Chair", "Order, order.")


def test_procedural_lines_invent_no_speakers():
    # given a debate with an interruption, a time, decisions, a suspension and divisions
    parsed = parse(PROCEDURAL)
    # then the only speakers are the people
    assert parsed.speakers == ("Ms Jane Example", "Dora Instance", "Sir Edward Example")
    turns = spoken(parsed)
    for line in (
        "[Sir Edward Example in the Chair]",
        "(10.00 am)",
        "Several hon. Members rose—",
        "[Interruption.]",
        "14:30",
        "Question put and agreed to.",
        "Sitting suspended.",
        "Sitting resumed.",
        "Division No. 123: Ayes 300, Noes 200",
        "Division No. 124",
    ):
        assert ("", line) in turns
    # and the member goes on after the interruption and the time
    assert ("Ms Jane Example", "And it would be kept up to date.") in turns


def test_words_before_a_colon_that_are_not_an_office_stay_in_an_interview():
    text = (
        "Interviewer: Who decided?\n\nAnn Other: The Chair of governors.\n"
        "The thing is: we never asked.\n\nInterviewer: Why not?\n"
    )
    parsed = parse(text)
    assert parsed.speakers == ("Interviewer", "Ann Other")
    assert spoken(parsed)[1] == ("Ann Other", "The Chair of governors.\nThe thing is: we never asked.")


HANSARD_WEB_COPY = """\
Community Gardens Bill
Volume 700: debated on Tuesday 3 March 2026

2.30 pm

The Minister for Housing (Owen Sample)

I beg to move, That the Bill be now read a Second time.

It gives every street a garden.

Ms Jane Example (Birmingham Ladywood) (Lab)

Will the Minister give way?

Owen Sample

I will.

Madam Deputy Speaker (Dora Instance)

Order.

Madam Deputy Speaker

Order, order.

Question put and agreed to.
"""


def test_hansard_copied_from_the_web_has_labels_without_a_colon():
    # given a debate copied from the web: each label alone on a line with no colon after it
    parsed = parse(HANSARD_WEB_COPY)
    # then the labels are read, a name seen in an office label is that speaker later, and the heading, the
    # time and the decision are no one's
    assert spoken(parsed) == [
        ("", "Community Gardens Bill\nVolume 700: debated on Tuesday 3 March 2026"),
        ("", "2.30 pm"),
        (
            "Owen Sample",
            "I beg to move, That the Bill be now read a Second time.\n\nIt gives every street a garden.",
        ),
        ("Ms Jane Example", "Will the Minister give way?"),
        ("Owen Sample", "I will."),
        ("Dora Instance", "Order."),
        ("Dora Instance", "Order, order."),
        ("", "Question put and agreed to."),
    ]


def test_a_name_alone_on_a_line_is_not_a_label_outside_a_record():
    # given notes with a name on a line of its own and a single office, but no member's seat and party
    text = "Owen Sample\n\nWe met at the library.\n\nThe Chair\n\nShe opened the meeting.\n"
    # then the paragraphs have no speakers
    parsed = parse(text)
    assert parsed.speakers == ()
    assert len(parsed.turns) == 4


@pytest.mark.parametrize(
    ("label", "office", "holder"),
    [
        ("The Minister for Housing (Mr Owen Sample)", "The Minister for Housing", "Mr Owen Sample"),
        (
            "The Parliamentary Under-Secretary of State for Health and Social Care (Dr Priya Model)",
            "The Parliamentary Under-Secretary of State for Health and Social Care",
            "Dr Priya Model",
        ),
        (
            "The Parliamentary Under-Secretary of State for Science, Research and Innovation "
            "(Lord Example of Nowhere)",
            "The Parliamentary Under-Secretary of State for Science, Research and Innovation",
            "Lord Example of Nowhere",
        ),
        ("The Prime Minister (Alan Fictive)", "The Prime Minister", "Alan Fictive"),
        ("Madam Deputy Speaker (Dora Instance)", "Madam Deputy Speaker", "Dora Instance"),
        ("Mr Speaker", "Mr Speaker", ""),
        ("The Chair", "The Chair", ""),
        ("The Lord Privy Seal", "The Lord Privy Seal", ""),
        (
            "The Minister of State, Home Office (Lord Example) (Lab)",
            "The Minister of State, Home Office",
            "Lord Example",
        ),
        ("The Presiding Officer (Alison Example)", "The Presiding Officer", "Alison Example"),
    ],
)
def test_office_label_shapes(label, office, holder):
    assert office_label(label) == Office(office, holder)


@pytest.mark.parametrize(
    "label",
    [
        "The thing is",
        "The Chair of governors",
        "The Minister for Housing (said so)",
        "Jane Example",
        "Chair",
        "The",
    ],
)
def test_not_an_office_label(label):
    assert office_label(label) is None
