"""Linking an element to its evidence, from any stage of the project."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from coproduce.accounts.models import User
from coproduce.analysis.models import Quote
from coproduce.analysis.selectors.quotes import codings_quote_check
from coproduce.core.services import audit_record

from ..models import TARGETS, Element, EvidenceKind, EvidenceLink


def _project_of(kind: str, target: models.Model) -> int:
    """The project a piece of evidence belongs to, followed along its own relations."""
    path = {
        EvidenceKind.REFERENCE: "project_id",
        EvidenceKind.CASE_STUDY: "reference.project_id",
        EvidenceKind.THEME: "project_id",
        EvidenceKind.CODE: "project_id",
        EvidenceKind.QUOTE: "theme.project_id",
        EvidenceKind.CARD: "activity.workshop.project_id",
        EvidenceKind.CLUSTER: "activity.workshop.project_id",
        EvidenceKind.STATEMENT: "activity.workshop.project_id",
    }[EvidenceKind(kind)]
    value: object = target
    for part in path.split("."):
        value = getattr(value, part)
    assert isinstance(value, int)  # noqa: S101 narrows the type; never false when the code is right
    return value


def _usable(kind: str, target: models.Model) -> None:
    if kind == EvidenceKind.QUOTE and not getattr(target, "for_outputs", False):
        raise ValidationError(
            "This quote may not appear in outputs: its speaker has not consented to be quoted"
        )
    # Checked again now: consent, and who is known to have spoken, can change after the quote was chosen.
    if kind == EvidenceKind.QUOTE and isinstance(target, Quote):
        _quote_usable(target)
    if kind == EvidenceKind.CASE_STUDY and not getattr(target, "is_case_study", False):
        raise ValidationError("This record is not a case study")
    if kind == EvidenceKind.CARD and (
        getattr(target, "hidden", False) or getattr(target, "merged_into_id", None)
    ):
        raise ValidationError("This card was hidden or merged by the facilitator")
    if kind == EvidenceKind.STATEMENT and getattr(target, "status", "accepted") != "accepted":
        raise ValidationError("This statement was moderated out")


def _quote_usable(quote: Quote) -> None:
    if problem := codings_quote_check(codings=[quote.coding])[0].problem:
        raise ValidationError(problem)


def evidence_check(*, kind: str, target: models.Model, project_id: int) -> None:
    """Refuse evidence of an unknown kind, from another project, or that may not appear in outputs."""
    if kind not in TARGETS:
        raise ValidationError("Choose a kind of evidence")
    if _project_of(kind, target) != project_id:
        raise ValidationError("This evidence belongs to another project")
    _usable(kind, target)


@transaction.atomic
def evidence_link_add(
    *, element: Element, by: User, kind: str, target: models.Model, note: str = ""
) -> EvidenceLink:
    """Link `target` (a record, case study, theme, code, quote, card, cluster or statement) to `element`."""
    evidence_check(kind=kind, target=target, project_id=element.framework.project_id)
    try:
        with transaction.atomic():
            link = EvidenceLink.objects.create(
                element=element, kind=kind, note=note, added_by=by, **{TARGETS[kind]: target}
            )
    except IntegrityError:
        raise ValidationError("This evidence is already linked to the element") from None
    audit_record(
        action="frameworks.evidence.linked",
        by=by,
        obj=element,
        project_id=element.framework.project_id,
        changes={"kind": kind, "target": target.pk},
    )
    return link


@transaction.atomic
def evidence_link_remove(*, link: EvidenceLink, by: User) -> None:
    element = link.element
    audit_record(
        action="frameworks.evidence.unlinked",
        by=by,
        obj=element,
        project_id=element.framework.project_id,
        changes={"kind": link.kind, "target": link.target_id},
    )
    link.delete()
