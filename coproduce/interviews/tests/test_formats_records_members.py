"""Records that name a member with their group or their office on a line of their own, and notes in round
brackets: the Bundestag's plenary record, a council scrutiny committee's verbatim minutes and oral evidence
laid out the same way (the names, groups and words here are made up)."""

from coproduce.interviews.formats import parse_transcript

from .consistency import assert_consistent, spoken

PLENARY_RECORD = """\
Präsidentin Dora Beispiel:

Die Sitzung ist eröffnet. Das Wort hat Dr. Anna Muster.

(Beifall beim BÜNDNIS 90/DIE GRÜNEN)

Dr. Anna Muster (BÜNDNIS 90/DIE GRÜNEN):

Frau Präsidentin! Liebe Kolleginnen und Kollegen! Der Entwurf kommt zu spät.

(Zuruf von der CDU/CSU: Was erzählen Sie denn da?)

Er kommt zu spät, und er ist zu klein.

Deshalb: Stimmen Sie unserem Antrag zu!

(Beifall beim BÜNDNIS 90/DIE GRÜNEN \u2013 Max Probe [FDP]: Ganz genau!)

Präsidentin Dora Beispiel:

Für die Bundesregierung hat das Wort der Bundesminister der Finanzen.

Max Mustermann, Bundesminister der Finanzen:

Frau Präsidentin! Meine Damen und Herren! Wir legen heute drei Gesetze vor.

Das Nächste: der Haushalt.

Erika Probe (Minden) (SPD):

Herr Minister, gestatten Sie eine Zwischenfrage?

Max Mustermann, Bundesminister der Finanzen:

Ja, bitte.

(Schluss: 16.01 Uhr)
"""

SCRUTINY_MINUTES = """\
Councillor Dora Instance (Chair):
Welcome. We have one witness this evening.

Beth Placeholder, Director of Housing, Nowhere Council:
Thank you, Chair. Waiting lists have grown.

They have grown fastest for families.

(Members indicated agreement)

The figures are in the annex.

Councillor Owen Sample (Liberal Democrats):
Why have they grown?

Beth Placeholder, Director of Housing, Nowhere Council:
Because fewer homes were let.
"""


def parse(text: str):
    parsed = parse_transcript(data=text.encode(), filename="record.txt")
    assert_consistent(parsed)
    return parsed


def test_members_named_with_their_group_or_office_on_their_own_line_are_the_speakers():
    # given a plenary record: "Name (Group):" and "Name, Office:" each on a line of its own
    parsed = parse(PLENARY_RECORD)
    # then the speaker is the person, without the group, the constituency or the office
    people = ("Präsidentin Dora Beispiel", "Dr. Anna Muster", "Max Mustermann", "Erika Probe")
    assert parsed.speakers == people
    assert ("Erika Probe", "Herr Minister, gestatten Sie eine Zwischenfrage?") in spoken(parsed)
    assert spoken(parsed)[-2] == ("Max Mustermann", "Ja, bitte.")


def test_notes_in_round_brackets_are_no_one_s_and_the_speech_goes_on_after_them():
    parsed = parse(PLENARY_RECORD)
    turns = spoken(parsed)
    # the applause and the heckles the record notes in brackets are no one's words
    for note in (
        "(Beifall beim BÜNDNIS 90/DIE GRÜNEN)",
        "(Zuruf von der CDU/CSU: Was erzählen Sie denn da?)",
        "(Beifall beim BÜNDNIS 90/DIE GRÜNEN \u2013 Max Probe [FDP]: Ganz genau!)",
        "(Schluss: 16.01 Uhr)",
    ):
        assert ("", note) in turns
    # and the member goes on speaking after a heckle, over several paragraphs
    assert (
        "Dr. Anna Muster",
        "Er kommt zu spät, und er ist zu klein.\n\nDeshalb: Stimmen Sie unserem Antrag zu!",
    ) in turns


