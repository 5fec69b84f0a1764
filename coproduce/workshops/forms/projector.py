"""The facilitator's choice of what the projector shows."""

from django import forms

from ..models import ProjectorShows


class ProjectorShowsForm(forms.Form):
    shows = forms.ChoiceField(
        label="What the projector shows",
        choices=ProjectorShows.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the projector shows"},
    )
