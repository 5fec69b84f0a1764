"""Reads of topic guides, interviews and transcripts, scoped to a project."""

import uuid
from collections import Counter
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from coproduce.people.models import SamplingTarget, Stakeholder
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project

from ..models import (
    Interview,
    InterviewParticipant,
    InterviewStatus,
    Redaction,
    RedactionStatus,
    TopicGuide,
    TopicQuestion,
    Transcript,
)


def topic_guide_list(*, project: Project) -> QuerySet[TopicGuide]:
    return (
        TopicGuide.objects.filter(project=project).prefetch_related("questions").order_by("title", "-version")
    )


def topic_guide_get(*, project: Project, public_id: uuid.UUID | str) -> TopicGuide:
    return get_object_or_404(TopicGuide, project=project, public_id=public_id)


def topic_question_get(*, guide: TopicGuide, pk: int) -> TopicQuestion:
    return get_object_or_404(TopicQuestion, guide=guide, pk=pk)


def interview_list(
    *, project: Project, status: str = "", person: Stakeholder | None = None
) -> QuerySet[Interview]:
    """The schedule; with `person`, only the interviews and focus groups they took part in."""
    interviews = (
        Interview.objects.filter(project=project)
        .select_related("stakeholder", "stakeholder__organisation", "interviewer", "guide", "transcript")
        .prefetch_related("participations__stakeholder")
    )
    if person is not None:
        took_part = Q(participations__stakeholder=person) | Q(stakeholder=person)
        interviews = interviews.filter(pk__in=Interview.objects.filter(took_part).values("pk"))
    return interviews.filter(status=status) if status else interviews


def interview_person_find(*, project: Project, code: str) -> Stakeholder | None:
    """The person in the project's register with this code (any case), if there is one."""
    return Stakeholder.objects.filter(project=project, code__iexact=code.strip()).first()


def interview_participant_list(*, interview: Interview) -> list[Stakeholder]:
    """Everyone who took part, by code: a focus group's participants, or the one person interviewed (also
    for an interview saved without participant rows, as an exchange import or an older script makes)."""
    rows = InterviewParticipant.objects.filter(interview=interview).select_related(
        "stakeholder__organisation"
    )
    people = sorted((row.stakeholder for row in rows), key=lambda person: person.code)
    return people or [interview.stakeholder]


def interview_get(*, project: Project, public_id: uuid.UUID | str) -> Interview:
    return get_object_or_404(
        Interview.objects.select_related("stakeholder", "stakeholder__organisation", "interviewer", "guide"),
        project=project,
        public_id=public_id,
    )


def transcript_get(*, interview: Interview) -> Transcript:
    return get_object_or_404(Transcript.objects.select_related("names_job"), interview=interview)


def redaction_list(*, transcript: Transcript, status: str = "") -> QuerySet[Redaction]:
    redactions = transcript.redactions.order_by("start")
    return redactions.filter(status=status) if status else redactions


def redaction_get(*, transcript: Transcript, pk: int) -> Redaction:
    return get_object_or_404(Redaction, transcript=transcript, pk=pk)


@dataclass(frozen=True)
class SectorProgress:
    sector: str
    label: str
    done: int
    planned: int
    target: int | None

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.target)) if self.target else 0


def interview_progress(*, project: Project) -> list[SectorProgress]:
    """Interviews done and still planned, by the interviewee's sector, beside the sampling target; a focus
    group counts once for each participant's sector."""
    done: Counter[str] = Counter()
    planned: Counter[str] = Counter()
    taking_part = InterviewParticipant.objects.filter(interview__project=project).values_list(
        "stakeholder__organisation__sector", "interview__status"
    )
    without_rows = Interview.objects.filter(project=project, participations__isnull=True).values_list(
        "stakeholder__organisation__sector", "status"
    )
    for sector, status in [*taking_part, *without_rows]:
        if status == InterviewStatus.DONE:
            done[sector or ""] += 1
        elif status == InterviewStatus.PLANNED:
            planned[sector or ""] += 1
    targets = dict(SamplingTarget.objects.filter(project=project).values_list("sector", "target"))
    return [
        SectorProgress(sector, str(label), done[sector], planned[sector], targets.get(sector))
        for sector, label in Sector.choices
    ]


def pending_redaction_count(*, transcript: Transcript) -> int:
    return transcript.redactions.filter(status=RedactionStatus.SUGGESTED).count()


def labelled_share(*, transcript: Transcript) -> int | None:
    """The percentage of the text under a speaker label read from the file, rounded down (but 1 when any
    is); headings, procedural lines and paragraphs without a label count against it. None without text."""
    length = F("end") - F("start")
    sums = transcript.turns.aggregate(total=Sum(length), labelled=Sum(length, filter=~Q(speaker="")))
    if not sums["total"]:
        return None
    labelled: int = sums["labelled"] or 0
    total: int = sums["total"]
    return max(100 * labelled // total, 1 if labelled else 0)
