"""The GOV.UK field component: a label says "(optional)" once for a field that may be left empty."""

import pytest
from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    plain = forms.CharField(label="Place", required=False)
    said = forms.CharField(label="Interviewers' names as written in the file (optional)", required=False)
    needed = forms.CharField(label="Title")


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("plain", "Place (optional)"),
        ("said", "Interviewers&#x27; names as written in the file (optional)"),
        ("needed", "Title"),
    ],
)
def test_field_label_says_optional_once(name, label):
    html = render_to_string("components/forms/field.html", {"field": _Form()[name]})

    assert f">{label}</label>" in html
    assert html.count("(optional)") == label.count("(optional)")
