"""One registry of personal data drives both erasure and the subject-access export.

The model walk finds every model that points at a person, an interview, a workshop participant or an
invitation (and, from there, every model that points at those), and fails when one is covered by no
registered source and not declared as holding no personal data.
"""

import html
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import models
from django.test import override_settings

from coproduce.analysis.models import Coding, Memo, PriorityRankingInvite, Quote
from coproduce.consent.registry import (
    not_personal_models,
    personal_data_sources,
    register_personal_data,
    unregister_personal_data,
)
from coproduce.consent.services import stakeholder_erase, subject_access_export_create
from coproduce.interviews.models import Interview, Transcript
from coproduce.jobs.email import UNREACHABLE, email_queue
from coproduce.jobs.models import Job
from coproduce.people.models import Stakeholder
from coproduce.projects.permissions import Need
from coproduce.recommendations.models import Endorsement, EndorsementInvite
from coproduce.workshops.models import Card, Invitation, Participant, Statement

from .personal_data_world import Words, person_with_everything

pytestmark = pytest.mark.django_db

ROOTS: tuple[type[models.Model], ...] = (Stakeholder, Interview, Participant, Invitation)
SOURCES = ["register", "consent", "interviews", "analysis", "workshops", "recommendations", "emails"]
ZEB, OTHER = Words("ZEBEDEE"), Words("OTHERPERSON")
# What each source hands over of the person's own words (all of them carry the person's marker).
OWN_WORDS = {
    "register": ["notes"],
    "consent": ["consent_note"],
    "interviews": ["transcript_text", "notes_on_interview"],
    "analysis": ["transcript_text", "memo"],
    "workshops": ["reply_note", "card", "statement", "option_chosen", "option_passed_over"],
    "recommendations": ["comment"],
    "emails": [],  # an email's text is not exported (it may hold a link that still works); it is erased
}
# Kept after erasure by design: workshop contributions, unlinked from the person, and the options of a
# pairwise activity (the facilitator's, not the person's).
KEPT_AFTER_ERASURE = {"card", "statement", "option_chosen", "option_passed_over"}


def _pointers(model: type[models.Model]) -> set[type[models.Model]]:
    """The models that `model` points at with a foreign key, one-to-one or many-to-many field."""
    return {
        f.related_model
        for f in model._meta.get_fields()
        if f.concrete and f.is_relation and isinstance(f.related_model, type)
    }


def personal_models() -> set[type[models.Model]]:
    """The roots, and every model that points at one of them or at a model found so far (a model declared
    as not personal ends the walk)."""
    found, frontier = set(ROOTS), set(ROOTS)
    not_personal = not_personal_models()
    while frontier:
        frontier = {
            model
            for model in apps.get_models()
            if model not in found and model not in not_personal and _pointers(model) & frontier
        }
        found |= frontier
    return found


def uncovered_models() -> set[str]:
    covered = {model for source in personal_data_sources() for model in source.models}
    return {model._meta.label for model in personal_models() - covered}


@pytest.fixture
def zebedee(project, lead):
    return person_with_everything(project=project, lead=lead, name="Zebedee Oyelaran", marker=ZEB.marker)


@pytest.fixture
def other(project, lead):
    return person_with_everything(project=project, lead=lead, name="Olwen Brightwater", marker=OTHER.marker)


def _open(download):
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        stem = download.filename.removesuffix(".zip")
        assert sorted(archive.namelist()) == [f"{stem}.html", f"{stem}.json"]
        return json.loads(archive.read(f"{stem}.json")), archive.read(f"{stem}.html").decode()


def test_every_model_about_a_person_is_covered_for_erasure_and_export():
    assert uncovered_models() == set(), "Register these in a PersonalDataSource or declare_not_personal()"
    for source in personal_data_sources():
        assert callable(source.export) and callable(source.erase) and source.models, source.key
    for model, reason in not_personal_models().items():
        assert len(reason) > 20, f"Say why {model._meta.label} holds no personal data"
    # The walk reaches two hops from an interview (transcript -> coding -> quote)
    assert {Transcript, Coding, Quote, Memo} <= personal_models()


def test_model_walk_fails_when_an_app_does_not_register():
    sources = personal_data_sources()
    unregister_personal_data(next(source for source in sources if source.key == "analysis"))
    try:
        missing = uncovered_models()
    finally:
        for source in sources:  # back in the same order
            unregister_personal_data(source)
            register_personal_data(source)
    assert {"analysis.Coding", "analysis.Quote", "analysis.Memo", "analysis.PriorityRank"} <= missing


def test_every_source_has_a_test():
    assert sorted(source.key for source in personal_data_sources()) == sorted(SOURCES)


