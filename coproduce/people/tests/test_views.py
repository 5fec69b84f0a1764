import io

import pytest
from django.conf import settings
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.people.models import Organisation, RecruitmentStatus, SamplingTarget, Stakeholder
from coproduce.projects.permissions import ProjectRole

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Ffion Quillfeather", "ffion.quillfeather@example.org", "0121 496 0123"

# (url name, extra kwargs, method, need)
URLS = [
    ("stakeholder_list", {}, "get", "view_people"),
    ("stakeholder_create", {}, "get", "manage_people"),
    ("stakeholder_create", {}, "post", "manage_people"),
    ("stakeholder_detail", {"code": "P01"}, "get", "view_people"),
    ("stakeholder_edit", {"code": "P01"}, "get", "manage_people"),
    ("stakeholder_edit", {"code": "P01"}, "post", "manage_people"),
    ("stakeholder_status_update", {"code": "P01"}, "post", "manage_people"),
    ("organisation_list", {}, "get", "view_people"),
    ("organisation_create", {}, "get", "manage_people"),
    ("organisation_create", {}, "post", "manage_people"),
    ("organisation_detail", {"organisation_id": "ORG"}, "get", "view_people"),
    ("organisation_edit", {"organisation_id": "ORG"}, "get", "manage_people"),
    ("organisation_edit", {"organisation_id": "ORG"}, "post", "manage_people"),
    ("sampling", {}, "get", "view_people"),
    ("sampling", {}, "post", "manage_people"),
    ("import_upload", {}, "get", "manage_people"),
    ("import_upload", {}, "post", "manage_people"),
    ("import_template", {"kind": "people"}, "get", "manage_people"),
    ("export", {}, "get", "view_people"),
    ("export", {"?": "what=people&format=csv"}, "get", "view_people"),
    ("export", {"?": "what=people&format=xlsx&personal=1"}, "get", "export_personal_data"),
    ("export", {"?": "what=organisations&format=xlsx"}, "get", "view_people"),
]
ROLES = [*ProjectRole, "outsider", "anonymous"]


def _url(project, organisation, name, kwargs):
    query = kwargs.get("?", "")
    kwargs = {k: (organisation.public_id if v == "ORG" else v) for k, v in kwargs.items() if k != "?"}
    url = reverse(f"people:{name}", kwargs={"project_id": project.public_id, **kwargs})
    return f"{url}?{query}" if query else url


def _client_for(client, role, member, outsider):
    if role == "anonymous":
        return client
    client.force_login(outsider if role == "outsider" else member(ProjectRole(role)))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name, kwargs, method, need", URLS)
