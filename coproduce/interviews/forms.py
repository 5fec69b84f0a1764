"""Forms for topic guides, interviews, transcript uploads, speakers, turns and redactions."""

from typing import Any, cast

from django import forms

from coproduce.accounts.models import User
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project

from .models import (
    UNNAMED_SPEAKER,
    Interview,
    InterviewMode,
    InterviewStatus,
    SpeakerRole,
    TopicGuide,
    TranscriptTurn,
)
from .selectors.speakers import SpeakerChoice
from .services.speakers import INTERVIEWER, NO_LABEL, SOMEONE_ELSE

MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024


class TopicGuideForm(forms.Form):
    title = forms.CharField(max_length=200, error_messages={"required": "Enter a title for the guide"})
    introduction = forms.CharField(
        label="Introduction (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the interviewer says first: who we are, how long it takes, how the data is used.",
    )


class TopicQuestionForm(forms.Form):
    text = forms.CharField(
        label="Question",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the question"},
    )
    probes = forms.CharField(
        label="Follow-up prompts (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class _PersonChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return self.person_label(obj)

    @staticmethod
    def person_label(person: Stakeholder) -> str:
        organisation = f", {person.organisation.name}" if person.organisation else ""
        return f"{person.code}: {person.full_name}{organisation}"


class _UserChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class InterviewForm(forms.Form):
    stakeholder = _PersonChoice(
        label="Who is being interviewed",
        queryset=Stakeholder.objects.none(),
        error_messages={"required": "Choose the person being interviewed"},
    )
    scheduled_for = forms.DateTimeField(
        label="Date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "Enter the date and time", "invalid": "Enter a real date and time"},
    )
    interviewer = _UserChoice(label="Interviewer (optional)", queryset=User.objects.none(), required=False)
    guide = forms.ModelChoiceField(
        label="Topic guide (optional)", queryset=TopicGuide.objects.none(), required=False
    )
    mode = forms.ChoiceField(
        label="How", choices=InterviewMode.choices, widget=forms.RadioSelect, initial=InterviewMode.IN_PERSON
    )
    place = forms.CharField(label="Place or call link (optional)", max_length=500, required=False)
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, project: Project, interview: Interview | None = None, **kwargs: Any):
        if interview is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "scheduled_for": interview.scheduled_for,
                "interviewer": interview.interviewer,
                "guide": interview.guide,
                "mode": interview.mode,
                "place": interview.place,
                "notes": interview.notes,
            }
        super().__init__(*args, **kwargs)
        people = Stakeholder.objects.filter(project=project).select_related("organisation").order_by("code")
        self.fields["stakeholder"].queryset = people  # type: ignore[attr-defined]
        members = User.objects.filter(memberships__project=project).order_by("full_name", "email")
        self.fields["interviewer"].queryset = members  # type: ignore[attr-defined]
        guides = TopicGuide.objects.filter(project=project, published_at__isnull=False)
        self.fields["guide"].queryset = guides  # type: ignore[attr-defined]
        if interview is not None:
            del self.fields["stakeholder"]  # the person does not change; schedule a new interview instead


class _PeopleChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return _PersonChoice.person_label(obj)


class FocusGroupForm(InterviewForm):
    """A focus group: an interview with two or more people from the register, chosen from it."""

    participants = _PeopleChoice(
        label="Who takes part",
        queryset=Stakeholder.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose two or more people from the register.",
        error_messages={
            "required": "Choose the people who take part in the focus group",
            "invalid_choice": "Choose people from this project's register",
            "invalid_pk_value": "Choose people from this project's register",
        },
    )
    field_order = ["participants", "scheduled_for"]

    def __init__(self, *args: Any, project: Project, interview: Interview | None = None, **kwargs: Any):
        super().__init__(*args, project=project, interview=interview, **kwargs)
        self.fields.pop("stakeholder", None)
        if interview is not None:
            self.initial.setdefault("participants", [p.pk for p in interview.participants.all()])
        people = Stakeholder.objects.filter(project=project).select_related("organisation").order_by("code")
        self.fields["participants"].queryset = people  # type: ignore[attr-defined]

    def clean_participants(self) -> list[Stakeholder]:
        people = list(self.cleaned_data["participants"])
        if len(people) < 2:
            raise forms.ValidationError("Choose at least two people for a focus group")
        return people


class InterviewRecordForm(forms.Form):
    status = forms.ChoiceField(
        label="What happened", choices=InterviewStatus.choices, widget=forms.RadioSelect
    )
    duration_minutes = forms.IntegerField(
        label="Length in minutes (optional)", min_value=1, max_value=600, required=False
    )
    recorded = forms.BooleanField(label="The interview was audio-recorded", required=False)


class TranscriptUploadForm(forms.Form):
    file = forms.FileField(
        label="Transcript file",
        help_text="Word (.docx), text (.txt), Markdown (.md), captions (.vtt) or subtitles (.srt).",
        error_messages={"required": "Choose a transcript file", "empty": "The file is empty"},
    )
    interviewer_names = forms.CharField(
        label="Interviewers' names as written in the file (optional)",
        required=False,
        max_length=300,
        help_text="Separate names with commas. Used to tell the interviewer's turns from the participant's.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_TRANSCRIPT_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB")
        return upload

    def names(self) -> tuple[str, ...]:
        return tuple(
            n.strip() for n in self.cleaned_data.get("interviewer_names", "").split(",") if n.strip()
        )


INTERVIEWER_VALUE, SOMEONE_ELSE_VALUE = "interviewer", "other"


