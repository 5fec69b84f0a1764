"""Every edit form refuses a save made over someone else's: the version check (coproduce.core.versions).

Each edit page is opened twice, as if by two people. The first saves a change; the second then saves a
different change from the form they opened before. The second save must be refused with the conflict
message, save nothing, and leave the first person's change in place. An edit page is found by its URL
name (ending in _edit, _update, _rename or _revise) or listed in ALSO_EDIT; test_edit_versions_complete.py
fails when a page whose form carries a version is in neither, or a service changes a row without a version.
"""

import datetime as dt
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.consent.tests.factories import ConsentFormFactory
from coproduce.core.versions import CONFLICT
from coproduce.evidence.models import Reference
from coproduce.extraction.services.records import appraisal_save
from coproduce.extraction.tools import TOOLS
from coproduce.interviews.models import SpeakerRole, TranscriptTurn
from coproduce.projects.models import Project
from coproduce.projects.tests.factories import MembershipFactory
from coproduce.workshops.models import Workshop
from tests.permission_world import World, url_routes

EDIT_NAME = re.compile(r"_(edit|update|rename|revise)$")

# Pages named like an edit page that do not edit a record's fields, and why.
NOT_FIELD_EDITS = {
    "people:stakeholder_status_update": "moves a person along the recruitment workflow; the move is checked "
    "against the status saved at that moment, and each move is a new event",
}
# Edit pages whose names do not say so.
ALSO_EDIT = [
    "accounts:profile",
    "analysis:code_memo_edit",
    "analysis:priority_scores",
    "evidence:dual_settings",
    "evidence:highlight_settings",
    "extraction:appraise",
    "extraction:extract",
    "interviews:interview_outcome",
    "interviews:speaker_merge",
    "interviews:transcript_speakers",
    "interviews:turn_reassign",
    "interviews:turn_split",
    "people:sampling",
    "projects:membership_change_role",
    "recommendations:progress_correct",
    "reports:publication_settings",
    "reports:report_settings",
    "workshops:attendance",
]


def _draft_consent_form(world: World) -> dict[str, Any]:
    """The world's consent form is published, so cannot be edited: edit a draft instead."""
    project = Project.objects.get(public_id=world.values["project_id"])
    return {"form_id": ConsentFormFactory(project=project, published_at=None).public_id}


def _future_workshop(world: World) -> dict[str, Any]:
    """The world's workshop is live, with no end or venue: one being planned has them all in order."""
    when = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(days=7)
    Workshop.objects.filter(public_id=world.values["workshop_id"]).update(
        starts_at=when, ends_at=when + dt.timedelta(hours=2), venue="Library"
    )
    return {}


def _appraised(world: World) -> dict[str, Any]:
    """The world's included record has no appraisal yet: one with every question answered."""
    reference = Reference.objects.get(pk=world.values["record_id"])
    tool = TOOLS["casp_qualitative"]
    answers = {question.key: "yes" for question in tool.questions_for()}
    appraisal_save(reference=reference, by=world.users["lead"], tool=tool.key, answers=answers)
    return {}


def _speakers_to_merge(world: World) -> dict[str, Any]:
    """The world's transcript has one speaker: two more to merge it with, "Interviewer" then "Visitor"."""
    turn = TranscriptTurn.objects.get(pk=world.values["turn_id"])
    end = turn.end
    for order, label, role in (
        (2, "Interviewer", SpeakerRole.INTERVIEWER),
        (3, "Visitor", SpeakerRole.OTHER),
    ):
        TranscriptTurn.objects.create(
            transcript=turn.transcript, order=order, speaker=label, role=role, start=end, end=end,
            original_start=end, original_end=end,
        )  # fmt: skip
    return {}


# Records that the shared world holds in a state their edit page refuses, and the kwargs of one it accepts.
EDITABLE_RECORD: dict[str, Callable[[World], dict[str, Any]]] = {
    "consent:consent_form_edit": _draft_consent_form,
    "extraction:appraise": _appraised,
    "interviews:speaker_merge": _speakers_to_merge,
    "workshops:workshop_edit": _future_workshop,
}

EDIT_PAGES = sorted(
    {name for name in url_routes() if EDIT_NAME.search(name) and name not in NOT_FIELD_EDITS} | set(ALSO_EDIT)
)


