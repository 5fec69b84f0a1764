"""Forms: setting up extraction forms and fields, entering extracted data, appraising, and the map's axes."""

from typing import Any

from django import forms

from .models import (
    Appraisal,
    Extraction,
    ExtractionField,
    ExtractionForm,
    ExtractionStatus,
    FieldKind,
    Quality,
)
from .services.forms import TEMPLATE_BLANK, TEMPLATE_GOOD_PRACTICE
from .tools import ANSWERS, Tool

CHOICE_LIMIT_FOR_RADIOS = 12


class ExtractionFormForm(forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter a name for the form"})
    description = forms.CharField(
        label="What the form is for (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtractionFormCreateForm(ExtractionFormForm):
    template = forms.ChoiceField(
        label="Start from",
        choices=[
            (
                TEMPLATE_GOOD_PRACTICE,
                "The good-practice form (authority, approach, level of working and more)",
            ),
            (TEMPLATE_BLANK, "A blank form"),
        ],
        widget=forms.RadioSelect,
        initial=TEMPLATE_GOOD_PRACTICE,
        error_messages={"required": "Choose how to start the form"},
    )


class FieldEditForm(forms.Form):
    label = forms.CharField(
        label="Question", max_length=200, error_messages={"required": "Enter the question"}
    )
    help_text = forms.CharField(label="Hint (optional)", max_length=500, required=False)
    options = forms.CharField(
        label="Options, one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only for questions answered from a list.",
    )
    required = forms.BooleanField(
        label="An answer is needed before the extraction is complete", required=False
    )

    def __init__(self, *args: Any, field: ExtractionField | None = None, **kwargs: Any):
        if field is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "label": field.label, "help_text": field.help_text, "options": "\n".join(field.options),
                "required": field.required,
            }  # fmt: skip
        super().__init__(*args, **kwargs)

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class FieldCreateForm(FieldEditForm):
    kind = forms.ChoiceField(
        label="Kind of answer",
        choices=FieldKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of answer"},
    )
    key = forms.SlugField(
        label="Short name for exports (optional)",
        max_length=60,
        required=False,
        help_text="Letters, numbers and underscores. Made from the question when left empty.",
    )
    field_order = ["label", "kind", "options", "help_text", "key", "required"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        listed = data.get("kind") in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE)
        if listed and len(data.get("options") or []) < 2:
            self.add_error("options", "Give at least two options, one per line")
        return data


def _answer_field(field: ExtractionField) -> forms.Field:
    common: dict[str, Any] = {"label": field.label, "help_text": field.help_text, "required": False}
    choices = [(c, c) for c in field.categories]
    if field.kind == FieldKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if field.kind == FieldKind.NUMBER:
        return forms.FloatField(error_messages={"invalid": f"{field.label} must be a number"}, **common)
    if field.kind == FieldKind.MULTI_CHOICE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if field.kind in (FieldKind.CHOICE, FieldKind.YES_NO):
        many = len(choices) > CHOICE_LIMIT_FOR_RADIOS
        widget = forms.Select if many else forms.RadioSelect
        return forms.ChoiceField(
            choices=([("", "Not answered")] if many else []) + choices, widget=widget, **common
        )
    return forms.CharField(max_length=1000, **common)


class ExtractionDataForm(forms.Form):
    """The questions of one extraction form, then completion and case-study details."""

    complete = forms.BooleanField(label="The extraction is complete", required=False)
    is_case_study = forms.BooleanField(
        label="Add this record to the good-practice case studies", required=False
    )
    case_title = forms.CharField(label="Case study title", max_length=200, required=False)
    case_summary = forms.CharField(
        label="Case study summary", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, form: ExtractionForm, extraction: Extraction | None = None, **kwargs: Any):
        if extraction is not None:
            kwargs["initial"] = {f"q_{key}": value for key, value in extraction.values.items()} | {
                "complete": extraction.status == ExtractionStatus.COMPLETE,
                "is_case_study": extraction.is_case_study,
                "case_title": extraction.case_title,
                "case_summary": extraction.case_summary,
            }
        super().__init__(*args, **kwargs)
        self.question_fields = list(form.fields.all())
        answers = {f"q_{f.key}": _answer_field(f) for f in self.question_fields}
        self.fields = {**answers, **self.fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_case_study") and not (data.get("case_title") or "").strip():
            self.add_error("case_title", "Give the case study a title")
        if data.get("complete"):
            for field in self.question_fields:
                if field.required and data.get(f"q_{field.key}") in (None, "", []):
                    self.add_error(
                        f"q_{field.key}", f"Answer {field.label.lower()} to complete the extraction"
                    )
        return data

    def answers(self) -> dict[str, Any]:
        return {f.key: self.cleaned_data.get(f"q_{f.key}") for f in self.question_fields}

    def case_study(self) -> dict[str, Any]:
        """Completion and case-study details, as `extraction_save` takes them."""
        names = ("complete", "is_case_study", "case_title", "case_summary")
        return {name: self.cleaned_data[name] for name in names}


class AppraisalForm(forms.Form):
    """One answer and an optional comment per question of an appraisal tool, then a judgement."""

    quality = forms.ChoiceField(
        label="Overall, how much can the review rely on this record?",
        choices=Quality.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    summary = forms.CharField(
        label="Summary of the appraisal (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, tool: Tool, variant: str = "", appraisal: Appraisal | None = None, **kwargs: Any
    ):
        if appraisal is not None and appraisal.variant == variant:
            answers = {f"a_{key}": value for key, value in appraisal.answers.items()}
            comments = {f"c_{key}": value for key, value in appraisal.comments.items()}
            kwargs["initial"] = (
                answers | comments | {"quality": appraisal.quality, "summary": appraisal.summary}
            )
        super().__init__(*args, **kwargs)
        self.questions = tool.questions_for(variant)
        asked: dict[str, forms.Field] = {}
        for question in self.questions:
            asked[f"a_{question.key}"] = forms.ChoiceField(
                label=question.text, help_text=question.hint, choices=ANSWERS, widget=forms.RadioSelect,
                error_messages={"required": f"Answer: {question.text}"},
            )  # fmt: skip
            asked[f"c_{question.key}"] = forms.CharField(
                label="Comment (optional)", required=False, max_length=2000
            )
        self.fields = {**asked, **self.fields}

    def answers(self) -> dict[str, str]:
        return {q.key: self.cleaned_data[f"a_{q.key}"] for q in self.questions}

    def comments(self) -> dict[str, str]:
        return {q.key: self.cleaned_data.get(f"c_{q.key}") or "" for q in self.questions}


class MapAxesForm(forms.Form):
    rows = forms.ChoiceField(label="Rows")
    columns = forms.ChoiceField(label="Columns")

    def __init__(self, *args: Any, axes: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("rows", "columns"):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 narrows the type; never false when the code is right
            field.choices = axes