class SpeakersForm(forms.Form):
    """One choice per speaker label: a person in the register, the interviewer, or someone else."""

    def __init__(
        self,
        *args: Any,
        speakers: dict[str, SpeakerChoice],
        people: list[Stakeholder],
        hints: dict[str, str],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.labels = list(speakers)
        self.people = {str(person.public_id): person for person in people}
        register = [(key, _PersonChoice.person_label(person)) for key, person in self.people.items()]
        choices: list[Any] = [
            (INTERVIEWER_VALUE, "The interviewer"),
            (SOMEONE_ELSE_VALUE, "Someone else, not in the register"),
            ("People in the register", register),
        ]
        for n, (label, choice) in enumerate(speakers.items()):
            self.fields[f"speaker_{n}"] = forms.ChoiceField(
                label=label or NO_LABEL,
                choices=choices,
                initial=_value(choice),
                help_text=hints.get(label, ""),
                error_messages={"invalid_choice": "Choose who this speaker is"},
            )

    def speakers(self) -> dict[str, SpeakerChoice]:
        found = {}
        for n, label in enumerate(self.labels):
            value = self.cleaned_data[f"speaker_{n}"]
            if value == INTERVIEWER_VALUE:
                found[label] = INTERVIEWER
            elif value == SOMEONE_ELSE_VALUE:
                found[label] = SOMEONE_ELSE
            else:
                found[label] = SpeakerChoice(SpeakerRole.PARTICIPANT, self.people[value])
        return found


def _value(choice: SpeakerChoice) -> str:
    if choice.stakeholder is not None:
        return str(choice.stakeholder.public_id)
    return INTERVIEWER_VALUE if choice.role == SpeakerRole.INTERVIEWER else SOMEONE_ELSE_VALUE


class RedactWordsForm(forms.Form):
    words = forms.CharField(
        label="Words to redact",
        max_length=300,
        help_text="Exactly as they appear. Every place they appear is redacted.",
        error_messages={"required": "Enter the words to redact"},
    )
    replacement = forms.CharField(
        label="Replace with",
        max_length=100,
        initial="[redacted]",
        help_text="For example [P07], [a youth charity], [street name].",
    )


class UndecidedRedactionsForm(forms.Form):
    """What to do with the suggestions not yet decided when marking a transcript as pseudonymised."""

    undecided = forms.ChoiceField(
        label="What should happen to them?",
        choices=[
            ("redact", "Redact all of them, each with its suggested replacement"),
            ("keep", "Keep all of them as they are written"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to redact or keep the suggestions not yet decided"},
    )


class TranscriptRemoveForm(forms.Form):
    """The confirmation of removing a transcript, carrying what the page counted (its version)."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)


NEW_SPEAKER = "new"


class _TurnForm(forms.Form):
    """A form about one turn, or its speaker: `labels` are the transcript's speaker labels."""

    def __init__(self, *args: Any, turn: TranscriptTurn, labels: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.turn = turn
        self.labels = {f"speaker-{n}": label for n, label in enumerate(labels)}

    def _choices(self, *, leave_out: str | None = None) -> list[tuple[str, str]]:
        return [(key, label or UNNAMED_SPEAKER) for key, label in self.labels.items() if label != leave_out]


class SpeakerRenameForm(_TurnForm):
    name = forms.CharField(
        label="New name",
        max_length=200,
        help_text="Every turn of this speaker takes the new name. Who they are stays as it is.",
        error_messages={"required": "Enter the speaker's name"},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = self.turn.speaker


class SpeakerMergeForm(_TurnForm):
    into = forms.ChoiceField(
        label="Merge with",
        widget=forms.RadioSelect,
        help_text="Their turns take that speaker's name, and who that speaker is.",
        error_messages={"required": "Choose the speaker to merge with",
                        "invalid_choice": "Choose another speaker of this transcript to merge with"},
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["into"]).choices = self._choices(leave_out=self.turn.speaker)

    def clean_into(self) -> str:
        return self.labels[self.cleaned_data["into"]]


class TurnSpeakerForm(_TurnForm):
    """Who says a turn, or the second part of a split one: a speaker of the transcript, or a new name."""

    speaker = forms.ChoiceField(
        label="Who says this turn",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a speaker of this transcript, or a new speaker"},
    )
    new_speaker = forms.CharField(
        label="A new speaker's name",
        required=False,
        max_length=200,
        help_text="Only for a new speaker. Check who they are on the speakers page afterwards.",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [*self._choices(), (NEW_SPEAKER, "A new speaker")]
        cast(forms.ChoiceField, self.fields["speaker"]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        new = " ".join(data.get("new_speaker", "").split())
        chosen = data.get("speaker", "")
        if chosen in self.labels and new:
            self.add_error("new_speaker", "Choose a speaker or enter a new speaker's name, not both")
        elif new:
            data["label"] = new
        elif chosen == NEW_SPEAKER:
            self.add_error("new_speaker", "Enter the new speaker's name")
        elif chosen in self.labels:
            data["label"] = self.labels[chosen]
        elif "speaker" not in self.errors:
            self.add_error("speaker", "Choose a speaker, or enter a new speaker's name")
        return data


class TurnSplitForm(TurnSpeakerForm):
    words = forms.CharField(
        label="The words the new speaker starts with",
        max_length=300,
        help_text="Copy a few words from the turn as they are shown, enough that they are in it once.",
        error_messages={"required": "Enter the words the new speaker starts with"},
    )
    field_order = ["words", "speaker", "new_speaker"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].label = "Who speaks from these words on"


class TurnJoinForm(forms.Form):
    """The join button: only the version of the turns the page showed."""

    version = forms.CharField(required=False)
