"""Form rendering in GOV.UK Frontend's markup, for every form in the project."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

from .versions import EditConflict, form_show_conflict


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "components/forms/form.html"
    field_template_name = "components/forms/field.html"


def form_add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the named fields it has, else at the top.

    An EditConflict (someone else saved the record first) is shown with their values and the editor's.
    """
    if isinstance(error, EditConflict):
        form_show_conflict(form, error)
    elif hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)
