"""Forms of the local context dossier."""

from .items import BudgetLineForm, TimelineEventForm
from .uploads import BudgetImportForm, DatasetUploadForm

__all__ = ["BudgetImportForm", "BudgetLineForm", "DatasetUploadForm", "TimelineEventForm"]
