import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from coproduce.consent import services
from coproduce.consent.models import ConsentEvent, ConsentForm, ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.selectors import consent_form_current
from coproduce.consent.tests.factories import ConsentFormFactory, PersonalLinkFactory, current_kinds
from coproduce.core.models import AuditEvent
from coproduce.people.models import RecruitmentStatus

S = ConsentScope
TEXTS: dict[str, str] = {S.INTERVIEW: "I agree to an interview.", S.RECONTACT: "You may contact me again."}


def _create(project, lead, **kwargs):
    defaults = {"title": "Consent", "information_sheet": "About the study.", "statements": TEXTS}
    return services.consent_form_create(project=project, by=lead, **{**defaults, **kwargs})


# Consent forms


def test_consent_form_create_makes_a_draft_with_its_statements(project, lead):
    form = _create(project, lead, team_contact="team@example.org")

    assert form.version == 1 and not form.is_published
    assert {s.scope: s.text for s in form.statements.all()} == TEXTS
    assert AuditEvent.objects.filter(action="consent.form.created", object_id=str(form.pk)).exists()


def test_consent_form_create_refuses_a_second_draft(project, lead):
    _create(project, lead)

    with pytest.raises(ValidationError, match="already a draft"):
        _create(project, lead)


@pytest.mark.parametrize("statements", [{}, {S.INTERVIEW: "  "}, {"gossip": "Tell everyone."}])
def test_consent_form_create_refuses_bad_statements(project, lead, statements):
    with pytest.raises(ValidationError):
        _create(project, lead, statements=statements)


def test_consent_form_update_changes_a_draft(project, lead):
    form = _create(project, lead)

    services.consent_form_update(
        form=form,
        by=lead,
        title="New title",
        information_sheet="New sheet",
        statements={S.WORKSHOPS: "Workshops"},
    )

    form.refresh_from_db()
    assert form.title == "New title"
    assert list(form.statements.values_list("scope", flat=True)) == [S.WORKSHOPS]


def test_consent_form_update_refuses_a_published_form(project, lead, consent_form):
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.consent_form_update(
            form=consent_form, by=lead, title="Changed", information_sheet="Changed", statements=TEXTS
        )
    consent_form.refresh_from_db()
    assert consent_form.title == "Consent to take part"


def test_consent_form_publish_makes_the_draft_current(project, lead):
    form = _create(project, lead)

    services.consent_form_publish(form=form, by=lead)

    assert consent_form_current(project=project) == form
    with pytest.raises(ValidationError):
        services.consent_form_publish(form=form, by=lead)


def test_consent_form_new_version_copies_as_the_next_draft(project, lead, consent_form):
    copy = services.consent_form_new_version(form=consent_form, by=lead)

    assert copy.version == consent_form.version + 1 and not copy.is_published
    assert copy.information_sheet == consent_form.information_sheet
    assert copy.statements.count() == consent_form.statements.count()
    assert consent_form_current(project=project) == consent_form  # until the copy is published


# Recording consent


def test_consent_record_appends_one_event_per_scope(person, consent_form, lead):
    events = services.consent_record(
        stakeholder=person,
        form=consent_form,
        scopes=[S.INTERVIEW, S.AUDIO_RECORDING],
        kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER,
        by=lead,
        note="Signed form in the locked cabinet",
    )

    assert [(e.scope, e.kind, e.method, e.recorded_by) for e in events] == [
        (S.INTERVIEW, "given", "paper", lead),
        (S.AUDIO_RECORDING, "given", "paper", lead),
    ]
    audit = AuditEvent.objects.get(action="consent.event.recorded")
    assert audit.object_repr == person.code
    assert "cabinet" not in str(audit.changes)


def test_consent_record_refuses_a_scope_the_form_does_not_ask_about(person, lead, project):
    form = ConsentFormFactory(project=project, statements=[S.INTERVIEW])

    with pytest.raises(ValidationError):
        services.consent_record(
            stakeholder=person, form=form, scopes=[S.WORKSHOPS], kind="given", method="verbal", by=lead
        )
    assert not ConsentEvent.objects.exists()


