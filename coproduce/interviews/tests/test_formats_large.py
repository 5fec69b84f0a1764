"""A long transcript (about 1.5 MB, 175,000 words) parses correctly; it takes well under a second."""

import random

from coproduce.interviews.formats import parse_transcript

from .consistency import assert_consistent, spoken

SPEAKERS = ["Interviewer", "Mira Osei", "Tom Hale", "Siân Llywelyn"]
# fmt: off
WORDS = [
    "partnership", "council", "voluntary", "commissioning", "trust", "evidence", "housing", "community",
    "funding", "neighbourhood", "we", "the", "and", "local", "people", "services", "together", "really",
    "think", "because", "about\u2019s", "caf\u00e9", "cymuned",
]
# fmt: on


def large_transcript(*, words: int = 175_000, seed: int = 7) -> tuple[str, list[tuple[str, str]]]:
    chooser = random.Random(seed)
    turns: list[tuple[str, str]] = []
    written = 0
    while written < words:
        count = min(chooser.randint(5, 120), words - written)
        said = " ".join(chooser.choice(WORDS) for _ in range(count))
        said = said[0].upper() + said[1:] + chooser.choice([".", "?", "!"])
        turns.append((SPEAKERS[len(turns) % len(SPEAKERS)], said))
        written += count
    return "".join(f"{speaker}: {said}\n\n" for speaker, said in turns), turns


def test_parse_transcript_large_colon_transcript():
    # given a long "Name: text" transcript
    text, expected = large_transcript()
    data = text.encode()
    assert 1_400_000 < len(data) < 1_700_000
    # when it is parsed
    parsed = parse_transcript(data=data, filename="long.txt")
    # then every turn is found, in order, with the right words
    assert_consistent(parsed)
    assert spoken(parsed) == expected
    assert sum(len(said.split()) for _speaker, said in expected) == 175_000
    assert parsed.speakers == tuple(SPEAKERS)
