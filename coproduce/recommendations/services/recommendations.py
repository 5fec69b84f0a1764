"""Writing recommendations: create, revise with history, link evidence, publish."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock
from coproduce.frameworks.models import TARGETS, Element
from coproduce.frameworks.services.evidence import evidence_check
from coproduce.people.models import Organisation
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project
from coproduce.projects.permissions import may_publish_over_objections
from coproduce.projects.selectors import member_role

from ..models import (
    PublicationDecision,
    Recommendation,
    RecommendationEvidence,
    RecommendationRevision,
    RecommendationStatus,
)
from ..selectors.objections import objections_digest, recommendation_endorsement

FIELDS = (
    "action",
    "rationale",
    "lead_organisation",
    "lead_sector",
    "partners",
    "partner_sectors",
    "timeframe",
    "resources",
    "measure",
    "priority",
)


def _snapshot(recommendation: Recommendation) -> dict[str, Any]:
    values = {name: getattr(recommendation, name) for name in FIELDS}
    values["lead_organisation"] = recommendation.lead_organisation_id
    values["elements"] = sorted(recommendation.elements.values_list("pk", flat=True))
    return values


def _check(project: Project, values: dict[str, Any], elements: list[Element]) -> None:
    organisation: Organisation | None = values.get("lead_organisation")
    if organisation is not None and organisation.project_id != project.pk:
        raise ValidationError({"lead_organisation": "Choose an organisation from this project's register"})
    if set(values.get("partner_sectors", [])) - set(Sector.values):
        raise ValidationError({"partner_sectors": "Choose sectors from the list"})
    if any(element.framework.project_id != project.pk for element in elements):
        raise ValidationError({"elements": "Choose elements of this project's frameworks"})


def _revision(recommendation: Recommendation, by: User, reason: str) -> None:
    RecommendationRevision.objects.create(
        recommendation=recommendation,
        version=recommendation.version,
        snapshot=_snapshot(recommendation),
        reason=reason,
        revised_by=by,
    )


@transaction.atomic
def recommendation_create(
    *, project: Project, by: User, elements: list[Element] | None = None, **values: Any
) -> Recommendation:
    """A new draft recommendation, numbered after the last one (R1, R2 …), with its first revision."""
    _check(project, values, elements or [])
    last = Recommendation.objects.filter(project=project).aggregate(last=Max("number"))["last"] or 0
    recommendation = Recommendation.objects.create(project=project, number=last + 1, **values)
    recommendation.elements.set(elements or [])
    _revision(recommendation, by, "First draft")
    audit_record(
        action="recommendations.recommendation.created", by=by, obj=recommendation, project_id=project.pk
    )
    return recommendation


@transaction.atomic
def recommendation_revise(
    *,
    recommendation: Recommendation,
    by: User,
    reason: str,
    elements: list[Element],
    version: str | None = None,
    **values: Any,
) -> Recommendation:
    """Change a recommendation: a new version, with the old one kept in its history.

    `version` is the one the form was opened on: EditConflict if someone revised it since.
    """
    if not reason.strip():
        raise ValidationError({"reason": "Say what changed and why"})
    record_lock(recommendation, version=version, values=values)
    _check(recommendation.project, values, elements)
    elements_before = sorted(recommendation.elements.values_list("pk", flat=True))
    changed = fields_assign(recommendation, values)
    recommendation.version += 1
    recommendation.save()
    recommendation.elements.set(elements)
    if sorted(element.pk for element in elements) != elements_before:
        changed.append("elements")
    changed.sort()
    _revision(recommendation, by, reason)
    audit_record(
        action="recommendations.recommendation.revised",
        by=by,
        obj=recommendation,
        project_id=recommendation.project_id,
        changes={"fields": changed, "version": recommendation.version},
    )
    return recommendation


OBJECTED_NEEDS_LEAD = "Only a project lead can publish a recommendation that a sector objected to"


class ObjectionsToAcknowledge(ValidationError):
    """Publishing needs the objections acknowledged (again, if they changed since the page was opened)."""


@transaction.atomic
def recommendation_publish(
    *, recommendation: Recommendation, by: User, acknowledged: str = "", reason: str = ""
) -> PublicationDecision:
    """Publish the recommendation, recording the decision. When the sector that must lead it, or most of a
    sector, objected (selectors/objections.py), only a lead may publish it, acknowledging those objections
    (`acknowledged`: the digest of the objections they were shown) and saying why (`reason`)."""
    if recommendation.status == RecommendationStatus.PUBLISHED:
        raise ValidationError("This recommendation is already published")
    objections = recommendation_endorsement(recommendation=recommendation).objections
    if objections:
        if not may_publish_over_objections(member_role(project_id=recommendation.project_id, user=by)):
            raise PermissionDenied(
                "Only a project lead can publish a recommendation that a sector objected to"
            )
        if acknowledged != objections_digest(objections):
            raise ObjectionsToAcknowledge("Read the objections and confirm that you publish it anyway")
        if not reason.strip():
            raise ValidationError({"reason": "Say why it is published despite the objections"})
    recommendation.status = RecommendationStatus.PUBLISHED
    recommendation.published_at = timezone.now()
    recommendation.save(update_fields=["status", "published_at", "updated_at"])
    decision = PublicationDecision.objects.create(
        recommendation=recommendation, version=recommendation.version, decided_by=by,
        objections=[o.as_record() for o in objections], reason=reason.strip() if objections else "",
    )  # fmt: skip
    audit_record(
        action="recommendations.recommendation.published",
        by=by,
        obj=recommendation,
        project_id=recommendation.project_id,
        changes={"version": recommendation.version, "objections": [o.text for o in objections]},
    )
    return decision


@transaction.atomic
def recommendation_evidence_add(
    *, recommendation: Recommendation, by: User, kind: str, target: models.Model, note: str = ""
) -> RecommendationEvidence:
    evidence_check(kind=kind, target=target, project_id=recommendation.project_id)
    try:
        with transaction.atomic():
            link = RecommendationEvidence.objects.create(
                recommendation=recommendation, kind=kind, note=note, added_by=by, **{TARGETS[kind]: target}
            )
    except IntegrityError:
        raise ValidationError("This evidence is already linked to the recommendation") from None
    audit_record(
        action="recommendations.evidence.linked",
        by=by,
        obj=recommendation,
        project_id=recommendation.project_id,
        changes={"kind": kind, "target": target.pk},
    )
    return link


@transaction.atomic
def recommendation_evidence_remove(*, link: RecommendationEvidence, by: User) -> None:
    audit_record(
        action="recommendations.evidence.unlinked",
        by=by,
        obj=link.recommendation,
        project_id=link.recommendation.project_id,
        changes={"kind": link.kind, "target": link.target_id},
    )
    link.delete()