def test_consent_record_refuses_a_draft_form(person, lead, project):
    draft = ConsentFormFactory(project=project, published_at=None)

    with pytest.raises(ValidationError):
        services.consent_record(
            stakeholder=person, form=draft, scopes=[S.INTERVIEW], kind="given", method="verbal", by=lead
        )


@pytest.mark.parametrize(
    "scope, status",
    [
        (S.INTERVIEW, RecruitmentStatus.CONSENTED),
        (S.WORKSHOPS, RecruitmentStatus.CONSENTED),
        (S.RECONTACT, RecruitmentStatus.IDENTIFIED),
    ],
)
def test_consent_record_given_to_take_part_marks_the_person_consented(
    person, consent_form, lead, scope, status
):
    services.consent_record(
        stakeholder=person, form=consent_form, scopes=[scope], kind="given", method="paper", by=lead
    )

    person.refresh_from_db()
    assert person.recruitment_status == status


def test_consent_record_withdrawing_the_last_consent_marks_the_person_withdrawn(person, consent_form, lead):
    services.consent_record(
        stakeholder=person, form=consent_form, scopes=[S.INTERVIEW], kind="given", method="paper", by=lead
    )

    services.consent_record(
        stakeholder=person,
        form=consent_form,
        scopes=[S.INTERVIEW],
        kind="withdrawn",
        method="verbal",
        by=lead,
    )

    person.refresh_from_db()
    assert person.recruitment_status == RecruitmentStatus.WITHDRAWN


# Append-only events


def test_consent_event_refuses_to_save_changes(person, consent_form, lead):
    [event] = services.consent_record(
        stakeholder=person, form=consent_form, scopes=[S.INTERVIEW], kind="given", method="paper", by=lead
    )

    event.kind = ConsentKind.REFUSED
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        ConsentEvent.objects.filter(pk=event.pk).update(kind=ConsentKind.REFUSED)
    assert ConsentEvent.objects.get(pk=event.pk).kind == ConsentKind.GIVEN


def test_consent_event_keeps_its_history_when_the_recorder_account_is_deleted(person, consent_form, lead):
    services.consent_record(
        stakeholder=person, form=consent_form, scopes=[S.INTERVIEW], kind="given", method="paper", by=lead
    )

    lead.delete()

    assert ConsentEvent.objects.get().recorded_by is None


# Answers through a personal link


def test_consent_answers_submit_records_only_changes(person, consent_form):
    link = PersonalLinkFactory(stakeholder=person, form=consent_form)

    first = services.consent_answers_submit(link=link, answers={S.INTERVIEW: True, S.AUDIO_RECORDING: False})
    again = services.consent_answers_submit(link=link, answers={S.INTERVIEW: True, S.AUDIO_RECORDING: False})
    changed = services.consent_answers_submit(
        link=link, answers={S.INTERVIEW: False, S.AUDIO_RECORDING: True}
    )

    assert [(e.scope, e.kind) for e in first] == [(S.INTERVIEW, "given"), (S.AUDIO_RECORDING, "refused")]
    assert again == []
    assert [(e.scope, e.kind) for e in changed] == [(S.INTERVIEW, "withdrawn"), (S.AUDIO_RECORDING, "given")]
    assert all(e.method == ConsentMethod.ONLINE and e.recorded_by is None for e in first + changed)
    assert (
        AuditEvent.objects.filter(
            action="consent.event.recorded", actor_label=services.PARTICIPANT_LABEL
        ).count()
        == 2
    )


def test_consent_answers_submit_refuses_an_expired_link(person, consent_form):
    link = PersonalLinkFactory(
        stakeholder=person, form=consent_form, expires_at=timezone.now() - dt.timedelta(days=1)
    )

    with pytest.raises(ValidationError):
        services.consent_answers_submit(link=link, answers={S.INTERVIEW: True})
    assert not ConsentEvent.objects.exists()


