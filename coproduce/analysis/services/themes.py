"""Themes built from codes, and their key quotes (only quotable in outputs with the speaker's consent)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from coproduce.accounts.models import User
from coproduce.consent.models import ConsentScope
from coproduce.consent.selectors.status import consent_given_among, consent_given_scopes
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from ..models import Code, Coding, Quote, Theme


def _codes_check(project: Project, codes: list[Code]) -> None:
    if any(code.project_id != project.pk for code in codes):
        raise ValidationError({"codes": "Choose codes from this project's codebook"})


@transaction.atomic
def theme_create(
    *, project: Project, by: User, name: str, narrative: str = "", codes: list[Code] | None = None
) -> Theme:
    if Theme.objects.filter(project=project, name__iexact=name).exists():
        raise ValidationError({"name": "There is already a theme with this name"})
    _codes_check(project, codes or [])
    last = (
        Theme.objects.filter(project=project).order_by("-order").values_list("order", flat=True).first() or 0
    )
    theme = Theme.objects.create(
        project=project, name=name, narrative=narrative, order=last + 1, created_by=by
    )
    theme.codes.set(codes or [])
    audit_record(action="analysis.theme.created", by=by, obj=theme, project_id=project.pk)
    return theme


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    by: User,
    name: str,
    narrative: str = "",
    codes: list[Code] | None = None,
    version: str | None = None,
) -> Theme:
    clash = Theme.objects.filter(project_id=theme.project_id, name__iexact=name).exclude(pk=theme.pk)
    if clash.exists():
        raise ValidationError({"name": "There is already a theme with this name"})
    _codes_check(theme.project, codes or [])
    changed = fields_assign(theme, {"name": name, "narrative": narrative}, version=version)
    theme.save()
    theme.codes.set(codes or [])
    audit_record(
        action="analysis.theme.updated",
        by=by,
        obj=theme,
        project_id=theme.project_id,
        changes={"fields": changed},
    )
    return theme


def quotable(coding: Coding) -> bool:
    """Whether the speaker has consented (and not withdrawn) to be quoted anonymously in outputs."""
    person = coding.transcript.interview.stakeholder
    return ConsentScope.ANONYMISED_QUOTES in consent_given_scopes(stakeholder=person)


@transaction.atomic
def quote_add(*, theme: Theme, coding: Coding, by: User, for_outputs: bool = False, note: str = "") -> Quote:
    if coding.code.project_id != theme.project_id:
        raise ValidationError("Choose a coded segment from this project")
    if for_outputs and not quotable(coding):
        code = coding.transcript.interview.stakeholder.code
        raise ValidationError(
            f"{code} has not consented to anonymised quotes, so this quote cannot go in outputs"
        )
    quote, _ = Quote.objects.update_or_create(
        theme=theme, coding=coding, defaults={"for_outputs": for_outputs, "note": note, "added_by": by}
    )
    audit_record(
        action="analysis.quote.added",
        by=by,
        obj=theme,
        project_id=theme.project_id,
        changes={"coding": coding.pk, "for_outputs": for_outputs},
    )
    return quote


@transaction.atomic
def quote_remove(*, quote: Quote, by: User) -> None:
    audit_record(
        action="analysis.quote.removed",
        by=by,
        obj=quote.theme,
        project_id=quote.theme.project_id,
        changes={"coding": quote.coding_id},
    )
    quote.delete()


def quotes_for_outputs(*, theme: Theme) -> list[Quote]:
    """The theme's quotes that may appear in outputs now: consent is checked again at the time of use."""
    quotes = list(theme.quotes.filter(for_outputs=True).select_related("coding__transcript__interview"))
    return quotes_still_consented(quotes)


def quotes_still_consented(quotes: list[Quote]) -> list[Quote]:
    """Those of `quotes` whose speaker consents now to anonymised quotes, checked in one query for all
    (pass quotes with `coding__transcript__interview` selected)."""
    speakers = {quote.coding.transcript.interview.stakeholder_id for quote in quotes}
    consenting = consent_given_among(stakeholder_ids=speakers, scope=ConsentScope.ANONYMISED_QUOTES)
    return [quote for quote in quotes if quote.coding.transcript.interview.stakeholder_id in consenting]