def test_every_url_checks_the_role(
    client, project, member, outsider, person, organisation, role, name, kwargs, method, need
):
    # given: the same project, person and organisation for every role; only the role differs
    url = _url(project, organisation, name, kwargs)
    response = getattr(_client_for(client, role, member, outsider), method)(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    elif role == "outsider":
        assert response.status_code == 404
    elif ProjectRole(role).allows(need):
        assert response.status_code in ({200} if method == "get" else {200, 302, 400})
    else:
        assert response.status_code == 403


def test_a_person_of_another_project_is_not_found(lead_client, project):
    from coproduce.people.tests.factories import StakeholderFactory

    StakeholderFactory(code="P01")
    url = reverse("people:stakeholder_detail", kwargs={"project_id": project.public_id, "code": "P01"})
    assert lead_client.get(url).status_code == 404


# Personal data stays hidden from roles without it


@pytest.mark.parametrize("role", [ProjectRole.FACILITATOR, ProjectRole.OBSERVER])
def test_pages_for_roles_without_personal_data_show_no_names_or_contacts(
    client, project, member, person, organisation, role
):
    client.force_login(member(role))
    pages = [
        reverse("people:stakeholder_list", kwargs={"project_id": project.public_id}),
        # searching by name finds no one (the lower-case search term itself is echoed in the box)
        reverse("people:stakeholder_list", kwargs={"project_id": project.public_id}) + "?q=quillfeather",
        reverse("people:stakeholder_detail", kwargs={"project_id": project.public_id, "code": person.code}),
        reverse(
            "people:organisation_detail",
            kwargs={"project_id": project.public_id, "organisation_id": organisation.public_id},
        ),
        reverse("people:organisation_list", kwargs={"project_id": project.public_id}),
        reverse("people:sampling", kwargs={"project_id": project.public_id}),
        reverse("people:export", kwargs={"project_id": project.public_id}) + "?what=people&format=csv",
    ]
    for page in pages:
        content = client.get(page).content.decode("utf-8-sig")
        for secret in ("Ffion", "Quillfeather", EMAIL, PHONE, "Volunteer coordinator"):
            assert secret not in content, (page, secret)
    assert "0 people match the filters" in client.get(pages[1]).content.decode()
    htmx = client.get(pages[0], HTTP_HX_REQUEST="true").content.decode()
    assert person.code in htmx and "Quillfeather" not in htmx


def test_roles_with_personal_data_see_names_and_can_search_them(client, project, member, person):
    client.force_login(member(ProjectRole.RESEARCHER))
    url = reverse("people:stakeholder_list", kwargs={"project_id": project.public_id})
    assert NAME in client.get(url + "?q=quillfeather").content.decode()
    detail = client.get(
        reverse("people:stakeholder_detail", kwargs={"project_id": project.public_id, "code": "P01"})
    )
    assert EMAIL in detail.content.decode() and PHONE in detail.content.decode()


# The register


def test_stakeholder_list_htmx_returns_only_the_rows(lead_client, project, person):
    url = reverse("people:stakeholder_list", kwargs={"project_id": project.public_id})
    response = lead_client.get(url + "?status=identified", HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'id="results"' in content and person.code in content
    assert "<html" not in content
    assert "<html" in lead_client.get(url).content.decode()


def test_stakeholder_list_filters_and_paginates(lead_client, project, lead):
    from coproduce.people import services

    for n in range(30):
        services.stakeholder_create(project=project, by=lead, full_name=f"Person {n}")
    url = reverse("people:stakeholder_list", kwargs={"project_id": project.public_id})
    first = lead_client.get(url).content.decode()
    assert "P25" in first and "P26" not in first and "1 of 2" in first
    assert "P26" in lead_client.get(url + "?page=2").content.decode()
    empty = lead_client.get(url + "?status=withdrawn").content.decode()
    assert "No people match these filters" in empty
    # a stale or made-up filter value is ignored, not an error
    assert lead_client.get(url + "?status=asleep&sector=moon").status_code == 200


def test_stakeholder_create_allocates_a_code_and_redirects(lead_client, project, organisation):
    url = reverse("people:stakeholder_create", kwargs={"project_id": project.public_id})
    data = {
        "full_name": " Idris  Marchbank ",
        "organisation": organisation.pk,
        "interests": "Housing; youth work",
    }
    response = lead_client.post(url, data)
    person = Stakeholder.objects.get(project=project)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "people:stakeholder_detail", kwargs={"project_id": project.public_id, "code": "P01"}
    )
    assert (person.code, person.full_name, person.organisation) == ("P01", "Idris Marchbank", organisation)
    assert sorted(i.name for i in person.interests.all()) == ["Housing", "youth work"]


def test_stakeholder_create_shows_field_errors(lead_client, project):
    url = reverse("people:stakeholder_create", kwargs={"project_id": project.public_id})
    content = lead_client.post(url, {"full_name": "", "email": "nope", "phone": "call me"}).content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_full_name"' in content and "Enter the person&#x27;s full name" in content
    assert "Enter a valid email address" in content
    assert "Enter a telephone number" in content
    assert not Stakeholder.objects.exists()


def test_stakeholder_create_refuses_another_projects_organisation(lead_client, project):
    from coproduce.people.tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory()
    url = reverse("people:stakeholder_create", kwargs={"project_id": project.public_id})
    content = lead_client.post(
        url, {"full_name": "Idris Marchbank", "organisation": elsewhere.pk}
    ).content.decode()
    assert "Select a valid choice" in content
    assert not Stakeholder.objects.exists()


def test_stakeholder_edit_prefills_and_saves(lead_client, project, person):
    url = reverse("people:stakeholder_edit", kwargs={"project_id": project.public_id, "code": person.code})
    assert "Food poverty, Youth work" in lead_client.get(url).content.decode()
    data = {"full_name": NAME, "email": "new@example.org", "interests": "Food poverty", "organisation": ""}
    assert lead_client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.email, person.organisation) == ("new@example.org", None)


