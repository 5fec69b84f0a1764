"""Template helpers that give Django form widgets GOV.UK Frontend's classes and ARIA links."""

from django import forms, template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

_INPUT_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
_WIDTHS = {"date": "govuk-input--width-10", "number": "govuk-input--width-5", "time": "govuk-input--width-5"}
# The GOV.UK component of each choice widget, by `BoundField.widget_type` (its class name in lower case).
CHOICE_WIDGETS = {
    "radioselect": "radios",
    "hintedradioselect": "radios",
    "checkboxselectmultiple": "checkboxes",
}


def _described_by(field: forms.BoundField) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def govuk_widget(field: forms.BoundField) -> SafeString:
    """Render a text-like, select, textarea or file widget with GOV.UK classes."""
    kind = field.widget_type
    css = _INPUT_CLASS.get(kind, "govuk-input")
    if kind in _WIDTHS:
        css += f" {_WIDTHS[kind]}"
    if field.errors:
        css += f" {css.split()[0]}--error"
    attrs: dict[str, str | bool] = {"class": f"{css} {field.field.widget.attrs.get('class', '')}".strip()}
    if described := _described_by(field):
        attrs["aria-describedby"] = described
    return field.as_widget(attrs=attrs)


@register.filter
def choice_kind(field: forms.BoundField) -> str:
    """'radios', 'checkboxes', 'checkbox' or '' for the widget of `field`."""
    if field.widget_type == "checkbox":
        return "checkbox"
    return CHOICE_WIDGETS.get(field.widget_type, "")


@register.filter
def described_by(field: forms.BoundField) -> str:
    return _described_by(field)


@register.filter
def field_label(field: forms.BoundField) -> str:
    """The field's label, ending "(optional)" when it may be left empty, and saying so only once."""
    label, optional = str(field.label), gettext("(optional)")
    if field.field.required or label.rstrip().lower().endswith(optional.lower()):
        return label
    return f"{label} {optional}"