@pytest.mark.parametrize("key", SOURCES)
def test_export_section_holds_the_persons_data_and_no_one_elses(key, zebedee, other, lead):
    data, _ = _open(subject_access_export_create(stakeholder=zebedee, by=lead))

    section = json.dumps(data["sections"][key], ensure_ascii=False)
    assert data["sections"][key]["records"], f"nothing exported from {key}"
    for name in OWN_WORDS[key]:
        assert getattr(ZEB, name) in section, f"{name} missing from {key}"
    assert OTHER.marker not in section and "Olwen" not in section


def test_export_covers_everything_the_workshops_and_analysis_hold(zebedee, other, lead):
    data, _ = _open(subject_access_export_create(stakeholder=zebedee, by=lead))

    workshop = data["sections"]["workshops"]["records"]
    assert [r["reply"] for r in workshop if "reply" in r] == ["Coming"]
    assert [r["vote"] for r in workshop if "vote" in r] == ["Agree"]
    assert [r["on"] for r in workshop if "on" in r] == [ZEB.card]
    assert [(r["chose"], r["over"]) for r in workshop if "chose" in r] == [
        (ZEB.option_chosen, ZEB.option_passed_over)
    ]
    analysis = data["sections"]["analysis"]["records"]
    assert [r["quote"] for r in analysis if "quote" in r] == [ZEB.transcript_text]
    assert [r["ranks"] for r in analysis if "ranks" in r] == ["1. Early help for families"]
    interview = data["sections"]["interviews"]["records"][0]
    assert interview["redactions"] == f"{ZEB.marker} → [{zebedee.code}]"
    assert interview["speakers"] == f"{zebedee.code} (participant)"
    endorsement = data["sections"]["recommendations"]["records"]
    assert [r["position"] for r in endorsement if "position" in r] == ["I support it with changes"]


def test_export_summary_shows_the_persons_own_words_escaped(zebedee, other, lead):
    _, summary = _open(subject_access_export_create(stakeholder=zebedee, by=lead))

    for names in OWN_WORDS.values():
        for name in names:
            said = getattr(ZEB, name)
            assert html.escape(said, quote=False) in summary, name
            assert said not in summary  # never unescaped
    assert "<b>bold</b>" not in summary and "&lt;b&gt;bold&lt;/b&gt;" in summary
    assert OTHER.marker not in summary
    for label in ("Your interviews", "Workshops", "Your views on the recommendations", "Your consent"):
        assert f">{label}</h2>" in summary


def _database_text() -> str:
    parts: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        for row in model._base_manager.all():
            parts.extend(str(f.value_from_object(row)) for f in model._meta.concrete_fields)
    return "\n".join(parts)


def test_erasure_removes_what_every_source_holds(zebedee, other, lead):
    stakeholder_erase(stakeholder=zebedee, by=lead, reason="person_asked")

    text = _database_text()
    for names in OWN_WORDS.values():
        for name in set(names) - KEPT_AFTER_ERASURE:
            assert getattr(ZEB, name) not in text, f"{name} survived erasure"
            assert getattr(OTHER, name) in text, f"the other person's {name} was erased"
    assert "Zebedee" not in text and "zebedee@example.org" not in text
    for model in (Interview, Transcript, Coding, Quote, Memo, PriorityRankingInvite, Invitation):
        assert model.objects.count() == 1, model
    assert EndorsementInvite.objects.count() == Endorsement.objects.count() == 1
    # Their workshop contributions stay, anonymous: no link to them and no name
    mine = Participant.objects.get(workshop__title=f"Workshop with {ZEB.marker}")
    assert (mine.stakeholder, mine.display_name) == (None, "")
    assert Card.objects.get(text=ZEB.card).participant == mine
    assert Statement.objects.get(text=ZEB.statement).author == mine


def test_emails_not_yet_sent_are_exported_without_their_text_and_erased(zebedee, other, lead, project):
    # Given, besides the emails to each person that could not be delivered, one more to Zebedee's address
    # queued by address alone, waiting in a queue whose worker has not run
    dummy = {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": ["default", "email"]}
    with override_settings(TASKS={"default": dummy}):
        email_queue(
            to="ZEBEDEE@example.org", subject="Invitation", body=f"Dear Zebedee, {ZEB.email_text}",
            project=project, need=Need.MANAGE_PEOPLE, by=lead,
        )  # fmt: skip

    data, summary = _open(subject_access_export_create(stakeholder=zebedee, by=lead))

    records = data["sections"]["emails"]["records"]
    assert [(r["to"], r["status"]) for r in records] == [
        ("zebedee@example.org", "Failed"),
        ("ZEBEDEE@example.org", "Waiting to start"),
    ]
    assert ZEB.marker in records[0]["subject"] and records[0]["reason"].startswith(UNREACHABLE)
    assert ZEB.email_text not in json.dumps(data) and html.escape(ZEB.email_text) not in summary
    assert OTHER.marker not in json.dumps(data["sections"]["emails"])

    stakeholder_erase(stakeholder=zebedee, by=lead, reason="person_asked")

    [left] = Job.objects.filter(kind="email")
    assert left.arguments["to"] == "otherperson@example.org"
