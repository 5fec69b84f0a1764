import io
import json
import zipfile

import pytest
from django.urls import reverse

from coproduce.consent.models import ConsentEvent, ConsentForm, ConsentScope, PersonalLink
from coproduce.consent.tests.factories import ConsentFormFactory
from coproduce.core.models import AuditEvent
from coproduce.jobs.email import UNREACHABLE
from coproduce.jobs.models import Job, JobStatus
from coproduce.jobs.tests.mail_servers import flaky_server
from coproduce.people.models import Stakeholder
from coproduce.projects.permissions import ProjectRole

R = ProjectRole
EVERYONE = {R.LEAD, R.RESEARCHER, R.FACILITATOR, R.OBSERVER}
RESEARCH = {R.LEAD, R.RESEARCHER}
LEAD = {R.LEAD}

# (URL name, method, roles allowed, which object the URL needs)
ROUTES = [
    ("consent_form_list", "get", EVERYONE, None),
    ("consent_form_detail", "get", EVERYONE, "form"),
    ("consent_form_create", "get", LEAD, None),
    ("consent_form_edit", "get", LEAD, "draft"),
    ("consent_form_publish", "post", LEAD, "draft"),
    ("consent_form_new_version", "post", LEAD, "form"),
    ("stakeholder_consent", "get", EVERYONE, "person"),
    ("consent_record", "post", RESEARCH, "person"),
    ("personal_link_create", "post", RESEARCH, "person"),
    ("personal_link_revoke", "post", RESEARCH, "person"),
    ("subject_access_export", "post", LEAD, "person"),
    ("stakeholder_erase", "get", LEAD, "person"),
]


@pytest.fixture
def objects(project, consent_form, person):
    draft = ConsentFormFactory(project=project, published_at=None)
    return {"form": consent_form, "draft": draft, "person": person}


def _url(name, project, objects, needs):
    kwargs = {"project_id": project.public_id}
    if needs in ("form", "draft"):
        kwargs["form_id"] = objects[needs].public_id
    elif needs == "person":
        kwargs["code"] = objects["person"].code
    return reverse(f"consent:{name}", kwargs=kwargs)


@pytest.mark.parametrize("role", list(R))
@pytest.mark.parametrize("name, method, allowed, needs", ROUTES)
def test_consent_views_permissions_by_role(
    client, project, member, objects, role, name, method, allowed, needs
):
    client.force_login(member(role))

    response = getattr(client, method)(_url(name, project, objects, needs))

    if role in allowed:
        assert response.status_code in (200, 302, 400)  # 400: allowed, but the empty form is invalid
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("name, method, allowed, needs", ROUTES)
def test_consent_views_hide_the_project_from_outsiders(
    client, project, outsider, objects, name, method, allowed, needs
):
    client.force_login(outsider)

    assert getattr(client, method)(_url(name, project, objects, needs)).status_code == 404


@pytest.mark.parametrize("name, method, allowed, needs", ROUTES)
def test_consent_views_send_anonymous_users_to_sign_in(
    client, project, objects, name, method, allowed, needs
):
    response = getattr(client, method)(_url(name, project, objects, needs))

    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_consent_views_of_a_person_in_another_project_are_not_found(lead_client, project, consent_form):
    from coproduce.people.tests.factories import StakeholderFactory

    stranger = StakeholderFactory()
    url = reverse(
        "consent:stakeholder_consent", kwargs={"project_id": project.public_id, "code": stranger.code}
    )

    assert lead_client.get(url).status_code == 404


# Consent forms


def _form_data(**changes):
    data = {"title": "Consent to take part", "information_sheet": "About the study.", "team_contact": ""}
    for scope in ConsentScope.values:
        data[f"include_{scope}"] = "on"
        data[f"text_{scope}"] = f"I agree: {scope}."
    return {**data, **changes}


