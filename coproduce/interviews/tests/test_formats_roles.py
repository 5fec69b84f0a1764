"""Guessing who interviews and who is interviewed."""

import pytest

from coproduce.interviews.formats import parse_transcript, speaker_roles_guess


def parsed_from(text: str):
    return parse_transcript(data=text.encode(), filename="a.txt")


CONVERSATION = (
    "Ana: Hello. How did it start? Who funded it?\n\nBen: The council did.\n\nAna: And then?\n\nCai: Yes?\n"
)


def test_speaker_roles_guess_most_questions_is_interviewer():
    assert speaker_roles_guess(parsed_from(CONVERSATION)) == {
        "Ana": "interviewer",
        "Ben": "participant",
        "Cai": "participant",
    }


@pytest.mark.parametrize("names", [["Ben Hughes"], ["ben"], ["Dr Ben Hughes", "Someone Else"]])
def test_speaker_roles_guess_given_interviewer_names_win(names):
    roles = speaker_roles_guess(parsed_from(CONVERSATION), interviewer_names=names)
    assert roles == {"Ana": "participant", "Ben": "interviewer", "Cai": "participant"}


def test_speaker_roles_guess_full_name_label_matches_given_name():
    text = "Dr. Ben Hughes: Tell me more.\n\nAna Lutz: Well, it began in May?\n"
    assert speaker_roles_guess(parsed_from(text), interviewer_names=["Ben Hughes"]) == {
        "Dr. Ben Hughes": "interviewer",
        "Ana Lutz": "participant",
    }


def test_speaker_roles_guess_role_words_and_others():
    text = "Automation: Recording started.\n\nModerator: Welcome.\n\nP1: Thanks? Really?\n\nP2: Hi.\n"
    assert speaker_roles_guess(parsed_from(text)) == {
        "Automation": "other",
        "Moderator": "interviewer",
        "P1": "participant",
        "P2": "participant",
    }


def test_speaker_roles_guess_without_questions_or_with_one_speaker():
    assert speaker_roles_guess(parsed_from("Ana: Yes.\n\nBen: No.\n")) == {
        "Ana": "participant",
        "Ben": "participant",
    }
    assert speaker_roles_guess(parsed_from("Ana: Why? How?\n\nAna: Because.\n")) == {"Ana": "participant"}
    assert speaker_roles_guess(parsed_from("No speakers here?\n")) == {}
