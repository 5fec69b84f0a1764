"""Writes of the consent app."""

from .erasure import stakeholder_erase
from .events import PARTICIPANT_LABEL, consent_answers_submit, consent_record, consent_withdraw_all
from .export import subject_access_export_create
from .forms import consent_form_create, consent_form_new_version, consent_form_publish, consent_form_update
from .links import personal_link_create, personal_link_email, personal_link_revoke

__all__ = [
    "PARTICIPANT_LABEL",
    "consent_answers_submit",
    "consent_form_create",
    "consent_form_new_version",
    "consent_form_publish",
    "consent_form_update",
    "consent_record",
    "consent_withdraw_all",
    "personal_link_create",
    "personal_link_email",
    "personal_link_revoke",
    "stakeholder_erase",
    "subject_access_export_create",
]
