"""The publish step: the checklist, and publishing refused until each item is fixed or confirmed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coproduce.core.models import AuditEvent
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.projects.tests.factories import ProjectFactory
from coproduce.recommendations.services.progress import progress_note_correct, progress_record
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.reports.models import Publication
from coproduce.reports.selectors.checklist import CheckKind
from coproduce.reports.selectors.publication import publication_preview
from coproduce.reports.services import publication_publish, report_section_save

pytestmark = pytest.mark.django_db

PHONE = "07700 900123"


@pytest.fixture
def note_with_phone(project, lead):
    """A published recommendation whose progress note gives a phone number."""
    recommendation = recommendation_create(project=project, by=lead, action="Pool small grants")
    recommendation_publish(recommendation=recommendation, by=lead)
    return progress_record(
        recommendation=recommendation, by=lead, progress="in_progress", note=f"Ring Sam on {PHONE} to apply"
    )


def _checklist(project, include_report=False):
    return publication_preview(project=project, include_report=include_report).checklist


def _publish(project, lead, confirmed, include_report=False):
    return publication_publish(
        project=project, by=lead, slug="early-help", include_report=include_report, confirmed=confirmed
    )


def test_a_phone_number_in_a_progress_note_is_on_the_checklist(project, note_with_phone):
    [item] = _checklist(project)

    assert item.kind == CheckKind.PERSONAL_DATA
    assert item.where.startswith("Progress note on R1")
    assert PHONE in item.problem and "phone number" in item.problem
    assert item.fix_url == reverse(
        "recommendations:progress_correct",
        kwargs={
            "project_id": project.public_id,
            "recommendation_id": note_with_phone.recommendation.public_id,
            "update_id": note_with_phone.pk,
        },
    )


def test_publishing_is_refused_until_the_item_is_confirmed(project, lead, note_with_phone):
    # when the lead publishes without confirming: refused, nothing published
    with pytest.raises(ValidationError, match="1 item on the checklist needs fixing or your confirmation"):
        _publish(project, lead, confirmed=[])
    assert not Publication.objects.exists()

    # when they confirm it: published, and the audit row says where, never what
    [item] = _checklist(project)
    _publish(project, lead, confirmed=[item.key])

    assert Publication.objects.get().is_published
    audit = AuditEvent.objects.get(action="reports.publication.published")
    assert audit.changes["confirmed"] == {"personal_data": 1}
    assert audit.changes["confirmed_where"] == [f"progress-update-{note_with_phone.pk}"]
    assert PHONE not in str(audit.changes) and "Sam" not in str(audit.changes)


def test_fixing_the_note_clears_the_item(project, lead, note_with_phone):
    progress_note_correct(update=note_with_phone, by=lead, note="Apply through the council's website")

    assert _checklist(project) == []
    _publish(project, lead, confirmed=[])
    assert Publication.objects.get().is_published


def test_a_confirmation_does_not_carry_over_to_changed_text(project, lead, note_with_phone):
    [old] = _checklist(project)
    progress_note_correct(update=note_with_phone, by=lead, note="Ring Sam on 0121 496 0000 instead")

    with pytest.raises(ValidationError):
        _publish(project, lead, confirmed=[old.key])


def test_checklist_lists_drafts_unsupported_elements_empty_sections_and_personal_data(project, lead):
    StakeholderFactory(project=project, full_name="Ffion Pryce")
    recommendation_create(project=project, by=lead, action="Share one referral form")
    framework = framework_create(project=project, by=lead, title="Early help together")
    element_create(
        framework=framework, by=lead, title="Trust first", level="cultural", narrative="Ask Ffion Pryce"
    )
    report_section_save(
        project=project, by=lead, key="summary", body="Write to help@example.org or visit B15 2TT"
    )

    items = _checklist(project, include_report=True)

    kinds = {(item.kind, item.where.split(":")[0]) for item in items}
    assert (CheckKind.DRAFT, "Recommendation R1") in kinds
    assert (CheckKind.NO_EVIDENCE, "Early help together") in kinds
    assert (CheckKind.EMPTY_SECTION, "The report, section 2") in kinds
    problems = [item.problem for item in items if item.kind == CheckKind.PERSONAL_DATA]
    assert any("help@example.org" in p for p in problems)
    assert any("B15 2TT" in p for p in problems)
    # the element is left out of the public page, so its narrative is not published: not on the list
    assert not any("Ffion" in p for p in problems)


def test_a_name_from_the_register_is_flagged(project, lead):
    StakeholderFactory(project=project, full_name="Ffion Pryce", code="P07")
    recommendation = recommendation_create(
        project=project, by=lead, action="Pool small grants", rationale="Ffion Pryce asked for it"
    )
    recommendation_publish(recommendation=recommendation, by=lead)

    [item] = _checklist(project, include_report=True)[-1:]

    assert item.kind == CheckKind.PERSONAL_DATA and "“Ffion Pryce”" in item.problem and "P07" in item.problem


def test_the_publish_page_refuses_then_publishes(project, lead_client, note_with_phone):
    url = reverse("reports:publication_settings", kwargs={"project_id": project.public_id})

    page = lead_client.get(url).content.decode()
    assert PHONE in page and "Correct the note" in page

    refused = lead_client.post(url, {"slug": "early-help", "include_report": ""})
    assert refused.status_code == 200
    assert "The page has not been published: 1 item on the checklist needs" in refused.content.decode()
    assert '<li><a href="#checklist">The page has not been published' in refused.content.decode()
    assert "1 thing to check, without the report" in refused.content.decode()
    assert not Publication.objects.exists()

    [item] = _checklist(project)
    published = lead_client.post(url, {"slug": "early-help", "include_report": "", "confirmed": [item.key]})
    assert published.status_code == 302 and Publication.objects.get().is_published


def test_check_again_does_not_publish_and_take_down_removes_the_page(project, lead, lead_client):
    url = reverse("reports:publication_settings", kwargs={"project_id": project.public_id})

    checked = lead_client.post(url, {"slug": "early-help", "include_report": "", "check": "1"})
    assert checked.status_code == 200 and "Nothing to check" in checked.content.decode()
    assert not Publication.objects.exists()

    _publish(project, lead, confirmed=[])
    public = reverse("reports_public:public_page", kwargs={"slug": "early-help"})
    assert lead_client.get(public).status_code == 200
    lead_client.post(url, {"unpublish": "1"})
    assert lead_client.get(public).status_code == 404
    assert AuditEvent.objects.filter(action="reports.publication.unpublished").count() == 1


def test_an_address_in_use_is_refused(project, lead):
    other = Publication.objects.create(project=ProjectFactory(), slug="early-help")

    with pytest.raises(ValidationError, match="Another project already uses this address"):
        _publish(project, lead, confirmed=[])
    assert Publication.objects.get() == other
