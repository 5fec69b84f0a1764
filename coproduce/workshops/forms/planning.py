"""Forms for planning: a series, a workshop, an activity of each kind, invitations, attendance, replies."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import User
from coproduce.analysis.models import PriorityCandidate

from ..models import Activity, ActivityKind, InvitationReply, VoteTarget, Workshop, WorkshopSeries
from ..models.activities import DEFAULT_COLUMNS
from ..services.agenda import ActivitySettings

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
REAL_DATETIME = {"required": "Enter the date and time", "invalid": "Enter a real date and time"}


class _UserChoices(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class SeriesForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the series"})
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    area = forms.ChoiceField(
        label="Priority area",
        required=False,
        help_text="The areas chosen in the latest priority decision come first.",
    )

    def __init__(
        self,
        *args: Any,
        chosen: list[PriorityCandidate],
        others: list[PriorityCandidate],
        series: WorkshopSeries | None = None,
        **kwargs: Any,
    ):
        if series is not None:
            kwargs.setdefault(
                "initial",
                {"title": series.title, "description": series.description, "area": series.area_id or ""},
            )
        super().__init__(*args, **kwargs)
        self.areas = {str(c.pk): c for c in [*chosen, *others]}
        groups: list[Any] = [("", "No priority area")]
        if chosen:
            groups.append(("Chosen in the latest decision", [(str(c.pk), c.title) for c in chosen]))
        if others:
            groups.append(("Other candidate areas", [(str(c.pk), c.title) for c in others]))
        self.fields["area"].choices = groups  # type: ignore[attr-defined]

    def clean_area(self) -> PriorityCandidate | None:
        return self.areas.get(self.cleaned_data.get("area") or "")


class WorkshopForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the workshop"})
    starts_at = forms.DateTimeField(
        label="Starts",
        widget=DATETIME_WIDGET,
        help_text="For example, 14/03/2027 10:00",
        error_messages=REAL_DATETIME,
    )
    ends_at = forms.DateTimeField(label="Ends", widget=DATETIME_WIDGET, error_messages=REAL_DATETIME)
    venue = forms.CharField(
        max_length=300,
        required=False,
        help_text="The place and address. Give a venue, an online link, or both.",
    )
    online_link = forms.URLField(
        label="Online meeting link",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter a web address, like https://meet.example.org/abc"},
    )
    facilitators = _UserChoices(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Team members with the lead, researcher or facilitator role.",
    )

    def __init__(self, *args: Any, facilitators: Any, workshop: Workshop | None = None, **kwargs: Any):
        if workshop is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": workshop.title,
                    "starts_at": workshop.starts_at,
                    "ends_at": workshop.ends_at,
                    "venue": workshop.venue,
                    "online_link": workshop.online_link,
                    "facilitators": list(workshop.facilitators.all()),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = facilitators  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("venue") and not data.get("online_link") and "online_link" not in self.errors:
            self.add_error("venue", "Enter a venue, an online meeting link, or both")
        return data


class KindForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of activity",
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a kind of activity"},
    )


def _split(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ActivityForm(forms.Form):
    """The settings of one kind of activity; the fields of other kinds are removed."""

    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the activity"})
    prompt = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The question or instruction people see.",
    )
    minutes = forms.IntegerField(label="Planned minutes", required=False, min_value=1, max_value=600)
    columns = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        initial="\n".join(DEFAULT_COLUMNS),
        help_text="One per line, up to 6.",
        error_messages={"required": "Enter at least one column"},
    )
    max_length = forms.IntegerField(
        label="Longest card, in characters", initial=200, min_value=20, max_value=500
    )
    dots = forms.IntegerField(
        label="Dots for each person", initial=3, min_value=1, max_value=20, help_text="From 1 to 20."
    )
    vote_on = forms.ChoiceField(
        label="People vote on", choices=VoteTarget.choices, initial=VoteTarget.CARDS, widget=forms.RadioSelect
    )
    source = forms.ChoiceField(label="Ideas from", required=False)
    seed_statements = forms.CharField(
        label="Statements to start with",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One per line. People agree, disagree or pass on each.",
    )
    allow_participant_statements = forms.BooleanField(
        label="People may add their own statements", required=False, initial=True
    )
    moderate_statements = forms.BooleanField(
        label="Check their statements before everyone sees them",
        required=False,
        help_text="A facilitator accepts or rejects each one on the moderation page.",
    )
    options_from = forms.ChoiceField(
        label="Options",
        choices=[
            ("", "Type them below"),
            ("clusters", "An idea board's clusters"),
            ("cards", "An idea board's cards"),
        ],
        required=False,
        widget=forms.RadioSelect,
    )
    options = forms.CharField(
        label="Options to compare",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One per line.",
    )

    KIND_FIELDS = {
        ActivityKind.IDEA_BOARD: ("columns", "max_length"),
        ActivityKind.DOT_VOTE: ("dots", "vote_on", "source"),
        ActivityKind.STATEMENTS: ("seed_statements", "allow_participant_statements", "moderate_statements"),
        ActivityKind.PAIRWISE: ("options_from", "source", "options"),
    }
    ALL_KIND_FIELDS = {name for names in KIND_FIELDS.values() for name in names}

    def __init__(
        self, *args: Any, kind: str, boards: list[Activity], activity: Activity | None = None, **kwargs: Any
    ):
        if activity is not None:
            kwargs.setdefault("initial", _initial(activity))
        super().__init__(*args, **kwargs)
        keep = set(self.KIND_FIELDS[ActivityKind(kind)])
        for name in self.ALL_KIND_FIELDS - keep:
            del self.fields[name]
        self.boards = {str(b.public_id): b for b in boards if activity is None or b.pk != activity.pk}
        if "source" in self.fields:
            choices = [("", "Choose an idea board")] + [(key, b.title) for key, b in self.boards.items()]
            self.fields["source"].choices = choices  # type: ignore[attr-defined]
            if kind == ActivityKind.PAIRWISE:
                self.fields["source"].label = "Idea board to copy the options from"
            if not self.boards:
                self.fields["source"].help_text = "This workshop has no idea board yet: add one first."

    def clean_source(self) -> Activity | None:
        return self.boards.get(self.cleaned_data.get("source") or "")

    def settings(self) -> ActivitySettings:
        data = self.cleaned_data
        values: dict[str, Any] = {
            "title": data["title"],
            "prompt": data["prompt"],
            "minutes": data["minutes"],
        }
        for name in (
            "max_length",
            "dots",
            "vote_on",
            "source",
            "allow_participant_statements",
            "moderate_statements",
            "options_from",
        ):
            if name in data:
                values[name] = data[name]
        for name in ("columns", "seed_statements", "options"):
            if name in data:
                values[name] = _split(data[name])
        return ActivitySettings(**values)


def _initial(activity: Activity) -> dict[str, Any]:
    seeds = activity.statements.filter(is_seed=True).order_by("number")
    options = list(activity.options.all())
    copied = (
        "clusters"
        if any(o.cluster_id for o in options)
        else "cards"
        if any(o.card_id for o in options)
        else ""
    )
    return {
        "title": activity.title,
        "prompt": activity.prompt,
        "minutes": activity.minutes,
        "columns": "\n".join(activity.columns),
        "max_length": activity.max_length,
        "dots": activity.dots,
        "vote_on": activity.vote_on,
        "source": str(activity.source.public_id) if activity.source else "",
        "seed_statements": "\n".join(s.text for s in seeds),
        "allow_participant_statements": activity.allow_participant_statements,
        "moderate_statements": activity.moderate_statements,
        "options_from": copied if activity.source else "",
        "options": "\n".join(o.text for o in options),
    }


class InviteForm(forms.Form):
    people = forms.MultipleChoiceField(
        label="People to invite", error_messages={"required": "Choose at least one person to invite"}
    )

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(code, code) for code in codes]  # type: ignore[attr-defined]


ATTENDANCE_CHOICES = [("yes", "Attended"), ("no", "Did not attend"), ("", "Not recorded")]


class AttendanceForm(forms.Form):
    """One radio group per invitation, named by its public id."""

    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            current = {True: "yes", False: "no"}.get(invitation.attended, "")
            self.fields[f"i_{invitation.public_id.hex}"] = forms.ChoiceField(
                label=f"{invitation.stakeholder.code}: {invitation.stakeholder.full_name}",
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=current,
                widget=forms.RadioSelect,
            )

    def marks(self) -> dict[Any, bool | None]:
        values = {"yes": True, "no": False}
        return {i: values.get(self.cleaned_data[f"i_{i.public_id.hex}"]) for i in self.invitations}


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[(c.value, _(c.label)) for c in InvitationReply if c != InvitationReply.NONE],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you are coming")},
    )
    note = forms.CharField(
        label=_("Access needs or a note for the team"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example step-free access, a hearing loop, dietary needs or help with travel."),
        error_messages={"max_length": _("Keep the note to 500 characters or fewer")},
    )