class _FormReader(HTMLParser):
    """The fields of the first POST form on a page that carries a version, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[list[tuple[str, str, str]]] = []  # (kind, name, value)
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._in_form = True
            self.forms.append([])
        elif not self._in_form or "disabled" in a:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind == "radio" and "checked" not in a:
                kind = "option"  # another choice, not sent unless a test chooses it
            elif kind == "checkbox" and "checked" not in a:
                kind = "unticked"  # not sent unless a test ticks it
            elif kind in {"submit", "file"}:
                return
            self.forms[-1].append((kind, a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1].append(("textarea", a["name"], ""))
        elif tag == "select":
            self._select, self._first_option = a.get("name"), None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self.forms[-1].append(("option", self._select, value))  # not sent unless a test chooses it
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self.forms[-1].append(("select", self._select, value))
                self._select = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.forms[-1].append(("select", self._select, self._first_option or ""))
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            kind, name, value = self.forms[-1][-1]
            self.forms[-1][-1] = (kind, name, value + data.removeprefix("\n") if not value else value + data)


def _errors(page: str) -> str:
    return " / ".join(re.findall(r'govuk-error-message"[^>]*>(.*?)</p>', page, re.S)) or page[:500]


def _edit_form(page: str) -> list[tuple[str, str, str]]:
    reader = _FormReader()
    reader.feed(page)
    forms = [form for form in reader.forms if any(name.split("-")[-1] == "version" for _, name, _ in form)]
    assert forms, "The edit form has no hidden version field: call form_version_track(form, record)"
    return forms[0]


# What each person types into a date or number box (when the form has no text box).
DATES = {"(first)": "2031-01-02", "(second)": "2032-03-04"}
NUMBERS = {"(first)": "37", "(second)": "63"}


def _with_change(fields: list[tuple[str, str, str]], mark: str) -> tuple[dict[str, list[str]], list[str]]:
    """The form's data with `mark` added to every text area and every empty text box, or else to its first
    filled-in text box, or else its first date or number box set to a value of its own; also the new
    texts (as the page shows them)."""
    free = [
        n for n, (kind, _, value) in enumerate(fields) if kind == "textarea" or (kind, value) == ("text", "")
    ]
    boxes = free or [n for n, (kind, _, value) in enumerate(fields) if kind == "text" and value.strip()][:1]
    others = {"date": DATES[mark], "number": NUMBERS[mark]}
    other = [] if boxes else [n for n, (kind, _, _) in enumerate(fields) if kind in others][:1]
    assert boxes or other, "The edit form has no text, date or number box to change"
    data: dict[str, list[str]] = {}
    for n, (kind, name, value) in enumerate(fields):
        if kind not in {"unticked", "option"}:
            new = f"{value} {mark}".strip() if n in boxes else others[kind] if n in other else value
            data.setdefault(name, []).append(new)
    texts = [data[fields[n][1]][-1] for n in boxes] + [f'value="{others[fields[n][0]]}"' for n in other]
    return data, texts


def _publish_change(fields: list[tuple[str, str, str]], mark: str) -> tuple[dict[str, list[str]], list[str]]:
    """The publish step: a web address of one's own, every checklist item ticked."""
    slug = f"early-help-{mark.strip('()')}"
    data: dict[str, list[str]] = {}
    for kind, name, value in fields:
        if kind != "unticked" or name == "confirmed":
            data.setdefault(name, []).append(slug if name == "slug" else value)
    return data, [slug]


def _choice_change(fields: list[tuple[str, str, str]], mark: str) -> tuple[dict[str, list[str]], list[str]]:
    """A form of choices: the first drop-down list or set of radios set to an option of one's own (not the
    one chosen now)."""
    name, chosen = next((name, value) for kind, name, value in fields if kind in {"select", "radio"})
    options = [
        value for kind, field, value in fields if (kind, field) == ("option", name) and value != chosen
    ]
    mine = [value for value in options if value][
        -1 if mark == "(first)" else -2
    ]  # the last: often the mildest
    data: dict[str, list[str]] = {}
    for kind, field, value in fields:
        if kind not in {"unticked", "option"}:
            data.setdefault(field, []).append(mine if field == name else value)
    return data, [f'value="{mine}" selected', f'value="{mine}" checked']


