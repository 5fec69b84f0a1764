"""Names found by the local named-entity model, with and without the model installed."""

import pytest

from coproduce.interviews import entities
from coproduce.interviews.redaction import KnownName, context_around, suggest_redactions

from .conftest import name_finder_reset

REGISTER = [KnownName("Mira Osei", "[P01]"), KnownName("Northfield Housing Trust", "[ORG1]", "organisation")]
TEXT = (
    "Mira Osei told me that the mayor, Andrew Kettering, came to Walsall last week. "
    "My neighbour Dorothy Pike volunteers with Northfield Housing Trust and the Brookvale Tenants Forum."
)


def _found(text, **kwargs):
    return [
        (s.text, s.kind, s.replacement) for s in suggest_redactions(text=text, known_names=REGISTER, **kwargs)
    ]


def test_suggest_redactions_finds_people_and_places_outside_the_register():
    found = _found(TEXT)

    assert ("Mira Osei", "person", "[P01]") in found
    assert ("Northfield Housing Trust", "organisation", "[ORG1]") in found
    assert ("Andrew Kettering", "other_person", "[person]") in found
    assert ("Dorothy Pike", "other_person", "[person]") in found
    assert ("Walsall", "place", "[place]") in found
    assert entities.name_finder_available()


def test_suggest_redactions_register_wins_over_the_model():
    # given a register person the model also finds, with a title the register match includes
    found = _found("We asked Dr Mira Osei and Mira about it.")

    assert found == [("Dr Mira Osei", "person", "[P01]"), ("Mira", "person", "[P01]")]


def test_suggest_redactions_without_the_model_uses_register_and_patterns(model_absent):
    found = _found(TEXT + " Write to dorothy@example.org.")

    assert not entities.name_finder_available()
    assert entities.entities_find(TEXT) == []
    assert found == [
        ("Mira Osei", "person", "[P01]"),
        ("Northfield Housing Trust", "organisation", "[ORG1]"),
        ("dorothy@example.org", "email", "[email]"),
    ]


@pytest.mark.parametrize("error", [ImportError("No module named 'spacy'"), OSError("no model")])
def test_name_finder_is_none_when_spacy_or_the_model_is_missing(monkeypatch, error):
    def absent():
        raise error

    with name_finder_reset():
        monkeypatch.setattr(entities, "_load", absent)
        assert entities.name_finder() is None


def test_name_finder_is_loaded_once_per_process(monkeypatch):
    calls = []

    def load():
        calls.append(1)
        return lambda text: None

    with name_finder_reset():
        monkeypatch.setattr(entities, "_load", load)
        entities.name_finder()
        entities.name_finder()
        assert calls == [1]


def test_entities_find_long_text_in_chunks_with_offsets_into_the_whole(monkeypatch):
    # given a transcript many chunks long, with a name in the last paragraph
    monkeypatch.setattr(entities, "_CHUNK", 500)
    text = "We talked about the allotments and the bus routes for a while.\n\n" * 40
    text += "Then Gethin Morgan from the parish council spoke."
    pieces = list(entities.chunks(text, 500))
    found = entities.entities_find(text)

    assert len(pieces) > 5 and "".join(piece for _offset, piece in pieces) == text
    assert all(len(piece) <= 500 for _offset, piece in pieces)
    assert [text[e.start : e.end] for e in found if e.label == "PERSON"] == ["Gethin Morgan"]


def test_entities_find_trims_the_and_possessives():
    text = "Dorothy Pike's garden is by the Town Hall in Walsall."
    spans = [text[e.start : e.end] for e in entities.entities_find(text)]

    assert "Dorothy Pike" in spans
    assert all(not span.lower().startswith("the ") and not span.endswith("'s") for span in spans)


def test_context_around_shows_a_few_words_either_side():
    text = "one two three four five six seven Mira eight nine ten eleven twelve thirteen fourteen"
    start = text.index("Mira")

    assert context_around(text, start, start + 4, words=3) == ("… five six seven ", " eight nine ten …")
    assert context_around("Mira's view.", 0, 4) == ("", "'s view.")
    assert context_around("Ask\nMira", 4, 8) == ("Ask ", "")


def test_entities_find_leaves_out_sounds_taken_for_names(monkeypatch):
    class Found:
        def __init__(self, text):
            self.ents = [_Entity(text.index(word), len(word), "PERSON") for word in ("Hmm", "Dorothy")]

    monkeypatch.setattr(entities, "_loaded", lambda: Found)

    assert [e.start for e in entities.entities_find("Hmm, Dorothy said.")] == [5]


class _Entity:
    def __init__(self, start, length, label):
        self.start_char, self.end_char, self.label_ = start, start + length, label
