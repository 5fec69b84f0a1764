"""Seed the mixed load benchmark; run by mixed_load.py in a subprocess with the server's environment.

    DJANGO_SETTINGS_MODULE=... DATABASE_URL=... python bench/mixed_load/mixed_seed.py --researchers 30

Through the ORM: the report benchmark's large project (bench/report/report_project.py: 10,000 records,
100 transcripts with 20,000 codings, frameworks, 40 recommendations, themes), with speaker turns for its
transcripts, half of its records back in the screening queue and the screening features stored (as the
import does once committed), the report's sections written, N researchers with signed-in database
sessions, and W live workshops each with an open statements activity (20 statements) and an open idea
board; the sessions, workshops and statements are made as the workshop load's seed makes them
(bench/workshop_load/load_seed.py). Prints one JSON line.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from bench.report.report_project import build_project  # noqa: E402
from bench.workshop_load.load_seed import live_workshop_add, session_for, statements_open  # noqa: E402
from coproduce.accounts.models import User  # noqa: E402
from coproduce.analysis.models import Code  # noqa: E402
from coproduce.evidence.features import features_warm  # noqa: E402
from coproduce.evidence.models import ScreeningDecision  # noqa: E402
from coproduce.interviews.models import SpeakerRole, Transcript, TranscriptTurn  # noqa: E402
from coproduce.projects.models import Membership, Project  # noqa: E402
from coproduce.projects.permissions import ProjectRole  # noqa: E402
from coproduce.recommendations.models import Recommendation  # noqa: E402
from coproduce.reports.models import SectionKey  # noqa: E402
from coproduce.reports.services import report_section_save  # noqa: E402
from coproduce.workshops.models import Activity, ActivityKind, ActivityState, WorkshopSeries  # noqa: E402

TURN_WORDS = 60


def turns_add() -> None:
    """Speaker turns of about 60 words over each transcript's text, as an import would cut them."""
    rows: list[TranscriptTurn] = []
    for transcript in Transcript.objects.only("id", "text"):
        text, order, start = transcript.text, 0, 0
        while start < len(text):
            end = start
            for _ in range(TURN_WORDS):
                space = text.find(" ", end + 1)
                end = len(text) if space < 0 else space
                if space < 0:
                    break
            order += 1
            role = SpeakerRole.INTERVIEWER if order % 2 else SpeakerRole.PARTICIPANT
            span = {"start": start, "end": end, "original_start": start, "original_end": end}
            rows.append(TranscriptTurn(transcript=transcript, order=order, speaker="S", role=role, **span))
            start = end + 1
    TranscriptTurn.objects.bulk_create(rows, batch_size=5000)


def screening_reopen(project: Project) -> None:
    """Half of the excluded records go back to the queue, so that the screening page ranks what is left."""
    excluded = ScreeningDecision.objects.filter(reference__project=project, decision="exclude")
    ids = list(excluded.order_by("id").values_list("id", flat=True)[::2])
    ScreeningDecision.objects.filter(id__in=ids).delete()
    features_warm(project_id=project.pk)


def workshop_add(project: Project, series: WorkshopSeries, number: int) -> dict[str, object]:
    workshop = live_workshop_add(project=project, series=series, title=f"Live workshop {number}")
    talk, statements = statements_open(workshop=workshop, count=20)
    board = Activity.objects.create(
        workshop=workshop,
        kind=ActivityKind.IDEA_BOARD,
        title="Ideas for early help",
        state=ActivityState.OPEN,
        opened_at=timezone.now(),
    )
    return {
        "workshop_id": str(workshop.public_id),
        "join_code": workshop.join_code,
        "activity_id": str(talk.public_id),
        "board_id": str(board.public_id),
        "columns": list(board.columns or []),
        "statements": [str(s.public_id) for s in statements],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--researchers", type=int, default=30)
    parser.add_argument("--workshops", type=int, default=5)
    args = parser.parse_args()
    built = build_project()
    project, lead = built.project, built.lead
    turns_add()
    screening_reopen(project)
    for key in SectionKey.values:
        report_section_save(project=project, by=lead, key=key, body=f"Our {key} in a few words.")
    researchers = User.objects.bulk_create(
        User(email=f"researcher{n:02}@example.org", full_name=f"Researcher {n:02}")
        for n in range(1, args.researchers + 1)
    )
    Membership.objects.bulk_create(
        Membership(project=project, user=user, role=ProjectRole.RESEARCHER) for user in researchers
    )
    series = WorkshopSeries.objects.create(project=project, title="Live series")
    interviews = list(
        Transcript.objects.filter(interview__project=project).values_list("interview__public_id", flat=True)
    )
    seeded = {
        "project_id": str(project.public_id),
        "framework_id": str(built.framework.public_id),
        "recommendations": [
            str(r) for r in Recommendation.objects.filter(project=project).values_list("public_id", flat=True)
        ],
        "interviews": [str(i) for i in interviews],
        "turns": list(
            TranscriptTurn.objects.filter(transcript__interview__public_id=interviews[0])
            .order_by("order")
            .values_list("start", "end")
        ),
        "codes": [str(c) for c in Code.objects.filter(project=project).values_list("public_id", flat=True)],
        "lead_session": session_for(lead),
        "researcher_sessions": [session_for(user) for user in researchers],
        "workshops": [workshop_add(project, series, n) for n in range(1, args.workshops + 1)],
        "summary": built.summary,
    }
    print(json.dumps(seeded))


if __name__ == "__main__":
    main()
