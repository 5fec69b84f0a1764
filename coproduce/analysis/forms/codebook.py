"""Forms for the codebook: a code's fields, moving, merging and splitting codes, memos, and imports."""

from typing import Any

from django import forms

from ..models import Code, Level
from ..selectors.codebook import CodeNode, code_tree_walk

MAX_IMPORT_BYTES = 100 * 1024 * 1024
ZIP_START = b"PK\x03\x04"
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
TOP = "top"


def _tree_choices(tree: list[CodeNode], leave_out: set[int]) -> list[tuple[str, str]]:
    return [
        (str(node.code.public_id), "\u00a0\u00a0\u00a0" * node.depth + node.code.name)
        for node in code_tree_walk(tree)
        if node.code.pk not in leave_out
    ]


class CodeChoiceField(forms.ChoiceField):
    """A code of the tree, shown indented under its parent; cleans to the Code.

    With `top`, a first choice (TOP) stands for the top of the codebook and cleans to None.
    """

    def __init__(
        self, *, tree: list[CodeNode], leave_out: set[int] | None = None, top: str = "", **kw: Any
    ) -> None:
        self.codes = {str(node.code.public_id): node.code for node in code_tree_walk(tree)}
        first = (TOP, top) if top else ("", "Choose a code")
        super().__init__(choices=[first, *_tree_choices(tree, leave_out or set())], **kw)

    def clean(self, value: Any) -> Code | None:
        cleaned = super().clean(value)
        return None if cleaned == TOP else self.codes[cleaned]


class CodeForm(forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter a name for the code"})
    colour = forms.RegexField(
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#1d70b8",
        widget=forms.TextInput(attrs={"type": "color", "class": "app-colour-input"}),
        error_messages={"invalid": "Enter a colour like #1d70b8"},
    )
    level = forms.ChoiceField(
        label="Level of working",
        choices=[("", "Not set"), *Level.choices],
        required=False,
        help_text="Cultural (values, trust, relationships), tactical (how work is organised) "
        "or strategic (plans, funding, governance).",
    )
    definition = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    include_note = forms.CharField(
        label="Use it when", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    exclude_note = forms.CharField(
        label="Do not use it when", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    example = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="A typical quotation."
    )

    @classmethod
    def initial_for(cls, code: Code) -> dict[str, str]:
        return {name: getattr(code, name) for name in cls.base_fields}


class CodeCreateForm(CodeForm):
    field_order = ["name", "parent"]

    def __init__(self, *args: Any, tree: list[CodeNode], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = CodeChoiceField(
            tree=tree, top="At the top of the codebook", label="Put it under"
        )
        self.order_fields(self.field_order)


class CodeMoveForm(forms.Form):
    def __init__(self, *args: Any, tree: list[CodeNode], leave_out: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"] = CodeChoiceField(
            tree=tree,
            leave_out=leave_out,
            top="At the top of the codebook",
            label="Put it under",
            help_text="A code cannot go under itself or its own sub-codes.",
        )


class CodeMergeForm(forms.Form):
    def __init__(self, *args: Any, tree: list[CodeNode], leave_out: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"] = CodeChoiceField(
            tree=tree,
            leave_out=leave_out,
            label="Merge it into",
            error_messages={"required": "Choose the code to merge into"},
        )


class CodeSplitForm(forms.Form):
    name = forms.CharField(
        label="Name of the new code",
        max_length=120,
        error_messages={"required": "Enter a name for the new code"},
    )
    codings = forms.TypedMultipleChoiceField(
        label="Codings that go to the new code",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one coding to move"},
    )

    def __init__(self, *args: Any, codings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["codings"].choices = codings  # type: ignore[attr-defined]


class MemoForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    text = forms.CharField(
        label="Memo", widget=forms.Textarea(attrs={"rows": 6}), error_messages={"required": "Enter the memo"}
    )


class ExchangeImportForm(forms.Form):
    file = forms.FileField(
        label="REFI-QDA file",
        help_text="A codebook (.qdc) or a whole project (.qdpx) from QualCoder, NVivo, ATLAS.ti, MAXQDA "
        "or Taguette.",
        error_messages={"required": "Choose a .qdc or .qdpx file", "empty": "The file is empty"},
    )
    add_missing = forms.BooleanField(
        label="Add documents this project does not have yet as new interviews. I confirm each interviewee's "
        "consent to be interviewed was recorded outside coproduce.",
        required=False,
        help_text="Each becomes a person in the register and a transcript to pseudonymise, with its codings.",
    )

    def clean_file(self) -> Any:
        """What can be checked at once: the name, the size, and that the file starts as its kind must (a
        .qdpx is a zip, a .qdc is XML). The rest is read by the import's job, which gives any reason."""
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".qdc", ".qdpx")):
            raise forms.ValidationError("The file must be a .qdc codebook or a .qdpx project")
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file must be smaller than 100 MB")
        data = upload.read()
        if name.endswith(".qdpx") and not data.startswith(ZIP_START):
            raise forms.ValidationError(
                "This is not a REFI-QDA project: a .qdpx file is a zip archive. Export the project again"
            )
        xml = data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or data.startswith(UTF16_MARKS)
        if name.endswith(".qdc") and not xml:
            raise forms.ValidationError(
                "This is not a REFI-QDA codebook: a .qdc file is XML. Export the codebook again"
            )
        self.cleaned_data["data"] = data
        return upload
