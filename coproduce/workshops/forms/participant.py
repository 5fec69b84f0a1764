"""Forms for people taking part: the join code, joining, and each kind of answer.

Every answer form carries a hidden `client_key`, a new random id each time the form is drawn, so a
submission sent twice (a double tap, a retry after losing signal) is stored once.
"""

import functools
import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from ..levels import column_words
from ..models import ParticipantSector
from ..services.pairwise_choices import CHOOSE_SHOWN
from ..services.participation import NAME_MAX_LENGTH
from ..text import plain_text

JOIN_CODE_HINT = _("It is on the screen at the front of the room, for example K7PQ2M.")
VOTE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}


class ClientKeyForm(forms.Form):
    client_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["client_key"].initial = uuid.uuid4()


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=20,
        help_text=JOIN_CODE_HINT,
        error_messages={"required": _("Enter the workshop code")},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).upper()


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text=_("Others may see it next to your ideas. Leave it empty to take part without a name."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    sector = forms.ChoiceField(
        label=_("Where do you work, or what brings you here?"),
        choices=[(value, _(label)) for value, label in ParticipantSector.choices],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the answer that fits you best, or “Prefer not to say”")},
    )

    def clean_display_name(self) -> str:
        return plain_text(self.cleaned_data["display_name"], max_length=NAME_MAX_LENGTH)


class HintedRadioSelect(forms.RadioSelect):
    """Radios with a hint under each option that has one (`hints`: value to hint), as GOV.UK draws them."""

    def __init__(self, *args: Any, hints: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["hint"] = self.hints.get(str(option["value"]), "")
        return option


class CardForm(ClientKeyForm):
    column = forms.ChoiceField(
        label=_("Which kind of idea is it?"),
        widget=HintedRadioSelect,
        error_messages={"required": _("Choose which kind of idea it is")},
    )
    text = forms.CharField(
        label=_("Your idea"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your idea before adding it")},
    )

    def __init__(self, *args: object, columns: list[str], max_length: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        column = self.fields["column"]
        assert isinstance(column, forms.ChoiceField)  # noqa: S101 narrows the type; never false when the code is right
        column.choices = [(c, column_words(c).label) for c in columns]  # the levels in plain words
        assert isinstance(column.widget, HintedRadioSelect)  # noqa: S101 narrows the type; never false when the code is right
        column.widget.hints = {c: column_words(c).hint for c in columns}
        if len(columns) <= 1:  # nothing to choose: the only column, or none
            self.fields["column"] = forms.CharField(
                required=False, initial=columns[0] if columns else "", widget=forms.HiddenInput
            )
        text = self.fields["text"]
        assert isinstance(text, forms.CharField)  # noqa: S101 narrows the type; never false when the code is right
        text.max_length = max_length
        text.help_text = ngettext("Up to %(count)d character.", "Up to %(count)d characters.", max_length) % {
            "count": max_length
        }
        text.widget.attrs["maxlength"] = str(max_length)
        self._shape = (tuple(columns), max_length)

    def render(
        self, template_name: str | None = None, context: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """The empty form drawn after every card is the same HTML for every board with these columns and
        length, but for its `client_key`: it is drawn once per language and reused with a new key."""
        asked_otherwise = template_name or context or renderer
        if asked_otherwise or self.is_bound or self.initial or self.prefix or settings.DEBUG:
            return super().render(template_name, context, renderer)
        html = _blank_card_form(get_language() or "", *self._shape)
        return mark_safe(html.replace(BLANK_KEY, str(self.fields["client_key"].initial)))  # noqa: S308 our own HTML

    __str__ = render  # as Django's forms do: drawing `{{ form }}` calls this render, not the one replaced
    __html__ = render


BLANK_KEY = str(uuid.UUID(int=0))


@functools.lru_cache(maxsize=64)
def _blank_card_form(language: str, columns: tuple[str, ...], max_length: int) -> str:
    """The empty card form's HTML with `BLANK_KEY` as its client_key (`language` keys the cache only)."""
    form = CardForm(columns=list(columns), max_length=max_length)
    form.fields["client_key"].initial = BLANK_KEY
    return str(super(CardForm, form).render())


class OwnCardForm(forms.Form):
    """New words for a participant's own card."""

    text = forms.CharField(
        label=_("Your idea"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write your idea before saving it")},
    )
    version = forms.CharField(widget=forms.HiddenInput, required=False)  # the card's as the form was opened

    def __init__(self, *args: object, max_length: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        text = self.fields["text"]
        assert isinstance(text, forms.CharField)  # noqa: S101 narrows the type; never false when the code is right
        text.max_length = max_length
        text.widget.attrs["maxlength"] = str(max_length)


class StatementForm(ClientKeyForm):
    text = forms.CharField(
        label=_("Your statement"),
        max_length=300,
        help_text=_("One short sentence others can agree or disagree with."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Write your statement before adding it")},
    )


class StatementVoteForm(ClientKeyForm):
    value = forms.ChoiceField(choices=[(v, v) for v in VOTE_VALUES])

    def vote(self) -> int:
        return VOTE_VALUES[self.cleaned_data["value"]]


class DotForm(ClientKeyForm):
    """A dot on a card or on a cluster, named by its public id."""

    card = forms.UUIDField(required=False)
    cluster = forms.UUIDField(required=False)


class PairwiseForm(ClientKeyForm):
    """A choice between the two options of the pair served to the participant (`pair`, its public id)."""

    pair = forms.UUIDField(error_messages={"required": CHOOSE_SHOWN, "invalid": CHOOSE_SHOWN})
    winner = forms.UUIDField(error_messages={"required": CHOOSE_SHOWN, "invalid": CHOOSE_SHOWN})
    loser = forms.UUIDField(required=False)