def test_stakeholder_detail_shows_history_status_form_and_consent_link(lead_client, project, person):
    url = reverse("people:stakeholder_detail", kwargs={"project_id": project.public_id, "code": person.code})
    content = lead_client.get(url).content.decode()
    assert "Recruitment history" in content and "Identified" in content
    assert (
        'name="to_status"' in content
        and 'value="invited"' in content
        and 'value="interviewed"' not in content
    )
    consent = reverse(
        "consent:stakeholder_consent", kwargs={"project_id": project.public_id, "code": person.code}
    )
    assert f'href="{consent}"' in content


def test_stakeholder_status_update_moves_the_person_on(lead_client, project, person, lead):
    url = reverse(
        "people:stakeholder_status_update", kwargs={"project_id": project.public_id, "code": person.code}
    )
    response = lead_client.post(url, {"to_status": "invited", "note": "Emailed on Monday"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.recruitment_status == RecruitmentStatus.INVITED
    detail = lead_client.get(response["Location"]).content.decode()
    assert "Emailed on Monday" in detail and lead.full_name in detail


def test_stakeholder_status_update_refuses_a_jump(lead_client, project, person):
    url = reverse(
        "people:stakeholder_status_update", kwargs={"project_id": project.public_id, "code": person.code}
    )
    response = lead_client.post(url, {"to_status": "interviewed"})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    person.refresh_from_db()
    assert person.recruitment_status == RecruitmentStatus.IDENTIFIED


# Organisations


def _org_data(**overrides):
    return {
        "name": "Sparkbrook Youth Club",
        "sector": "vcfse",
        "subsector": "community",
        "size": "",
        **overrides,
    }


def test_organisation_create_and_detail(lead_client, project):
    url = reverse("people:organisation_create", kwargs={"project_id": project.public_id})
    response = lead_client.post(url, _org_data(website="youth.example.org", ward="Sparkbrook"))
    organisation = Organisation.objects.get(project=project)
    assert response.status_code == 302
    assert organisation.website == "https://youth.example.org"
    detail = lead_client.get(response["Location"]).content.decode()
    assert "Sparkbrook Youth Club" in detail and "Community group" in detail


def test_organisation_create_duplicate_name_is_a_field_error(lead_client, project, organisation):
    url = reverse("people:organisation_create", kwargs={"project_id": project.public_id})
    response = lead_client.post(url, _org_data(name=organisation.name.upper()))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_name"' in content and "is already in this project" in content
    assert Organisation.objects.filter(project=project).count() == 1


def test_organisation_create_type_must_fit_the_sector(lead_client, project):
    url = reverse("people:organisation_create", kwargs={"project_id": project.public_id})
    content = lead_client.post(url, _org_data(sector="private", subsector="nhs")).content.decode()
    assert (
        'id="id_subsector-error"' in content
        and "This type does not belong to the sector Private sector" in content
    )


def test_organisation_form_suggests_wards_already_used(lead_client, project, organisation):
    url = reverse("people:organisation_create", kwargs={"project_id": project.public_id})
    content = lead_client.get(url).content.decode()
    assert 'list="ward-options"' in content and '<option value="Brookvale">' in content


def test_organisation_edit_keeps_its_own_name(lead_client, project, organisation):
    url = reverse(
        "people:organisation_edit",
        kwargs={"project_id": project.public_id, "organisation_id": organisation.public_id},
    )
    assert lead_client.post(url, _org_data(name=organisation.name, ward="Aston")).status_code == 302
    organisation.refresh_from_db()
    assert organisation.ward == "Aston"


# Sampling, import and export


def test_sampling_saves_targets_and_shows_progress(lead_client, project, person):
    url = reverse("people:sampling", kwargs={"project_id": project.public_id})
    assert lead_client.post(url, {"target_vcfse": "4", "target_funder": ""}).status_code == 302
    assert dict(SamplingTarget.objects.values_list("sector", "target")) == {"vcfse": 4}
    content = lead_client.get(url).content.decode()
    assert '<progress max="4" value="0"' in content and "0 of 4 (0%)" in content


def test_sampling_shows_field_errors(lead_client, project):
    url = reverse("people:sampling", kwargs={"project_id": project.public_id})
    content = lead_client.post(url, {"target_vcfse": "0", "target_private": "lots"}).content.decode()
    assert 'href="#id_target_vcfse"' in content and "Enter 1 or more" in content
    assert 'href="#id_target_private"' in content


def test_sampling_page_has_no_form_for_observers(client, project, member):
    client.force_login(member(ProjectRole.OBSERVER))
    content = client.get(
        reverse("people:sampling", kwargs={"project_id": project.public_id})
    ).content.decode()
    assert "Progress by sector" in content and "Save targets" not in content


def _upload(text: str, name: str = "file.csv") -> io.BytesIO:
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


def test_import_upload_success(lead_client, project):
    url = reverse("people:import_upload", kwargs={"project_id": project.public_id})
    csv_text = "name,sector\nBrookvale Food Bank,vcfse\nCity Council,Local authority\n"
    response = lead_client.post(url, {"kind": "organisations", "file": _upload(csv_text)}, follow=True)
    assert "Imported 2 organisations" in response.content.decode()
    assert Organisation.objects.filter(project=project).count() == 2
    assert AuditEvent.objects.filter(action="people.import.completed").count() == 1


def test_import_upload_shows_the_problem_table(lead_client, project):
    url = reverse("people:import_upload", kwargs={"project_id": project.public_id})
    csv_text = "name,sector\nBrookvale Food Bank,vcfse\nCity Council,charity\n"
    content = lead_client.post(url, {"kind": "organisations", "file": _upload(csv_text)}).content.decode()
    assert "Nothing was imported" in content
    assert "&#x27;charity&#x27; is not a sector" in content
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in content
    assert not Organisation.objects.exists()


def test_import_upload_file_problem_and_form_errors(lead_client, project):
    url = reverse("people:import_upload", kwargs={"project_id": project.public_id})
    content = lead_client.post(url, {"kind": "people", "file": _upload("colour\nred\n")}).content.decode()
    assert "unknown column &#x27;colour&#x27;" in content
    content = lead_client.post(url, {}).content.decode()
    assert "Choose what the file holds" in content and "Choose a CSV file" in content


def test_import_template_downloads(lead_client, project):
    url = reverse("people:import_template", kwargs={"project_id": project.public_id, "kind": "organisations"})
    response = lead_client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="organisations-template.csv"'
    assert response.content.decode("utf-8-sig").startswith("name,sector,type")
    bad = reverse("people:import_template", kwargs={"project_id": project.public_id, "kind": "secrets"})
    assert lead_client.get(bad).status_code == 404


def test_export_with_personal_data_for_the_lead(lead_client, project, person):
    url = reverse("people:export", kwargs={"project_id": project.public_id})
    response = lead_client.get(url + "?what=people&format=csv&personal=1")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    assert NAME in response.content.decode("utf-8-sig")
    assert AuditEvent.objects.get(action="people.export.downloaded").changes["personal_data"] is True


@pytest.mark.parametrize("role, offered", [(ProjectRole.LEAD, True), (ProjectRole.RESEARCHER, False)])
def test_export_page_offers_personal_data_only_to_those_allowed(client, project, member, role, offered):
    client.force_login(member(role))
    content = client.get(reverse("people:export", kwargs={"project_id": project.public_id})).content.decode()
    assert ("personal=1" in content) is offered


def test_the_register_form_records_the_language_a_person_reads(lead_client, project, person):
    # given the add form, which offers every language the site is written in
    url = reverse("people:stakeholder_create", kwargs={"project_id": project.public_id})
    form = lead_client.get(url).content.decode()
    assert '<option value="" selected>Not known (English)</option>' in form
    assert '<option value="ur">Urdu (اردو)</option>' in form and '<option value="pa">' in form

    # when the team adds someone who reads Urdu
    assert lead_client.post(url, {"full_name": "Idris Marchbank", "language": "ur"}).status_code == 302

    # then it is recorded, shown on their page, and the edit form opens on it
    added = Stakeholder.objects.get(project=project, full_name="Idris Marchbank")
    assert added.language == "ur"
    kwargs = {"project_id": project.public_id, "code": added.code}
    assert (
        "Urdu (اردو)" in lead_client.get(reverse("people:stakeholder_detail", kwargs=kwargs)).content.decode()
    )
    edit = lead_client.get(reverse("people:stakeholder_edit", kwargs=kwargs)).content.decode()
    assert '<option value="ur" selected>Urdu (اردو)</option>' in edit


def test_the_register_form_refuses_a_language_the_site_does_not_offer(lead_client, project):
    url = reverse("people:stakeholder_create", kwargs={"project_id": project.public_id})

    response = lead_client.post(url, {"full_name": "Idris Marchbank", "language": "so"})

    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Stakeholder.objects.exists()
