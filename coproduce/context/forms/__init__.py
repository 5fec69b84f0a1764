"""Forms of the local context dossier."""

from .items import BudgetLineForm, TimelineEventForm
from .uploads import (
    BoundaryUploadForm,
    BudgetImportForm,
    BudgetMappingForm,
    DatasetUploadForm,
    budget_upload_carried,
)

__all__ = [
    "BoundaryUploadForm",
    "BudgetImportForm",
    "BudgetLineForm",
    "BudgetMappingForm",
    "DatasetUploadForm",
    "TimelineEventForm",
    "budget_upload_carried",
]
