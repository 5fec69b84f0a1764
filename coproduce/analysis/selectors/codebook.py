"""Reads of the codebook: the code tree with its counts, one code, its history, its codings and memos."""

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from coproduce.projects.models import Project

from ..models import Code, CodeEvent, Coding, Memo


@dataclass
class CodeNode:
    """One code of the tree with its direct counts: `codings` and `transcripts` it is applied in."""

    code: Code
    depth: int
    codings: int = 0
    transcripts: int = 0
    children: list["CodeNode"] = field(default_factory=list)


def code_list(*, project: Project) -> QuerySet[Code]:
    """The live codes of the codebook (codes merged into others have left it)."""
    return Code.objects.filter(project=project, merged_into__isnull=True).select_related("parent")


def code_get(*, project: Project, public_id: uuid.UUID | str, include_merged: bool = False) -> Code:
    """A live code; with `include_merged`, also one merged into another (to read its history)."""
    codes = Code.objects.filter(project=project) if include_merged else code_list(project=project)
    return get_object_or_404(codes.select_related("merged_into"), public_id=public_id)


def code_tree(*, project: Project) -> list[CodeNode]:
    """The codebook as a tree, each level in codebook order."""
    codes = code_list(project=project).order_by("order", "name", "id")
    counts = _coding_counts(project=project)
    nodes = {c.pk: CodeNode(c, 0, *counts.get(c.pk, (0, 0))) for c in codes}
    roots: list[CodeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.code.parent_id or 0)
        (parent.children if parent else roots).append(node)
    _set_depth(roots, 0)
    return roots


def _coding_counts(*, project: Project) -> dict[int, tuple[int, int]]:
    """Code id -> (codings, transcripts coded), grouped from the (code, transcript) index alone: joined to
    the codes and grouped by them, the same counts took three times as long (a sort of every coding)."""
    rows = (
        Coding.objects.filter(code__project=project, code__merged_into__isnull=True)
        .values("code_id")
        .annotate(codings=Count("*"), transcripts=Count("transcript_id", distinct=True))
        .order_by("code_id")
        .values_list("code_id", "codings", "transcripts")
    )
    return {code_id: (codings, transcripts) for code_id, codings, transcripts in rows}


def _set_depth(nodes: list[CodeNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depth(node.children, depth + 1)


def code_tree_walk(nodes: list[CodeNode]) -> Iterator[CodeNode]:
    """Every node of a tree, parents before their children."""
    for node in nodes:
        yield node
        yield from code_tree_walk(node.children)


def code_descendant_ids(*, code: Code) -> set[int]:
    """The ids of `code` and every code under it."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in code_list(project=code.project).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = {code.pk}, [code.pk]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def code_counts(*, code: Code) -> dict[str, int]:
    return code.codings.aggregate(codings=Count("pk"), transcripts=Count("transcript", distinct=True))


def code_codings(*, code: Code, viewer_sees_personal_data: bool = False) -> QuerySet[Coding]:
    """The codings of a code with the P-code of each interviewee; others only see finished transcripts."""
    codings = code.codings.select_related("transcript__interview__stakeholder").order_by(
        "transcript__interview__stakeholder__code", "start", "pk"
    )
    if not viewer_sees_personal_data:
        codings = codings.filter(transcript__redaction_done_at__isnull=False)
    return codings


def code_memo_list(*, code: Code) -> QuerySet[Memo]:
    return code.memos.select_related("author")


def code_memo_get(*, code: Code, public_id: uuid.UUID | str) -> Memo:
    return get_object_or_404(Memo, code=code, public_id=public_id)


@dataclass(frozen=True)
class HistoryEntry:
    event: CodeEvent
    sentence: str
    other: Code | None = None  # the code it was merged into, took in, or split off


def code_history(*, code: Code) -> list[HistoryEntry]:
    """The code's events, oldest first, each told in a sentence."""
    events = list(CodeEvent.objects.filter(code=code).select_related("by"))
    others = {e.pk: e.details.get(_OTHER[e.action]) for e in events if e.action in _OTHER}
    ids = {e.details.get(k) for e in events for k in ("old_parent", "new_parent")} | set(others.values())
    codes = Code.objects.filter(project=code.project, pk__in=ids - {None}).in_bulk()
    names = {pk: c.name for pk, c in codes.items()}
    return [HistoryEntry(e, _sentence(e, names), codes.get(others.get(e.pk) or 0)) for e in events]


_OTHER = {"merged": "into", "absorbed": "merged", "split": "new"}


def _sentence(event: CodeEvent, names: dict[int, str]) -> str:
    d = event.details

    def where(pk: int | None) -> str:
        return f"under {names.get(pk, 'a code that has gone')}" if pk else "to the top level"

    match event.action:
        case "created":
            return f"Created as {d.get('name', '')}"
        case "renamed":
            return f"Renamed from {d.get('old', '')} to {d.get('new', '')}"
        case "edited":
            return "Changed " + ", ".join(_FIELD_NAMES.get(f, f) for f in d.get("fields", []))
        case "moved":
            return f"Moved {where(d.get('new_parent'))}"
        case "merged":
            return f"Merged into {d.get('into_name', '')} ({_n(d.get('codings', 0))} moved)"
        case "absorbed":
            return f"Took in {d.get('merged_name', '')} ({_n(d.get('codings', 0))} moved)"
        case "split":
            return f"Split: {_n(d.get('codings', 0))} went to the new code {d.get('new_name', '')}"
    return event.action.capitalize()


def _n(count: int) -> str:
    return f"{count} coding{'' if count == 1 else 's'}"


_FIELD_NAMES = {
    "colour": "colour",
    "definition": "definition",
    "include_note": "use it when",
    "exclude_note": "do not use it when",
    "example": "example",
    "level": "level of working",
}
