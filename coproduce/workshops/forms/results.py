"""The form on the results page that carries an activity's statements or clusters into a later workshop."""

from collections.abc import Sequence
from typing import Any

from django import forms

from ..models import Workshop


class CarryForm(forms.Form):
    workshop = forms.ChoiceField(
        label="Carry into",
        error_messages={
            "required": "Choose the workshop to carry this into",
            "invalid_choice": "Choose one of the later workshops of this series",
        },
    )

    def __init__(self, *args: Any, targets: Sequence[Workshop], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.targets = {str(w.public_id): w for w in targets}
        choices = [(key, f"{w.title} ({w.starts_at:%d %b %Y})") for key, w in self.targets.items()]
        self.fields["workshop"].choices = choices  # type: ignore[attr-defined]

    def chosen(self) -> Workshop:
        return self.targets[self.cleaned_data["workshop"]]
