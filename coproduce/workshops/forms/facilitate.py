"""Forms of the facilitator's pages: activity state, timer, moderation of cards and clusters, note-taking."""

from typing import Any, cast

from django import forms

from coproduce.core.languages import language_options

from ..models import Activity, ActivityKind, Card, Cluster, ParticipantSector
from ..services.running import MAX_TIMER_MINUTES

STATE_ACTIONS = [
    ("open", "Open"),
    ("close", "Close"),
    ("reveal", "Reveal results"),
    ("reopen", "Reopen"),
]


class ActivityStateForm(forms.Form):
    action = forms.ChoiceField(choices=STATE_ACTIONS)


class TimerForm(forms.Form):
    action = forms.ChoiceField(choices=[("set", "Start"), ("add", "Add a minute"), ("stop", "Stop")])
    minutes = forms.IntegerField(label="Minutes", required=False, min_value=1, max_value=MAX_TIMER_MINUTES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "set" and not data.get("minutes"):
            self.add_error("minutes", "Enter how many minutes the timer should run")
        return data


class CardEditForm(forms.Form):
    text = forms.CharField(label="The card's words", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, language: str = "", **kwargs: Any) -> None:
        """`language`: the one the card was written in, the words' `lang` while they are edited."""
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update({"lang": language, "dir": "auto"})


def _card_label(card: Card) -> str:
    return f"{card.text[:70]}{'…' if len(card.text) > 70 else ''} ({card.column})"


class CardMergeForm(forms.Form):
    into = forms.ChoiceField(label="Merge this card into")

    def __init__(self, *args: Any, others: list[Card], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cards = {str(card.public_id): card for card in others}
        cast(forms.ChoiceField, self.fields["into"]).choices = [
            (key, _card_label(card)) for key, card in self.cards.items()
        ]

    def card(self) -> Card:
        return self.cards[self.cleaned_data["into"]]


class CardClusterForm(forms.Form):
    cluster = forms.ChoiceField(label="Move to cluster", required=False)

    def __init__(self, *args: Any, clusters: list[Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clusters = {str(cluster.public_id): cluster for cluster in clusters}
        choices = [("", "No cluster"), *((k, c.title) for k, c in self.clusters.items())]
        cast(forms.ChoiceField, self.fields["cluster"]).choices = choices

    def chosen(self) -> Cluster | None:
        return self.clusters.get(self.cleaned_data["cluster"] or "")


class ClusterTitleForm(forms.Form):
    title = forms.CharField(label="Cluster name", max_length=120)


class SuggestionForm(forms.Form):
    title = forms.CharField(label="Cluster name", max_length=120)
    cards = forms.MultipleChoiceField()

    def __init__(self, *args: Any, cards: list[Card], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_key = {str(card.public_id): card for card in cards}
        cast(forms.ChoiceField, self.fields["cards"]).choices = [(key, key) for key in self.by_key]

    def chosen(self) -> list[Card]:
        return [self.by_key[key] for key in self.cleaned_data["cards"]]


class SuggestionRejectForm(forms.Form):
    cards = forms.MultipleChoiceField()

    def __init__(self, *args: Any, keys: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["cards"]).choices = [(key, key) for key in keys]


NEW_PERSON = "new"


class OnPaperForm(forms.Form):
    """Who the note-taker is writing for: someone already entered on paper, or a new person and sector."""

    person = forms.ChoiceField(label="Whose answer is this?")
    sector = forms.ChoiceField(
        label="Their sector (for a new person)",
        required=False,
        choices=[("", "Choose a sector"), *ParticipantSector.choices],
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            (NEW_PERSON, "A new person on paper"),
            *people,
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") == NEW_PERSON and not data.get("sector"):
            self.add_error("sector", "Choose the new person's sector")
        return data


NOT_STATED = "Not stated"

VOTE_VALUES = [("1", "Agree"), ("-1", "Disagree"), ("0", "Pass or unsure")]


class NoteTakerForm(OnPaperForm):
    """An answer given on paper to the open activity: the fields depend on the activity's kind.

    `targets` are the choices the kind needs, as (public id, label): the cards or clusters for a dot, the
    statements for a vote, the options for a pairwise choice.
    """

    def __init__(
        self,
        *args: Any,
        people: list[tuple[str, str]],
        activity: Activity,
        targets: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, people=people, **kwargs)
        self.activity = activity
        if activity.kind == ActivityKind.IDEA_BOARD:
            columns = [(str(c), str(c)) for c in activity.columns or []]
            self.fields["column"] = forms.ChoiceField(label="Column", choices=columns)
            self.fields["text"] = forms.CharField(
                label="Their idea", max_length=activity.max_length, widget=forms.Textarea(attrs={"rows": 3})
            )
            self.fields["language"] = forms.ChoiceField(
                label="Language it is written in",
                choices=[("", NOT_STATED), *language_options()],
                required=False,
                help_text="Shown with the idea, so that it is read in its own language. Leave it as "
                "not stated when you are not sure.",
            )
        elif activity.kind == ActivityKind.DOT_VOTE:
            self.fields["target"] = forms.ChoiceField(label="Where they put a dot", choices=targets)
        elif activity.kind == ActivityKind.STATEMENTS:
            self.fields["statement"] = forms.ChoiceField(label="Statement", choices=targets)
            self.fields["value"] = forms.ChoiceField(
                label="Their vote", choices=VOTE_VALUES, widget=forms.RadioSelect
            )
        else:
            self.fields["winner"] = forms.ChoiceField(label="The option they prefer", choices=targets)
            self.fields["loser"] = forms.ChoiceField(label="Over this option", choices=targets)
