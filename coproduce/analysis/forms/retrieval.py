"""Filters for coded segments, the transcript search box, and what the matrices count."""

from collections.abc import Mapping

from django import forms

from ..models import Code
from ..selectors.matrices import PEOPLE, SEGMENTS
from ..selectors.retrieval import FilterChoices, SegmentFilters, TreeCode, code_with_subcodes

YES_NO = [("yes", "Yes"), ("no", "No")]
FORMATS = {"csv", "xlsx"}


def _with_defaults(data: Mapping[str, str] | None, defaults: dict[str, str]) -> dict[str, str]:
    """The query string over the defaults, so that the form is always bound and shows its defaults."""
    return defaults | {key: value for key, value in (data or {}).items() if value}


def download_format(value: str) -> str:
    """'xlsx' when asked for, else 'csv'."""
    return value if value in FORMATS else "csv"


class SegmentFilterForm(forms.Form):
    code = forms.ChoiceField(label="Code", required=False)
    subcodes = forms.ChoiceField(
        label="Include sub-codes", choices=YES_NO, required=False, initial="yes", widget=forms.RadioSelect
    )
    sector = forms.ChoiceField(label="Sector", required=False)
    subsector = forms.ChoiceField(label="Organisation type", required=False)
    ward = forms.ChoiceField(label="Ward", required=False)
    coder = forms.ChoiceField(label="Coder", required=False)
    level = forms.ChoiceField(label="Level of working", required=False)

    def __init__(self, data: Mapping[str, str] | None, *, tree: list[TreeCode], choices: FilterChoices):
        super().__init__(_with_defaults(data, {"subcodes": "yes"}))
        self.tree = tree
        fields = self.fields
        fields["code"].choices = [("", "Every code"), *((str(t.code.public_id), t.label) for t in tree)]  # type: ignore[attr-defined]
        fields["sector"].choices = [("", "Any sector"), *choices.sectors]  # type: ignore[attr-defined]
        fields["subsector"].choices = [("", "Any type"), *choices.subsectors]  # type: ignore[attr-defined]
        fields["ward"].choices = [("", "Any ward"), *((w, w) for w in choices.wards)]  # type: ignore[attr-defined]
        fields["coder"].choices = [("", "Anyone"), *((str(pk), name) for pk, name in choices.coders)]  # type: ignore[attr-defined]
        fields["level"].choices = [("", "Any level"), *choices.levels]  # type: ignore[attr-defined]

    def chosen_code(self) -> Code | None:
        chosen = self.cleaned_data.get("code") if self.is_valid() else ""
        return next((t.code for t in self.tree if str(t.code.public_id) == chosen), None)

    def filters(self) -> SegmentFilters:
        """The filters asked for; an invalid choice counts as no filter."""
        data = self.cleaned_data if self.is_valid() else {}
        code = self.chosen_code()
        code_ids = None
        if code is not None:
            subcodes = data.get("subcodes") != "no"
            code_ids = code_with_subcodes(tree=self.tree, code=code) if subcodes else [code.pk]
        coder = data.get("coder") or ""
        return SegmentFilters(
            code_ids=code_ids,
            sector=data.get("sector") or "",
            subsector=data.get("subsector") or "",
            ward=data.get("ward") or "",
            coder_id=int(coder) if coder.isdigit() else None,
            level=data.get("level") or "",
        )


class SearchForm(forms.Form):
    q = forms.CharField(label="Words to find", max_length=200, required=False)
    sector = forms.ChoiceField(label="Sector", required=False)

    def __init__(self, data: Mapping[str, str] | None, *, sectors: list[tuple[str, str]]):
        super().__init__(_with_defaults(data, {}))
        self.fields["sector"].choices = [("", "Any sector"), *sectors]  # type: ignore[attr-defined]


class MatrixForm(forms.Form):
    measure = forms.ChoiceField(
        label="Count",
        choices=[(SEGMENTS, "Coded segments"), (PEOPLE, "People")],
        required=False,
        widget=forms.RadioSelect,
    )
    subcodes = forms.ChoiceField(
        label="Count sub-codes in their parent code", choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    interviewer = forms.ChoiceField(
        label="Count the interviewer's words", choices=YES_NO, required=False, widget=forms.RadioSelect
    )

    def __init__(self, data: Mapping[str, str] | None):
        super().__init__(_with_defaults(data, {"measure": SEGMENTS, "subcodes": "no", "interviewer": "no"}))

    def measure_value(self) -> str:
        return PEOPLE if self.is_valid() and self.cleaned_data.get("measure") == PEOPLE else SEGMENTS

    def include_subcodes(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("subcodes") == "yes"

    def include_interviewer(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("interviewer") == "yes"
