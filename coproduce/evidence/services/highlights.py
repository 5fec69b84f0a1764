"""Setting the words and phrases highlighted on the screening page."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.core.services import audit_record
from coproduce.core.versions import record_lock
from coproduce.projects.models import Project

from ..highlight import MAX_TERMS, TermKind, term_problem
from ..models import HighlightTerms


def _check_terms(relevant: list[str], irrelevant: list[str]) -> None:
    errors: dict[str, list[str]] = {}
    for field, terms in ((TermKind.RELEVANT, relevant), (TermKind.IRRELEVANT, irrelevant)):
        problems = [problem for term in terms if (problem := term_problem(term))]
        if len(terms) > MAX_TERMS:
            problems.insert(0, f"Enter at most {MAX_TERMS} terms in each list")
        if problems:
            errors[field.value] = problems
    both = sorted({t.casefold() for t in relevant} & {t.casefold() for t in irrelevant})
    if both:
        errors.setdefault(TermKind.IRRELEVANT.value, []).append(
            f"A term cannot be in both lists: {', '.join(both)}"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def highlight_terms_set(
    *, project: Project, relevant: list[str], irrelevant: list[str], by: User, version: str | None = None
) -> HighlightTerms:
    """Replace the project's highlight terms (each list in order, one term a line); nothing changes when a
    term cannot be used. EditConflict if someone set them since `version` (core.versions.NEW if never set)."""
    _check_terms(relevant, irrelevant)
    values = {"relevant": "\n".join(relevant), "irrelevant": "\n".join(irrelevant)}
    current = HighlightTerms.objects.filter(project=project).first()
    record_lock(current, version=version, values=values)
    terms, _ = HighlightTerms.objects.get_or_create(project=project)
    terms.relevant, terms.irrelevant, terms.updated_by = values["relevant"], values["irrelevant"], by
    terms.save(update_fields=["relevant", "irrelevant", "updated_by", "updated_at"])
    audit_record(
        action="evidence.highlight_terms.updated",
        by=by,
        obj=terms,
        project_id=project.pk,
        object_repr="Highlight terms",
        changes={"relevant": relevant, "irrelevant": irrelevant},
    )
    return terms
