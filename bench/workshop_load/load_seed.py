"""Seed the load benchmark's data; run by load_votes.py in a subprocess with the server's environment.

    DJANGO_SETTINGS_MODULE=... DATABASE_URL=... python bench/workshop_load/load_seed.py --statements 30

Creates, through the ORM: a team member (lead) with a signed-in session for the projector, a project, a
series, a live workshop and an open statements activity with N seed statements. Prints one JSON line. The
mixed load's seed (bench/mixed_load/mixed_seed.py) makes its sessions and workshops with the same helpers.
"""

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from coproduce.accounts.models import User  # noqa: E402
from coproduce.projects.models import Membership, Project  # noqa: E402
from coproduce.projects.permissions import ProjectRole  # noqa: E402
from coproduce.workshops.models import (  # noqa: E402
    Activity,
    ActivityKind,
    ActivityState,
    Statement,
    StatementStatus,
    Workshop,
    WorkshopSeries,
    WorkshopStatus,
)

BACKEND = "django.contrib.auth.backends.ModelBackend"


def session_for(user: User) -> str:
    """The key of a signed-in database session for `user`, as a browser's cookie holds it."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


def live_workshop_add(*, project: Project, series: WorkshopSeries, title: str) -> Workshop:
    return Workshop.objects.create(
        project=project,
        series=series,
        title=title,
        starts_at=timezone.now() - dt.timedelta(minutes=5),
        status=WorkshopStatus.LIVE,
    )


def statements_open(*, workshop: Workshop, count: int) -> tuple[Activity, list[Statement]]:
    """An open statements activity with `count` seed statements, accepted."""
    activity = Activity.objects.create(
        workshop=workshop,
        kind=ActivityKind.STATEMENTS,
        title="Agree or disagree",
        prompt="Do you agree?",
        state=ActivityState.OPEN,
        opened_at=timezone.now(),
        allow_participant_statements=False,
    )
    statements = Statement.objects.bulk_create(
        Statement(
            activity=activity,
            number=n,
            text=f"Statement {n}: services should share one referral form",
            is_seed=True,
            status=StatementStatus.ACCEPTED,
        )
        for n in range(1, count + 1)
    )
    return activity, statements


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--statements", type=int, default=30)
    parser.add_argument("--hint", type=int, default=300, help="participants expected (for the title only)")
    parser.add_argument(
        "--email", default="projector@example.org", help="the team member's (one per database)"
    )
    args = parser.parse_args()
    user = User.objects.create_user(args.email, None, full_name="Projector Screen")
    project = Project.objects.create(title="Load test: early help together", created_by=user)
    Membership.objects.create(project=project, user=user, role=ProjectRole.LEAD)
    series = WorkshopSeries.objects.create(project=project, title="Early help")
    workshop = live_workshop_add(project=project, series=series, title=f"Load test with {args.hint} people")
    activity, statements = statements_open(workshop=workshop, count=args.statements)
    seeded = {
        "project_id": str(project.public_id),
        "workshop_id": str(workshop.public_id),
        "join_code": workshop.join_code,
        "activity_id": str(activity.public_id),
        "statements": [[s.number, str(s.public_id)] for s in statements],
        "session_key": session_for(user),
    }
    print(json.dumps(seeded))


if __name__ == "__main__":
    main()
