"""The business around the speeches in parliamentary and committee records: members speaking together, titles
of business between speeches, a numbered panel's witness list, decisions and closing lines (Lords, the
Scottish Parliament, select-committee oral evidence and council minutes; names and words made up)."""

from coproduce.interviews.formats import parse_transcript

from .consistency import assert_consistent, spoken

LORDS_WEB_COPY = """\
Community Gardens Bill [HL]
Second Reading
3.07 pm

Baroness Example of Nowhere (Lab)
My Lords, I beg to move that this Bill be read a second time.

Lord Sample (Con)
My Lords, I have two questions for the Minister.

First, who pays? Secondly, when?

Noble Lords: Hear, hear!

Baroness Example of Nowhere
The councils will pay.
"""

HOLYROOD = """\
Meeting of the Parliament
Tuesday 3 March 2026

The Presiding Officer (Alison Example):
Good afternoon. Our first item of business is time for reflection.

Topical Question Time

1. Jackie Sample (Dumbarton) (Lab):
To ask the Scottish Government what action it is taking on waiting lists.

The Cabinet Secretary for Health and Social Care (Neil Model):
We are investing in more clinics.

Members: Hear, hear!

Jackie Sample:
That is not enough.

Meeting closed at 17:30.
"""

ORAL_EVIDENCE_PANELS = """\
Oral evidence: Community gardens, HC 123

Members present: Ms Jane Example (Chair); Mr Owen Sample.

Witnesses

I: Professor Alan Fictive, Professor of Planning, University of Nowhere; and Beth Placeholder, Example Trust.

Examination of witnesses

Q1 Chair: Good morning. Could you introduce yourselves?

Professor Fictive: I am Alan Fictive.

Q2 Mr Sample: What has changed?

Beth Placeholder: Budgets have fallen.
"""

COUNCIL_MINUTES = """\
NOWHERE BOROUGH COUNCIL

PRESENT: Councillor Dora Instance (Chair), Councillors Sample and Model.

OFFICERS: Beth Placeholder (Director of Housing)

1. WAITING LISTS

Chair:
Welcome. We have one item tonight.

Beth Placeholder (Director of Housing):
Waiting lists have grown.

Cllr Sample:
Why?

Beth Placeholder:
Because fewer homes were let.

RESOLVED: That the report be noted.

2. ANY OTHER BUSINESS

Chair:
There is none.

The meeting closed at 8.15 pm.
"""


def parse(text: str):
    parsed = parse_transcript(data=text.encode(), filename="record.txt")
    assert_consistent(parsed)
    return parsed


def test_members_speaking_together_are_a_turn_of_their_own():
    # given a Lords debate copied from the web, where "Noble Lords: Hear, hear!" follows a speech
    turns = spoken(parse(LORDS_WEB_COPY))
    # then the members' cheer is theirs, and the speech before it ends there
    assert (
        "Lord Sample",
        "My Lords, I have two questions for the Minister.\n\nFirst, who pays? Secondly, when?",
    ) in turns
    assert ("Noble Lords", "Hear, hear!") in turns
    assert turns[-1] == ("Baroness Example of Nowhere", "The councils will pay.")


def test_scottish_parliament_titles_of_business_and_the_close_are_no_one_s():
    turns = spoken(parse(HOLYROOD))
    # the title of the next business between two speeches, and the closing line, belong to no one
    assert ("Alison Example", "Good afternoon. Our first item of business is time for reflection.") in turns
    assert ("", "Topical Question Time") in turns
    assert ("Members", "Hear, hear!") in turns
    assert turns[-2:] == [("Jackie Sample", "That is not enough."), ("", "Meeting closed at 17:30.")]


def test_a_panel_numbered_i_in_oral_evidence_is_not_a_speaker():
    # given oral evidence whose witness list opens with the panel's numeral "I:"
    parsed = parse(ORAL_EVIDENCE_PANELS)
    # then "I" is not a speaker (as in an interview it would be) and the list is no one's
    assert parsed.speakers == ("Chair", "Professor Fictive", "Mr Sample", "Beth Placeholder")
    assert (
        "",
        "I: Professor Alan Fictive, Professor of Planning, University of Nowhere; and Beth Placeholder, "
        "Example Trust.",
    ) in spoken(parsed)


def test_council_minutes_decisions_agenda_items_and_the_close_are_no_one_s():
    parsed = parse(COUNCIL_MINUTES)
    # the speakers are the people, never "RESOLVED" or "OFFICERS"
    assert parsed.speakers == ("Chair", "Beth Placeholder", "Cllr Sample")
    turns = spoken(parsed)
    assert turns[-6:] == [
        ("Cllr Sample", "Why?"),
        ("Beth Placeholder", "Because fewer homes were let."),
        ("", "RESOLVED: That the report be noted."),
        ("", "2. ANY OTHER BUSINESS"),
        ("Chair", "There is none."),
        ("", "The meeting closed at 8.15 pm."),
    ]


def test_an_interview_with_a_title_in_capitals_is_not_read_as_a_record():
    # a title in capitals does not make an interview a record: "I:" stays the interviewer and a note in
    # brackets stays in the turn it interrupts
    text = "INTERVIEW 3\n\nI: How did it start?\n\nR: Slowly.\n(laughs)\nThen all at once.\n\nI: Why?\n"
    assert spoken(parse(text)) == [
        ("", "INTERVIEW 3"),
        ("I", "How did it start?"),
        ("R", "Slowly.\n(laughs)\nThen all at once."),
        ("I", "Why?"),
    ]
