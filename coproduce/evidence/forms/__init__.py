"""Input parsing for the evidence review's pages."""

from .imports import ColumnMappingForm, ImportUploadForm
from .references import ReferenceFilterForm, ReferenceForm
from .searches import SearchForm

__all__ = ["ColumnMappingForm", "ImportUploadForm", "ReferenceFilterForm", "ReferenceForm", "SearchForm"]
