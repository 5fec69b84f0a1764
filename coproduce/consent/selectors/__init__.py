"""Reads of the consent app."""

from .export import subject_access_sections
from .forms import consent_form_current, consent_form_draft, consent_form_get, consent_form_list
from .links import (
    LinkResolution,
    LinkState,
    personal_link_current,
    personal_link_resolve,
    personal_link_token,
)
from .status import (
    ScopeSummary,
    consent_event_list,
    consent_given_scopes,
    consent_status,
    consent_summary,
)

__all__ = [
    "LinkResolution",
    "LinkState",
    "ScopeSummary",
    "consent_event_list",
    "consent_form_current",
    "consent_form_draft",
    "consent_form_get",
    "consent_form_list",
    "consent_given_scopes",
    "consent_status",
    "consent_summary",
    "personal_link_current",
    "personal_link_resolve",
    "personal_link_token",
    "subject_access_sections",
]