def test_consent_withdraw_all_withdraws_every_given_scope(person, consent_form, lead):
    services.consent_record(
        stakeholder=person,
        form=consent_form,
        scopes=[S.INTERVIEW, S.RECONTACT],
        kind="given",
        method="paper",
        by=lead,
    )
    services.consent_record(
        stakeholder=person, form=consent_form, scopes=[S.WORKSHOPS], kind="refused", method="paper", by=lead
    )

    events = services.consent_withdraw_all(
        stakeholder=person, by=None, method="online", actor_label="participant"
    )

    assert sorted(e.scope for e in events) == sorted([S.INTERVIEW, S.RECONTACT])
    kinds = current_kinds(person)
    assert kinds[S.WORKSHOPS] == "refused" and kinds[S.INTERVIEW] == "withdrawn"
    person.refresh_from_db()
    assert person.recruitment_status == RecruitmentStatus.WITHDRAWN


def test_consent_withdraw_all_marks_withdrawn_even_without_consent(person):
    assert services.consent_withdraw_all(stakeholder=person, by=None, method="online") == []

    person.refresh_from_db()
    assert person.recruitment_status == RecruitmentStatus.WITHDRAWN


# Personal links


@override_settings(PERSONAL_LINK_MAX_AGE_DAYS=7)
def test_personal_link_create_expires_after_the_setting_and_revokes_older_links(person, consent_form, lead):
    old = services.personal_link_create(stakeholder=person, form=consent_form, by=lead)

    new = services.personal_link_create(stakeholder=person, form=consent_form, by=lead)

    old.refresh_from_db()
    assert old.revoked_at is not None and new.is_usable
    assert dt.timedelta(days=6, hours=23) < new.expires_at - timezone.now() <= dt.timedelta(days=7)


def test_personal_link_create_needs_a_published_form(person, project, lead):
    draft = ConsentFormFactory(project=project, published_at=None)

    with pytest.raises(ValidationError):
        services.personal_link_create(stakeholder=person, form=draft, by=lead)


def test_personal_link_email_sends_after_commit(
    person, consent_form, lead, mailoutbox, django_capture_on_commit_callbacks
):
    link = services.personal_link_create(stakeholder=person, form=consent_form, by=lead)

    with django_capture_on_commit_callbacks(execute=True):
        services.personal_link_email(link=link, url="https://example.org/c/token/", by=lead)

    [mail] = mailoutbox
    assert mail.to == [person.email]
    assert "https://example.org/c/token/" in mail.body and "research-team@example.org" in mail.body
    audit = AuditEvent.objects.get(action="consent.link.emailed")
    assert person.email not in str(audit.changes) + audit.object_repr


def test_personal_link_email_needs_an_email_address(person, consent_form, lead):
    person.email = ""
    link = services.personal_link_create(stakeholder=person, form=consent_form, by=lead)

    with pytest.raises(ValidationError, match="no email"):
        services.personal_link_email(link=link, url="https://example.org/c/x/", by=lead)


def test_personal_link_revoke_stops_the_link(person, consent_form, lead):
    link = services.personal_link_create(stakeholder=person, form=consent_form, by=lead)

    services.personal_link_revoke(link=link, by=lead)

    link.refresh_from_db()
    assert not link.is_usable
    assert AuditEvent.objects.filter(action="consent.link.revoked").count() == 1


# Subject access


def test_subject_access_export_create_is_audited(person, lead):
    download = services.subject_access_export_create(stakeholder=person, by=lead)

    assert download.filename == f"{person.code}-subject-access.zip"
    audit = AuditEvent.objects.get(action="consent.subject_access.exported")
    assert audit.object_repr == person.code


def test_consent_form_one_draft_per_project_is_a_database_rule(project):
    ConsentFormFactory(project=project)
    ConsentFormFactory(project=project, published_at=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentFormFactory(project=project, published_at=None)
    assert ConsentForm.objects.filter(project=project).count() == 2