def _first_box_change(
    fields: list[tuple[str, str, str]], mark: str
) -> tuple[dict[str, list[str]], list[str]]:
    """A form whose text areas may not share a line (a term is relevant or not, never both): `mark` goes
    into the first one only."""
    first = next(n for n, (kind, _, _) in enumerate(fields) if kind == "textarea")
    data: dict[str, list[str]] = {}
    for n, (kind, name, value) in enumerate(fields):
        if kind not in {"unticked", "option"}:
            data.setdefault(name, []).append(f"{value}\n{mark}".strip() if n == first else value)
    return data, [data[fields[first][1]][-1]]


def _merge_change(fields: list[tuple[str, str, str]], mark: str) -> tuple[dict[str, list[str]], list[str]]:
    """Merging the world's speaker: with "Visitor" first, "Interviewer" second (see _speakers_to_merge), so
    the page then names the speaker the first merged it with."""
    key, chosen = ("speaker-2", "Visitor") if mark == "(first)" else ("speaker-1", "Interviewer")
    data = {name: [value] for kind, name, value in fields if kind not in {"unticked", "option"}}
    return data | {"into": [key]}, [f"Merge the speaker “{chosen}”"]


def _split_change(fields: list[tuple[str, str, str]], mark: str) -> tuple[dict[str, list[str]], list[str]]:
    """Splitting the world's turn ("The food bank on Hill Street.") before "bank on", with a new speaker."""
    typed = {"words": "bank on", "new_speaker": f"Visitor {mark}"}
    data: dict[str, list[str]] = {}
    for kind, name, value in fields:
        if kind not in {"unticked", "option"}:
            data.setdefault(name, []).append(typed.get(name, value))
    return data, [f"Visitor {mark}"]


# Pages whose form needs more than a change to one of its boxes.
CHANGE: dict[str, Callable[[list[tuple[str, str, str]], str], tuple[dict[str, list[str]], list[str]]]] = {
    "analysis:priority_scores": _choice_change,
    "evidence:highlight_settings": _first_box_change,
    "interviews:interview_outcome": _choice_change,
    "interviews:speaker_merge": _merge_change,
    "interviews:transcript_speakers": _choice_change,
    "interviews:turn_split": _split_change,
    "projects:membership_change_role": _choice_change,
    "workshops:attendance": _choice_change,
    "reports:publication_settings": _publish_change,
}
# Pages that edit the signed-in person's own rows (their scores): the two savers are one person in two tabs.
OWN_ROWS = {"accounts:profile", "analysis:priority_scores"}


@pytest.mark.django_db
@pytest.mark.parametrize("name", EDIT_PAGES)
def test_edit_page_refuses_a_save_over_someone_elses(world: World, name):
    # given two people on the project opening the same edit page
    first, second = Client(), Client()
    first.force_login(world.users["lead"])
    second.force_login(
        world.users["lead"]
        if name in OWN_ROWS
        else MembershipFactory(project=Project.objects.get(public_id=world.values["project_id"])).user
    )
    kwargs = world.kwargs_for(name) | (EDITABLE_RECORD[name](world) if name in EDITABLE_RECORD else {})
    url = reverse(name, kwargs=kwargs)
    first_fields, second_fields = (_edit_form(c.get(url).content.decode()) for c in (first, second))
    # when the first saves a change, then the second saves another from the form they opened before
    change = CHANGE.get(name, _with_change)
    data, first_texts = change(first_fields, "(first)")
    saved = first.post(url, data)
    data, second_texts = change(second_fields, "(second)")
    refused = second.post(url, data)
    # then the first change is saved; the second is refused, saves nothing, and is shown against the first
    assert saved.status_code == 302, _errors(saved.content.decode())
    assert CONFLICT in refused.content.decode(), f"{name}: a save over someone else's was not refused"
    assert 'id="edit-conflict"' in refused.content.decode(), "The page does not show what changed"
    page = html.unescape(first.get(url).content.decode())
    assert any(text in page for text in first_texts), "The first save changed nothing"
    assert not any(text in page for text in second_texts)
