"""The interviews app reaches the rows that apps above it keep about a transcript (codings, memos) only
through the listeners they register in offsets.py. The import-linter layers contract refuses an import of
those apps, but following a relation from an interviews model (`transcript.codings`) imports nothing, so
this test looks for the relations' names in the app's code instead."""

import re
import tomllib
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "coproduce" / "interviews"


def _apps_above() -> set[str]:
    """The apps in the layers above interviews' own, as the import-linter contract lists them."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    layers = next(c["layers"] for c in contracts if c["type"] == "layers")
    names = [[name.strip() for name in layer.split("|")] for layer in layers]
    mine = next(i for i, layer in enumerate(names) if "coproduce.interviews" in layer)
    return {name for layer in names[:mine] for name in layer}


def _relations_up() -> list[re.Pattern[str]]:
    """How code would follow a relation from an interviews model to a model above: `.codings` as an
    attribute, or "codings" / "codings__coder" in a query."""
    above = _apps_above()
    patterns = []
    for model in apps.get_app_config("interviews").get_models():
        for relation in model._meta.related_objects:
            if relation.related_model._meta.app_config.name in above and not relation.hidden:
                accessor, query = relation.get_accessor_name(), relation.field.related_query_name()
                patterns.append(re.compile(rf"\.{accessor}\b"))
                patterns.append(re.compile(rf"[\"']{query}(__\w+)?[\"']"))
    return patterns


def _code() -> list[Path]:
    return [
        path
        for path in sorted(APP.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(APP).parts)
    ]


def test_the_relations_up_are_known():
    # Codings and memos point at transcripts from the analysis app: the test below looks for something.
    patterns = {pattern.pattern for pattern in _relations_up()}
    assert r"\.codings\b" in patterns and r"\.memos\b" in patterns


def test_interviews_never_follows_a_relation_to_an_app_above_it():
    patterns = _relations_up()
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _code()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if any(pattern.search(line) for pattern in patterns)
    ]
    assert not found, "Reach those rows through interviews/offsets.py instead:\n" + "\n".join(found)
