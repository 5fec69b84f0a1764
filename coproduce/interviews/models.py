"""Stakeholder interviews: topic guides, interviews, transcripts with speaker turns, and redactions.

A transcript keeps two texts. `original_text` is what was imported (NFC), personal data seen only by roles
allowed it and cleared at the project's retention date. `text` is the pseudonymised working text that
analysis, exports and quotes use; every offset stored elsewhere (turns here, codings in analysis) is a code
point index into `text`, and is moved when accepted redactions change it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse

from coproduce.core.models import BaseModel, KeptUpload
from coproduce.jobs.models import Job
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project


class TopicGuide(BaseModel):
    """One version of a topic guide: the questions interviewers ask. Published versions never change."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="topic_guides")
    title = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    introduction = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["project", "title", "version"], name="unique_topic_guide_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class TopicQuestion(models.Model):
    guide = models.ForeignKey(TopicGuide, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()
    probes = models.TextField("follow-up prompts", blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class InterviewMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "Did not take place"


class InterviewKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    FOCUS_GROUP = "focus_group", "Focus group"


class Interview(BaseModel):
    """One session: an interview with one person, or a focus group with several (its `participants`).

    `stakeholder` is the person the session is filed under: the person interviewed, or a focus group's
    first participant by code. Every participant, that person included, has an `InterviewParticipant` row.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interviews")
    kind = models.CharField(max_length=20, choices=InterviewKind.choices, default=InterviewKind.INTERVIEW)
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="interviews")
    participants = models.ManyToManyField(
        Stakeholder, through="InterviewParticipant", related_name="sessions", blank=True
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    guide = models.ForeignKey(TopicGuide, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    scheduled_for = models.DateTimeField("date and time")
    mode = models.CharField(max_length=20, choices=InterviewMode.choices, default=InterviewMode.IN_PERSON)
    place = models.CharField("place or call link", max_length=500, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("length in minutes", null=True, blank=True)
    status = models.CharField(max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.PLANNED)
    recorded = models.BooleanField("audio recorded", default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["scheduled_for", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="planned") | models.Q(recorded=False), name="planned_not_recorded"
            )
        ]

    def __str__(self) -> str:
        if self.is_focus_group:
            return f"Focus group on {self.scheduled_for:%d %b %Y}"
        return f"Interview with {self.stakeholder.code} on {self.scheduled_for:%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "interviews:interview_detail",
            kwargs={"project_id": self.project.public_id, "interview_id": self.public_id},
        )

    @property
    def is_focus_group(self) -> bool:
        return self.kind == InterviewKind.FOCUS_GROUP


class InterviewParticipant(models.Model):
    """A person in the register who took part in an interview or focus group."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participations")
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="interview_participations"
    )

    class Meta:
        ordering = ["interview_id", "stakeholder__code"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "stakeholder"], name="one_participation_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder.code} in {self.interview}"


class Transcript(BaseModel):
    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="transcript")
    filename = models.CharField(max_length=255)
    format = models.CharField(max_length=30)
    original_text = models.TextField(blank=True)
    text = models.TextField()
    # Where accepted redactions sit (redaction.OffsetMap.as_list()), to move offsets when they change.
    offset_map = models.JSONField(default=list, blank=True)
    original_cleared_at = models.DateTimeField(null=True, blank=True)
    # Set when a researcher confirmed who each speaker is; until then the speakers are a guess.
    speakers_confirmed_at = models.DateTimeField(null=True, blank=True)
    redaction_done_at = models.DateTimeField(null=True, blank=True)
    # Set while the task worker looks for names to suggest redacting (`names_job`); cleared when it has
    # stored its suggestions. Until then the transcript cannot be marked pseudonymised or downloaded.
    names_pending_since = models.DateTimeField(null=True, blank=True)
    names_job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["interview__scheduled_for", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(names_pending_since__isnull=True)
                | models.Q(redaction_done_at__isnull=True),
                name="transcript_not_pseudonymised_while_names_pending",
            )
        ]

    def __str__(self) -> str:
        return f"Transcript of {self.interview}"

    @property
    def names_pending(self) -> bool:
        """Names are still being looked for: the suggested redactions are not all there yet."""
        return self.names_pending_since is not None


class SpeakerRole(models.TextChoices):
    INTERVIEWER = "interviewer", "Interviewer"
    PARTICIPANT = "participant", "Participant"
    OTHER = "other", "Someone else"


# How a turn with no speaker label in the file is shown wherever speakers are listed: never an empty label.
UNNAMED_SPEAKER = "Unnamed speaker"


class TranscriptTurn(models.Model):
    """One speaker turn: `transcript.text[start:end]`. Timestamps are metadata, never part of the text.

    `speaker` is the label in the file. A participant's turn names who spoke in `stakeholder`, a person in
    the project's register; an empty `stakeholder` on a participant's turn means the person interviewed.
    The interviewer and someone else (not in the register) have no stakeholder.
    """

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="turns")
    order = models.PositiveIntegerField()
    speaker = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.PARTICIPANT)
    # PROTECT: erasing a person first hands their turns in others' transcripts to "someone else".
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.PROTECT, related_name="transcript_turns"
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    original_start = models.PositiveIntegerField()
    original_end = models.PositiveIntegerField()
    timestamp_ms = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["transcript_id", "order"]
        # Finds the turns a span touches (`selectors.speakers.spans_people`) without reading the others.
        indexes = [models.Index(fields=["transcript", "start"], name="turn_position")]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "order"], name="unique_turn_order"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="turn_end_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(role="participant") | models.Q(stakeholder__isnull=True),
                name="turn_stakeholder_only_for_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker_shown} {self.start}-{self.end}"

    @property
    def speaker_shown(self) -> str:
        """The label as the pages show it: "Unnamed speaker" for a turn whose label is empty."""
        return self.speaker or UNNAMED_SPEAKER

    @property
    def timestamp_label(self) -> str:
        """The time into the recording, e.g. "1:02:03" or "4:05"; empty when the file gave none."""
        if self.timestamp_ms is None:
            return ""
        minutes, seconds = divmod(self.timestamp_ms // 1000, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


class RedactionStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class Redaction(models.Model):
    """A stretch of the original text to replace in the working text, e.g. a name with "[P07]"."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="redactions")
    start = models.PositiveIntegerField(help_text="Offset into the original text.")
    end = models.PositiveIntegerField()
    original = models.CharField(max_length=500)
    replacement = models.CharField(max_length=100)
    kind = models.CharField(max_length=30)
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=RedactionStatus.choices, default=RedactionStatus.SUGGESTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["transcript_id", "start"]
        constraints = [
            models.UniqueConstraint(fields=["transcript", "start", "end"], name="unique_redaction_span"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="redaction_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}-{self.end} -> {self.replacement}"


class TranscriptReplacement(KeptUpload):
    """A corrected file for a transcript, kept between the preview of replacing the transcript with it and the
    confirmation, for the person who chose it: any web process can carry the replacement out. Deleted once it
    is in place, with the transcript, and half an hour after it was chosen in any case."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="replacements")
    interviewer_names = models.JSONField(
        default=list, blank=True, help_text="The interviewers' names given with the file, to guess speakers."
    )

    class Meta(KeptUpload.Meta):
        pass
