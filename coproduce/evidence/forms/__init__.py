"""Input parsing for the evidence review's pages."""

from .imports import ColumnMappingForm, ImportConfirmForm, ImportUploadForm
from .references import ReferenceFilterForm, ReferenceForm
from .searches import SearchForm

__all__ = [
    "ColumnMappingForm",
    "ImportConfirmForm",
    "ImportUploadForm",
    "ReferenceFilterForm",
    "ReferenceForm",
    "SearchForm",
]
