"""Results worked out once and stored: an activity's pairwise scores or opinion groups.

The figures take a moment to compute (a bootstrap of 200 rounds for pairwise scores, PCA and k-means for
opinion groups), so they are computed by a task when an activity is closed or revealed, stored here, and
every page and phone reads the stored row. `digest` names the votes (and options, statements, sectors) the
figures came from, so the same votes are never worked out twice; `inputs_read_at` orders two runs that read
different votes, so an older result never replaces a newer one.
"""

from django.db import models

from coproduce.core.models import BaseModel

from .activities import Activity


class SnapshotKind(models.TextChoices):
    PAIRWISE = "pairwise", "Pairwise scores"
    OPINION = "opinion", "Opinion groups"


class ResultSnapshot(BaseModel):
    """The current stored result of one activity (one row per activity and kind).

    `payload` is None until the first result is stored. `requested_at` is set when a newer result is
    asked for and cleared by the run that answers it: while it is set, the result is being worked out.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="result_snapshots")
    kind = models.CharField(max_length=10, choices=SnapshotKind.choices)
    payload = models.JSONField(null=True, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    n_votes = models.PositiveIntegerField(default=0)
    algorithm = models.CharField(max_length=40, blank=True)
    inputs_read_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "kind"], name="one_result_snapshot_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.activity_id}"

    @property
    def is_ready(self) -> bool:
        return self.payload is not None

    @property
    def is_pending(self) -> bool:
        """A newer result has been asked for and not yet stored."""
        return self.requested_at is not None
