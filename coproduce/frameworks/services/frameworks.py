"""Writing a framework: the framework itself and its elements."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from coproduce.accounts.models import User
from coproduce.analysis.models import Level, PriorityCandidate
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project

from ..models import Element, ElementKind, Framework


def _title_free(project: Project, title: str, exclude: int = 0) -> None:
    clash = Framework.objects.filter(project=project, title__iexact=title).exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"title": "There is already a framework with this title"})


def _area_check(project: Project, area: PriorityCandidate | None) -> None:
    if area is not None and area.project_id != project.pk:
        raise ValidationError({"area": "Choose a priority area of this project"})


@transaction.atomic
def framework_create(
    *, project: Project, by: User, title: str, area: PriorityCandidate | None = None, summary: str = ""
) -> Framework:
    _title_free(project, title)
    _area_check(project, area)
    framework = Framework.objects.create(project=project, title=title, area=area, summary=summary)
    audit_record(action="frameworks.framework.created", by=by, obj=framework, project_id=project.pk)
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: Framework,
    by: User,
    title: str,
    area: PriorityCandidate | None,
    summary: str,
    version: str | None = None,
) -> Framework:
    _title_free(framework.project, title, exclude=framework.pk)
    _area_check(framework.project, area)
    changed = fields_assign(framework, {"title": title, "area": area, "summary": summary}, version=version)
    framework.save()
    audit_record(
        action="frameworks.framework.updated",
        by=by,
        obj=framework,
        project_id=framework.project_id,
        changes={"fields": changed},
    )
    return framework


def _element_values(
    framework: Framework, title: str, level: str, kind: str, sectors: list[str], exclude: int
) -> dict[str, object]:
    if Element.objects.filter(framework=framework, title__iexact=title).exclude(pk=exclude).exists():
        raise ValidationError({"title": "This framework already has an element with this title"})
    if level not in Level.values or kind not in ElementKind.values:
        raise ValidationError("Choose a level and a kind of element")
    unknown = set(sectors) - set(Sector.values)
    if unknown:
        raise ValidationError({"sectors": "Choose sectors from the list"})
    ordered = [value for value in Sector.values if value in sectors]
    return {"title": title, "level": level, "kind": kind, "sectors": ordered}


@transaction.atomic
def element_create(
    *,
    framework: Framework,
    by: User,
    title: str,
    level: str,
    kind: str = ElementKind.PRACTICE,
    narrative: str = "",
    sectors: list[str] | None = None,
) -> Element:
    values = _element_values(framework, title, level, kind, sectors or [], 0)
    last = Element.objects.filter(framework=framework).aggregate(last=Max("order"))["last"] or 0
    element = Element.objects.create(framework=framework, narrative=narrative, order=last + 1, **values)
    audit_record(action="frameworks.element.created", by=by, obj=element, project_id=framework.project_id)
    return element


@transaction.atomic
def element_update(
    *,
    element: Element,
    by: User,
    title: str,
    level: str,
    kind: str,
    narrative: str,
    sectors: list[str],
    version: str | None = None,
) -> Element:
    values = _element_values(element.framework, title, level, kind, sectors, element.pk)
    changed = fields_assign(element, {**values, "narrative": narrative}, version=version)
    element.save(update_fields=[*changed, "updated_at"])
    audit_record(
        action="frameworks.element.updated",
        by=by,
        obj=element,
        project_id=element.framework.project_id,
        changes={"fields": changed},
    )
    return element


@transaction.atomic
def element_delete(*, element: Element, by: User) -> None:
    audit_record(
        action="frameworks.element.deleted",
        by=by,
        obj=element,
        project_id=element.framework.project_id,
        changes={"links": element.links.count()},
    )
    element.delete()


@transaction.atomic
def element_move(*, element: Element, by: User, step: int) -> None:
    """Move an element one place earlier (step -1) or later (step 1) in its framework."""
    siblings = list(Element.objects.filter(framework_id=element.framework_id).select_for_update())
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == element.pk)
    other = index + step
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for order, sibling in enumerate(siblings, start=1):
        if sibling.order != order:
            Element.objects.filter(pk=sibling.pk).update(order=order)
    audit_record(
        action="frameworks.element.moved", by=by, obj=element, project_id=element.framework.project_id
    )
