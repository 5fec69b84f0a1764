"""The report's sections that describe the work done: the local context and the method, from live data."""

from collections import Counter

from django.template.loader import render_to_string

from coproduce.context.charts import bar_chart, format_number
from coproduce.context.selectors.dossier import budget_totals_by_year, timeline_event_list
from coproduce.core.small_counts import public_count, too_few
from coproduce.evidence.prisma import PrismaCounts, prisma_counts, prisma_diagram, prisma_summary
from coproduce.interviews.models import Interview, InterviewStatus
from coproduce.people.sectors import Sector
from coproduce.projects.models import Project
from coproduce.workshops.models import Participant, ParticipantSector
from coproduce.workshops.selectors.held import HELD, workshops_held

from ..document import Audience, Block, Figure, Heading, Paragraph, Table

NOT_RECORDED = "Not recorded"


def context_blocks(*, project: Project) -> list[Block]:
    blocks: list[Block] = []
    totals = budget_totals_by_year(project=project)
    if totals:
        chart = bar_chart(
            chart_id="report-savings",
            title="Savings and cuts by financial year",
            description="Total of the budget lines recorded as savings or cuts, for each financial year.",
            items=[(total.label, total.saving) for total in totals],
            money=True,
        )
        svg = render_to_string("reports/bar_chart.svg", {"chart": chart})
        blocks.append(Figure("Savings and cuts by financial year", svg, chart.description))
        rows = [[t.label, format_number(t.saving, money=True)] for t in totals]
        blocks.append(
            Table("Savings and cuts by financial year", ["Year", "Savings and cuts"], rows, numeric=(1,))
        )
    events = list(timeline_event_list(project=project))
    if events:
        rows = [[f"{e.happened_on:%d %B %Y}", e.title] for e in events]
        blocks.append(Table("Timeline of local events", ["Date", "What happened"], rows, shape="timeline"))
    return blocks


def _prisma_figure(project: Project, counts: PrismaCounts) -> Figure:
    context = {"diagram": prisma_diagram(counts), "project": project, "standalone": False}
    svg = render_to_string("evidence/_prisma_svg.html", context).replace('width="100%"', "")
    return Figure("PRISMA 2020 flow diagram of the rapid evidence review", svg, prisma_summary(counts))


def interviews_by_sector(*, project: Project) -> Counter[str]:
    rows = Interview.objects.filter(project=project, status=InterviewStatus.DONE).values_list(
        "stakeholder__organisation__sector", flat=True
    )
    return Counter(row or "" for row in rows)


def participants_by_sector(*, project: Project) -> Counter[str]:
    """The participants of the workshops held, by sector."""
    held = Participant.objects.filter(workshop__project=project, workshop__status__in=HELD)
    return Counter(held.values_list("sector", flat=True))


def _sector_table(caption: str, counts: Counter[str], labels: list[tuple[str, str]], what: str) -> Table:
    rows = [[label, str(counts[value])] for value, label in labels if counts[value]]
    rows.append(["Total", str(sum(counts.values()))])
    return Table(caption, ["Sector", what], rows, numeric=(1,))


def _participants_total(participants: Counter[str], public: bool) -> str:
    """ "42"; in public, "at least 38" when the sectors too few to count would show in it (the total less
    the sectors shown), or "fewer than 5" when it is itself too few."""
    total = sum(participants.values())
    hidden = sum(n for n in participants.values() if too_few(n))
    if not public or not too_few(hidden):
        return str(total)
    return public_count(total) if too_few(total) else f"at least {total - hidden + 1}"


def _participants_table(participants: Counter[str], public: bool) -> Table:
    """The workshops' participants by sector; in public a sector of too few people reads "fewer than 5"."""
    show = public_count if public else str
    labels = ParticipantSector.choices
    rows = [[label, show(participants[value])] for value, label in labels if participants[value]]
    rows.append(["Total", _participants_total(participants, public)])
    return Table(
        "Participants in the workshops held, by sector", ["Sector", "Participants"], rows, numeric=(1,)
    )


def method_blocks(*, project: Project, audience: Audience = Audience.PUBLIC) -> list[Block]:
    """How the evidence was gathered; in public, the workshops' participants of a sector too few to count
    are not counted (`core/small_counts.py`)."""
    public = audience == Audience.PUBLIC
    counts = prisma_counts(project=project)
    interviews = interviews_by_sector(project=project)
    participants = participants_by_sector(project=project)
    workshops = workshops_held(project=project).count()
    were = "s were" if workshops != 1 else " was"
    summary = (
        f"The review identified {counts.identified:,} records and removed {counts.duplicates:,} duplicates. "
        f"{counts.screened:,} were screened on title and abstract and {counts.included:,} were included. "
        f"{sum(interviews.values())} interviews were held with people from "
        f"{len([s for s in interviews if s])} sectors. {workshops} workshop{were} "
        f"held, with {_participants_total(participants, public)} participants."
    )
    interview_labels = [*Sector.choices, ("", NOT_RECORDED)]
    return [
        Paragraph(summary),
        Heading("The rapid evidence review"),
        _prisma_figure(project, counts),
        Heading("Interviews"),
        _sector_table("Interviews held, by sector", interviews, interview_labels, "Interviews"),
        Heading("Workshops"),
        _participants_table(participants, public),
    ]