def test_a_sentence_with_a_colon_is_not_a_label_where_labels_stand_on_their_own_lines():
    parsed = parse(PLENARY_RECORD)
    # "Deshalb:" and "Das Nächste:" begin sentences in a speech; they are not speakers
    assert "Deshalb" not in parsed.speakers
    assert "Das Nächste" not in parsed.speakers
    assert (
        "Max Mustermann",
        "Frau Präsidentin! Meine Damen und Herren! Wir legen heute drei Gesetze vor.\n\n"
        "Das Nächste: der Haushalt.",
    ) in spoken(parsed)


def test_council_minutes_name_a_witness_by_role_and_a_councillor_by_group():
    # given verbatim minutes of a scrutiny committee: a witness named with their role, councillors with their
    # role or party, and a note of the members' agreement
    parsed = parse(SCRUTINY_MINUTES)
    # then the speakers are the people, the note is no one's and the witness goes on after it
    assert spoken(parsed) == [
        ("Councillor Dora Instance", "Welcome. We have one witness this evening."),
        (
            "Beth Placeholder",
            "Thank you, Chair. Waiting lists have grown.\n\nThey have grown fastest for families.",
        ),
        ("", "(Members indicated agreement)"),
        ("Beth Placeholder", "The figures are in the annex."),
        ("Councillor Owen Sample", "Why have they grown?"),
        ("Beth Placeholder", "Because fewer homes were let."),
    ]


def test_an_interview_keeps_a_note_in_round_brackets_in_the_turn():
    # an interview is not a record: a note in brackets stays in the speaker's turn, labels keep their words
    text = "Interviewer (Jo): How did it start?\n\nAnn Other: Slowly.\n(laughs)\nThen all at once.\n"
    parsed = parse(text)
    assert spoken(parsed) == [
        ("Interviewer (Jo)", "How did it start?"),
        ("Ann Other", "Slowly.\n(laughs)\nThen all at once."),
    ]


PRINTED_RECORD = """\
Präsidentin Dora Beispiel: Das Wort hat Dr. Anna Muster.

(Beifall beim BÜNDNIS 90/DIE GRÜNEN)

Dr. Anna Muster (BÜNDNIS 90/DIE GRÜNEN): Frau Präsidentin! Der Entwurf kommt zu spät.

Er ist zu klein.

Max Probe (CDU/CSU): Das sehen wir anders.

Erika Beispiel (BÜNDNIS 90/DIE GRÜNEN): Wir nicht.

Jo Else (CDU/CSU): Doch.
"""


def test_members_named_with_their_party_before_their_words_are_the_speakers():
    # given a record as printed: each label runs into the speech, and each party has several members
    turns = spoken(parse(PRINTED_RECORD))
    # then the speaker is the person, without the party, and the speech keeps its paragraphs
    assert turns == [
        ("Präsidentin Dora Beispiel", "Das Wort hat Dr. Anna Muster."),
        ("", "(Beifall beim BÜNDNIS 90/DIE GRÜNEN)"),
        ("Dr. Anna Muster", "Frau Präsidentin! Der Entwurf kommt zu spät.\n\nEr ist zu klein."),
        ("Max Probe", "Das sehen wir anders."),
        ("Erika Beispiel", "Wir nicht."),
        ("Jo Else", "Doch."),
    ]


def test_roles_in_brackets_stay_part_of_an_interview_s_labels():
    # two interviewers and two participants named with their roles: the roles are not parties
    text = (
        "Jane Smith (Interviewer): Shall we start?\n\nAnn Other (Participant): Yes.\n\n"
        "John Doe (Interviewer): Why?\n\nBob Else (Participant): Because.\n\nJane Smith (Chair): Thanks.\n"
    )
    assert parse(text).speakers == (
        "Jane Smith (Interviewer)",
        "Ann Other (Participant)",
        "John Doe (Interviewer)",
        "Bob Else (Participant)",
        "Jane Smith (Chair)",
    )
