"""The people taking part in a workshop: joined by code (no account) or entered by a note-taker."""

from django.db import models
from django.utils.translation import gettext, gettext_noop

from coproduce.core.models import BaseModel
from coproduce.people.sectors import Sector

from .planning import Workshop


class ParticipantSector(models.TextChoices):
    """The project's sector taxonomy, plus "prefer not to say" for people who join by code."""

    LOCAL_AUTHORITY = Sector.LOCAL_AUTHORITY.value, Sector.LOCAL_AUTHORITY.label
    VCFSE = Sector.VCFSE.value, Sector.VCFSE.label
    PUBLIC_SECTOR = Sector.PUBLIC_SECTOR.value, Sector.PUBLIC_SECTOR.label
    PRIVATE = Sector.PRIVATE.value, Sector.PRIVATE.label
    FUNDER = Sector.FUNDER.value, Sector.FUNDER.label
    ACADEMIC = Sector.ACADEMIC.value, Sector.ACADEMIC.label
    COMMUNITY_MEMBER = "community_member", gettext_noop("Resident or community member")
    PREFER_NOT = "prefer_not", gettext_noop("Prefer not to say")


class Participant(BaseModel):
    """Someone taking part in one workshop.

    A participant who joined on their own device is recognised again by a signed cookie holding
    `public_id`, so losing signal or closing the browser keeps the same identity. `on_paper` participants
    are entered by a note-taker for people taking part without a device. Someone who lost that cookie but
    joins again from the same browser gets the same participant back (`device_key`), unless they left
    (`left_at`): then that browser joins as someone new.
    """

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=ParticipantSector.choices)
    stakeholder = models.ForeignKey(
        "people.Stakeholder",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workshop_participations",
    )
    on_paper = models.BooleanField(default=False)
    number = models.PositiveIntegerField()
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # A keyed hash of the browser's device cookie and this workshop (identity.device_key): joining again
    # from the same browser gives back this participant. Empty for people on paper and older rows.
    device_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    # When they left the workshop from their phone (participant_leave): what they contributed stays, and
    # no cookie names them any more.
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "number"], name="unique_participant_number"),
            models.UniqueConstraint(
                fields=["workshop", "stakeholder"],
                condition=models.Q(stakeholder__isnull=False),
                name="one_participant_per_stakeholder",
            ),
            models.UniqueConstraint(
                fields=["workshop", "device_key"],
                condition=~models.Q(device_key=""),
                name="one_participant_per_device",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """What others see: the display name, or "Participant 7"."""
        return self.display_name or gettext("Participant %(number)s") % {"number": self.number}
