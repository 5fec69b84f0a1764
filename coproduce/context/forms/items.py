"""A timeline event and a budget line, added or changed by hand."""

from typing import Any

from django import forms

from coproduce.context.models import BudgetKind, BudgetLine, BudgetStatus, TimelineEvent

from .sources import SourceForm


class _InstanceForm(SourceForm):
    def __init__(self, *args: Any, instance: TimelineEvent | BudgetLine | None = None, **kwargs: Any):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(instance, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)


class TimelineEventForm(_InstanceForm):
    happened_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Enter the date", "invalid": "Enter a real date"},
    )
    title = forms.CharField(
        label="What happened",
        max_length=200,
        help_text="For example: Council issues a section 114 notice.",
        error_messages={"required": "Enter what happened"},
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))

    field_order = ["happened_on", "title", "description"]


class BudgetLineForm(_InstanceForm):
    financial_year = forms.RegexField(
        label="Financial year",
        regex=r"^\d{4}/\d{2}$",
        max_length=7,
        help_text="For example 2024/25",
        error_messages={"required": "Enter the financial year", "invalid": "Enter the year like 2024/25"},
    )
    service = forms.CharField(
        label="Service area",
        max_length=200,
        help_text="For example: Adult social care, Libraries",
        error_messages={"required": "Enter the service area"},
    )
    description = forms.CharField(label="Description (optional)", max_length=500, required=False)
    amount = forms.DecimalField(
        label="Amount in pounds",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text="A positive number of pounds, for example 2300000. Say below if it is a saving or growth.",
        error_messages={
            "required": "Enter the amount",
            "invalid": "Enter the amount as a number of pounds",
            "min_value": "Enter the amount as a positive number",
        },
    )
    kind = forms.ChoiceField(label="Kind", choices=BudgetKind.choices, widget=forms.RadioSelect)
    status = forms.ChoiceField(label="Status", choices=BudgetStatus.choices, widget=forms.RadioSelect)

    field_order = ["financial_year", "service", "description", "amount", "kind", "status"]
