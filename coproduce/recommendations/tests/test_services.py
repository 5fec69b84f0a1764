"""Recommendations: drafting with history, endorsement rounds through personal links, and progress."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.services.events import consent_record
from coproduce.core.models import AuditEvent
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.people.sectors import Sector
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.recommendations.models import Position, Progress, RecommendationStatus
from coproduce.recommendations.selectors.endorsement import (
    EndorsementLink,
    endorsement_resolve,
    endorsement_results,
    endorsement_token,
)
from coproduce.recommendations.selectors.trace import recommendation_trace_tree
from coproduce.recommendations.services.endorsement import (
    endorsement_round_close,
    endorsement_round_open,
    endorsement_submit,
)
from coproduce.recommendations.services.progress import (
    milestone_add,
    milestone_done,
    progress_note_correct,
    progress_record,
)
from coproduce.recommendations.services.recommendations import (
    recommendation_create,
    recommendation_evidence_add,
    recommendation_publish,
    recommendation_revise,
)

pytestmark = pytest.mark.django_db


def _person(project, lead, sector, *, consent=True):
    person = StakeholderFactory(
        project=project, organisation=OrganisationFactory(project=project, sector=sector)
    )
    if consent:
        consent_record(
            stakeholder=person, form=None, scopes=[ConsentScope.RECONTACT], kind=ConsentKind.GIVEN,
            method=ConsentMethod.PAPER, by=lead,
        )  # fmt: skip
    return person


def _draft(project, lead, action="Pool small grants through one fund"):
    return recommendation_create(project=project, by=lead, action=action, lead_sector=Sector.FUNDER)


def _open(project, lead, people):
    return endorsement_round_open(
        project=project, by=lead, title="Round 1", people=people,
        closes_at=timezone.now() + datetime.timedelta(days=14), link_for=lambda invite: f"https://x/{invite.pk}",
    )  # fmt: skip


def test_recommendations_are_numbered_and_revised_with_history(project, lead):
    first = _draft(project, lead)
    second = _draft(project, lead, "Share one referral form")

    recommendation_revise(
        recommendation=first, by=lead, reason="Funders asked for a pilot first", elements=[],
        action="Pilot a pooled small-grants fund", lead_sector=Sector.FUNDER, timeframe="0-6",
    )  # fmt: skip

    assert (first.label, second.label) == ("R1", "R2")
    first.refresh_from_db()
    assert first.version == 2
    history = list(first.revisions.values_list("version", "reason", "snapshot__action"))
    assert history == [
        (2, "Funders asked for a pilot first", "Pilot a pooled small-grants fund"),
        (1, "First draft", "Pool small grants through one fund"),
    ]
    assert AuditEvent.objects.get(action="recommendations.recommendation.revised").changes["fields"] == [
        "action",
        "timeframe",
    ]


def test_revising_needs_a_reason(project, lead):
    with pytest.raises(ValidationError):
        recommendation_revise(
            recommendation=_draft(project, lead), by=lead, reason=" ", elements=[], action="X"
        )


def test_round_sends_personal_links_only_to_people_who_agreed(
    project, lead, django_capture_on_commit_callbacks
):
    _draft(project, lead)
    agreed = _person(project, lead, Sector.VCFSE)
    refused = _person(project, lead, Sector.VCFSE, consent=False)

    with pytest.raises(ValidationError, match=refused.code):
        _open(project, lead, [agreed, refused])
    with django_capture_on_commit_callbacks(execute=True):
        round_ = _open(project, lead, [agreed])

    assert len(mail.outbox) == 1 and f"https://x/{round_.invites.get().pk}" in mail.outbox[0].body
    assert project.recommendations.get().status == RecommendationStatus.ENDORSEMENT


def test_results_by_sector_count_each_persons_latest_position(project, lead):
    r1 = _draft(project, lead)
    people = [_person(project, lead, s) for s in (Sector.VCFSE, Sector.VCFSE, Sector.LOCAL_AUTHORITY)]
    round_ = _open(project, lead, people)
    invites = {invite.stakeholder_id: invite for invite in round_.invites.all()}

    endorsement_submit(
        invite=invites[people[0].pk], positions={r1.pk: (Position.OBJECT, "")}, notify_updates=False
    )
    endorsement_submit(
        invite=invites[people[0].pk], positions={r1.pk: (Position.SUPPORT, "")}, notify_updates=True
    )
    endorsement_submit(
        invite=invites[people[1].pk],
        positions={r1.pk: (Position.CHANGES, "Name a lead")},
        notify_updates=False,
    )
    endorsement_submit(
        invite=invites[people[2].pk], positions={r1.pk: (Position.OBJECT, "No budget")}, notify_updates=False
    )
    [result] = endorsement_results(round_=round_)

    assert result.counts == {"support": 1, "changes": 1, "object": 1}
    assert result.support_share == pytest.approx(2 / 3)
    assert {s.sector: s.counts for s in result.by_sector} == {
        Sector.LOCAL_AUTHORITY: {"support": 0, "changes": 0, "object": 1},
        Sector.VCFSE: {"support": 1, "changes": 1, "object": 0},
    }
    assert sorted(c.comment for c in result.comments) == ["Name a lead", "No budget"]


def test_links_that_are_tampered_or_closed_change_nothing(project, lead):
    r1 = _draft(project, lead)
    round_ = _open(project, lead, [_person(project, lead, Sector.VCFSE)])
    invite = round_.invites.get()
    token = endorsement_token(invite=invite)

    assert endorsement_resolve(token=token)[0] == EndorsementLink.VALID
    assert endorsement_resolve(token=token[:-2] + "xx")[0] == EndorsementLink.TAMPERED
    endorsement_round_close(round_=round_, by=lead)
    assert endorsement_resolve(token=token)[0] == EndorsementLink.CLOSED
    with pytest.raises(ValidationError, match="closed"):
        endorsement_submit(invite=invite, positions={r1.pk: (Position.SUPPORT, "")}, notify_updates=False)
    assert not invite.endorsements.exists()
    r1.refresh_from_db()
    assert r1.status == RecommendationStatus.DRAFT  # back to draft for revision


def test_progress_needs_publication_and_notifies_people_who_asked(
    project, lead, django_capture_on_commit_callbacks
):
    r1 = _draft(project, lead)
    person = _person(project, lead, Sector.VCFSE)
    round_ = _open(project, lead, [person])
    endorsement_submit(
        invite=round_.invites.get(), positions={r1.pk: (Position.SUPPORT, "")}, notify_updates=True
    )
    mail.outbox.clear()

    with pytest.raises(ValidationError, match="Publish"):
        progress_record(recommendation=r1, by=lead, progress=Progress.IN_PROGRESS, note="Started")
    recommendation_publish(recommendation=r1, by=lead)
    with django_capture_on_commit_callbacks(execute=True):
        update = progress_record(
            recommendation=r1, by=lead, progress=Progress.IN_PROGRESS, note="Fund agreed"
        )
    milestone = milestone_add(
        recommendation=r1, by=lead, title="First grants paid", due_on=datetime.date(2027, 3, 1)
    )
    milestone_done(milestone=milestone, by=lead, done_on=datetime.date(2027, 2, 20))

    r1.refresh_from_db()
    assert (r1.progress, update.notified) == (Progress.IN_PROGRESS, 1)
    assert mail.outbox[0].to == [person.email] and "Fund agreed" in mail.outbox[0].body


def test_trace_reaches_evidence_through_elements_and_directly(project, lead):
    framework = framework_create(project=project, by=lead, title="Early help")
    element = element_create(framework=framework, by=lead, title="Trust first", level="cultural")
    record, other = ReferenceFactory(project=project), ReferenceFactory(project=project)
    evidence_link_add(element=element, by=lead, kind="reference", target=record)
    r1 = recommendation_create(project=project, by=lead, action="Pool grants", elements=[element])
    recommendation_evidence_add(recommendation=r1, by=lead, kind="reference", target=other)

    tree = recommendation_trace_tree(recommendation=r1)

    assert [(b.title, [i.label for g in b.groups for i in g.items]) for b in tree.branches] == [
        ("Linked directly", [other.title]),
        ("Early help: Trust first", [record.title]),
    ]


def test_progress_note_correct_changes_the_words_only(project, lead):
    # given a published recommendation with a note that gives a phone number
    recommendation = _draft(project, lead)
    recommendation_publish(recommendation=recommendation, by=lead)
    update = progress_record(
        recommendation=recommendation, by=lead, progress="in_progress", note="Ring 07700 900123"
    )
    mail.outbox.clear()

    # when the note is corrected, then the words change, the progress and the date do not, nobody is emailed
    # again, and the audit row holds neither the old nor the new words
    progress_note_correct(update=update, by=lead, note="Apply on the council's website")
    update.refresh_from_db()
    assert (update.note, update.progress) == ("Apply on the council's website", "in_progress")
    assert mail.outbox == []
    audit = AuditEvent.objects.get(action="recommendations.progress.corrected")
    assert audit.changes == {"update": update.pk}

    # a blank or unchanged note is refused and changes nothing
    for note, message in (("  ", "Say what has happened"), (update.note, "The note is unchanged")):
        with pytest.raises(ValidationError, match=message):
            progress_note_correct(update=update, by=lead, note=note)
    assert AuditEvent.objects.filter(action="recommendations.progress.corrected").count() == 1