def test_consent_form_create_offers_plain_english_defaults(lead_client, project):
    html = lead_client.get(
        reverse("consent:consent_form_create", kwargs={"project_id": project.public_id})
    ).content

    assert b"I agree to take part in an interview" in html
    assert html.count(b'class="govuk-fieldset"') == len(ConsentScope.values)


def test_consent_form_create_saves_a_draft_leaving_out_a_scope(lead_client, project):
    data = _form_data()
    del data["include_recontact"]

    response = lead_client.post(
        reverse("consent:consent_form_create", kwargs={"project_id": project.public_id}), data
    )

    form = ConsentForm.objects.get(project=project)
    assert response.status_code == 302 and not form.is_published
    assert ConsentScope.RECONTACT not in form.statements.values_list("scope", flat=True)


def test_consent_form_create_shows_errors(lead_client, project):
    data = {**_form_data(text_interview=""), "title": ""}

    response = lead_client.post(
        reverse("consent:consent_form_create", kwargs={"project_id": project.public_id}), data
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Enter the statement for" in html
    assert not ConsentForm.objects.exists()


def test_consent_form_create_with_a_draft_goes_to_the_draft(lead_client, project):
    draft = ConsentFormFactory(project=project, published_at=None)

    response = lead_client.get(
        reverse("consent:consent_form_create", kwargs={"project_id": project.public_id})
    )

    assert response.url == reverse(
        "consent:consent_form_edit", kwargs={"project_id": project.public_id, "form_id": draft.public_id}
    )


def test_consent_form_edit_publish_and_new_version(lead_client, project):
    draft = ConsentFormFactory(project=project, published_at=None)
    kwargs = {"project_id": project.public_id, "form_id": draft.public_id}

    lead_client.post(reverse("consent:consent_form_edit", kwargs=kwargs), _form_data(title="Edited"))
    lead_client.post(reverse("consent:consent_form_publish", kwargs=kwargs))
    draft.refresh_from_db()
    assert draft.title == "Edited" and draft.is_published

    # Editing a published version offers a new version instead
    page = lead_client.get(reverse("consent:consent_form_edit", kwargs=kwargs)).content.decode()
    assert "cannot be changed" in page and "Make a new version" in page
    response = lead_client.post(reverse("consent:consent_form_new_version", kwargs=kwargs))
    copy = ConsentForm.objects.get(project=project, version=draft.version + 1)
    assert response.url == reverse(
        "consent:consent_form_edit", kwargs={"project_id": project.public_id, "form_id": copy.public_id}
    )


def test_consent_form_list_marks_the_current_version(client, project, member, consent_form):
    client.force_login(member(R.OBSERVER))

    html = client.get(
        reverse("consent:consent_form_list", kwargs={"project_id": project.public_id})
    ).content.decode()

    assert "Current" in html and "Write a new consent form" not in html


# One person's consent


def _person_url(name, person):
    return reverse(f"consent:{name}", kwargs={"project_id": person.project.public_id, "code": person.code})


@pytest.mark.parametrize("role, sees_name", [(R.LEAD, True), (R.RESEARCHER, True), (R.OBSERVER, False)])
def test_stakeholder_consent_shows_the_name_only_to_those_who_may_see_it(
    client, member, person, consent_form, role, sees_name
):
    client.force_login(member(role))

    html = client.get(_person_url("stakeholder_consent", person)).content.decode()

    assert person.code in html
    assert (person.full_name in html) is sees_name
    assert ("Record consent" in html) is sees_name


def test_consent_record_view_records_events(lead_client, person, consent_form):
    data = {
        "scopes": [ConsentScope.INTERVIEW, ConsentScope.WORKSHOPS],
        "kind": "given",
        "method": "verbal",
        "note": "",
    }

    response = lead_client.post(_person_url("consent_record", person), data)

    assert response.status_code == 302
    assert sorted(ConsentEvent.objects.values_list("scope", flat=True)) == sorted(data["scopes"])
    page = lead_client.get(response.url).content.decode()
    assert "Verbal" in page and "Given" in page


def test_consent_record_view_shows_errors(lead_client, person, consent_form):
    response = lead_client.post(_person_url("consent_record", person), {"kind": "given"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose at least one statement" in html and "Choose how the person told you" in html
    assert not ConsentEvent.objects.exists()


def test_consent_record_view_needs_a_published_form(lead_client, person):
    response = lead_client.post(
        _person_url("consent_record", person), {"scopes": ["interview"], "kind": "given"}
    )

    assert response.status_code == 302 and not ConsentEvent.objects.exists()


def test_personal_link_create_view_emails_the_person(lead_client, person, consent_form, mailoutbox):
    response = lead_client.post(_person_url("personal_link_create", person))

    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == [person.email] and "/c/" in mail.body
    page = lead_client.get(response.url).content.decode()
    assert 'id="personal-link"' in page and "/c/" in page


def test_personal_link_is_made_when_the_mail_server_is_down_and_the_email_kept_to_try_again(
    lead_client, lead, person, consent_form, mailoutbox
):
    # When the mail server cannot be reached while the lead makes and emails a personal link
    with flaky_server(down_for=3):
        response = lead_client.post(_person_url("personal_link_create", person), follow=True)

    # Then the page works and says the email is queued; the link is saved; the email waits with its reason
    assert response.status_code == 200
    assert "is queued to be emailed" in response.content.decode()
    assert PersonalLink.objects.filter(stakeholder=person, revoked_at__isnull=True).count() == 1
    job = Job.objects.get(kind="email")
    assert (job.status, job.error, job.need) == (JobStatus.FAILED, f"{UNREACHABLE}.", "record_consent")
    assert job.arguments["stakeholder"] == person.pk and "/c/" in job.arguments["body"]
    assert mailoutbox == []

    # And the lead's retry, once the server is back, sends it
    lead_client.post(reverse("jobs:job_retry", args=[person.project.public_id, job.public_id]))
    [mail] = mailoutbox
    assert mail.to == [person.email] and "/c/" in mail.body


def test_personal_link_create_view_without_email_shows_the_link(
    lead_client, person, consent_form, mailoutbox
):
    Stakeholder.objects.filter(pk=person.pk).update(email="")

    response = lead_client.post(_person_url("personal_link_create", person), follow=True)

    assert mailoutbox == []
    assert "has no email address" in response.content.decode()
    assert PersonalLink.objects.filter(stakeholder=person).count() == 1


def test_personal_link_revoke_view(lead_client, person, consent_form):
    lead_client.post(_person_url("personal_link_create", person))

    lead_client.post(_person_url("personal_link_revoke", person))

    assert not PersonalLink.objects.get(stakeholder=person).is_usable


def test_subject_access_export_view_downloads_a_zip(lead_client, person):
    response = lead_client.post(_person_url("subject_access_export", person))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{person.code}-subject-access.zip"'
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        data = json.loads(archive.read(f"{person.code}-subject-access.json"))
        summary = archive.read(f"{person.code}-subject-access.html").decode()
    assert data["sections"]["register"]["records"][0]["full_name"] == person.full_name
    assert person.full_name in summary
    assert AuditEvent.objects.filter(action="consent.subject_access.exported").count() == 1


def test_stakeholder_erase_view_needs_confirmation(lead_client, person):
    url = _person_url("stakeholder_erase", person)
    assert "cannot be undone" in lead_client.get(url).content.decode()

    response = lead_client.post(url, {"reason": "person_asked"})

    assert response.status_code == 400 and Stakeholder.objects.filter(pk=person.pk).exists()


def test_stakeholder_erase_view_erases(lead_client, person, project):
    response = lead_client.post(
        _person_url("stakeholder_erase", person), {"reason": "person_asked", "confirm": "on"}
    )

    assert response.url == reverse("people:stakeholder_list", kwargs={"project_id": project.public_id})
    assert not Stakeholder.objects.filter(pk=person.pk).exists()
    assert AuditEvent.objects.get(action="people.stakeholder.erased").changes == {"reason": "person_asked"}
