from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

_TEAM_PAGES = ("team", "invitation_create", "membership_change_role", "membership_remove")
# The URL namespaces of the pages people reach without an account (docs/translations.md): they offer the
# language chooser, and every string on them is translated.
PARTICIPANT_NAMESPACES = frozenset(
    {"workshops_public", "consent_public", "priority_public", "endorsement_public", "reports_public"}
)


# The pages of a personal link, by namespace, and where their language chooser sends the choice: there it also
# becomes the language of the person's emails (docs/people.md).
_PERSONAL_LANGUAGE = {
    "consent_public": "consent_public:personal_link_language",
    "endorsement_public": "endorsement_public:endorsement_language",
    "priority_public": "priority_public:ranking_language",
    "workshops_public": "workshops_public:invitation_language",
}


def _language_action(request: HttpRequest) -> str:
    """Where the language chooser posts: a personal link's own address for its pages, else `set_language`."""
    match = getattr(request, "resolver_match", None)
    name = _PERSONAL_LANGUAGE.get(match.namespace) if match is not None else None
    token = match.kwargs.get("token") if match is not None else None
    return reverse(name, kwargs={"token": token}) if name and token else reverse("set_language")


def _language_chooser(request: HttpRequest) -> bool:
    """Whether the page offers the language chooser: participants' pages, and an address that matched no page
    (a "not found" page) shown to someone not signed in. The team's pages, signing in included, stay in
    English and have no chooser."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.namespace in PARTICIPANT_NAMESPACES
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _nav_section(request: HttpRequest) -> str:
    """Which navigation item the current page belongs to, for `aria-current`."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    name = match.url_name or ""
    if match.namespace == "people":
        return "organisations" if name.startswith("organisation") else "people"
    if name in ("mail_outbox", "mail_outbox_all"):
        return "mail"
    if match.namespace == "projects":
        return "team" if name in _TEAM_PAGES else "projects"
    return {
        "dashboard": "overview",
        "consent": "consent",
        "accounts": "account",
        "evidence": "evidence",
        "extraction": "evidence",
        "context": "evidence",
        "interviews": "interviews",
        "analysis": "analysis",
        "workshops": "workshops",
        "frameworks": "outputs",
        "recommendations": "outputs",
        "reports": "outputs",
    }.get(match.namespace, "")


def site(request: HttpRequest) -> dict[str, object]:
    chooser = _language_chooser(request)
    return {
        "site_name": settings.SITE_NAME,
        "nav_section": _nav_section(request),
        "mail_outbox": settings.MAIL_OUTBOX,
        "language_chooser": chooser,
        "language_action": _language_action(request) if chooser else "",
    }
