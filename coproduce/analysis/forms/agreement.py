"""Choosing two coders and how to measure their agreement."""

from typing import Any

from django import forms

from coproduce.accounts.models import User

from ..agreement import UNITS

UNIT_LABELS = {
    "characters": "Characters (every character of the text)",
    "segments": "Segments (speaker turns)",
    "sentences": "Sentences",
}


class _Coder(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class AgreementForm(forms.Form):
    first = _Coder(label="First coder", queryset=User.objects.none())
    second = _Coder(label="Second coder", queryset=User.objects.none())
    unit = forms.ChoiceField(label="Unit", choices=[(u, UNIT_LABELS[u]) for u in UNITS], initial="characters")
    uncoded = forms.ChoiceField(
        label="Text nobody coded",
        choices=[("yes", "Count it"), ("no", "Leave it out")],
        initial="yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, coders: list[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        queryset = User.objects.filter(pk__in=[c.pk for c in coders])
        for name in ("first", "second"):
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", "Choose a different coder")
        return data


class PairForm(forms.Form):
    first = _Coder(label="First coder", queryset=User.objects.none())
    second = _Coder(label="Second coder", queryset=User.objects.none())
    blind = forms.BooleanField(
        label="Blind: neither sees the other's codings until they are compared", required=False, initial=True
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            self.fields[name].queryset = members  # type: ignore[attr-defined]
