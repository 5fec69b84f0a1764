"""CPU time for 300 phones loading a pairwise activity's results after the reveal: stored versus worked out.

Run: .venv/bin/python bench/pairwise_reveal.py [--phones 300] [--options 12] [--choices 10] [--sample 20].
It builds a throwaway SQLite database in a temporary folder, a live workshop with `--phones` participants
and a pairwise activity of `--options` options, and has each participant make `--choices` choices (the
winner drawn from a hidden order of strengths). The facilitator then closes and reveals the activity
through the services; the task runs at once (the test settings' immediate backend), so the scores are
worked out and stored once. Every phone then loads its page (Django's test client, the participant's
cookie), and the CPU time of those loads is printed.

Before results were stored, each phone's page worked the scores out itself (options and choices read, then
`pairwise_scores` with its 200-round bootstrap). That work is timed in the same run on `--sample` phones
(it takes about a second each) and scaled to all phones, and added to the page loads for today's figure.
"""

import argparse
import atexit
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_FOLDER = tempfile.mkdtemp(prefix="coproduce-bench-")
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
os.environ["DATABASE_URL"] = f"sqlite:///{_FOLDER}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402


def _world(phones: int, options: int, choices: int):
    from coproduce.accounts.models import User
    from coproduce.projects.models import Project
    from coproduce.workshops.models import (
        Activity,
        ActivityKind,
        ActivityState,
        PairwiseOption,
        PairwiseVote,
        Participant,
        Workshop,
        WorkshopSeries,
        WorkshopStatus,
    )

    lead = User.objects.create_user(email="lead@example.invalid")
    project = Project.objects.create(title="Bench project")
    series = WorkshopSeries.objects.create(project=project, title="Bench series")
    workshop = Workshop.objects.create(
        series=series, project=project, title="Bench workshop", status=WorkshopStatus.LIVE,
        starts_at=django.utils.timezone.now(),
    )  # fmt: skip
    activity = Activity.objects.create(
        workshop=workshop, kind=ActivityKind.PAIRWISE, title="Which matters more?", state=ActivityState.OPEN
    )
    made = [PairwiseOption(activity=activity, text=f"Option {n + 1}", order=n) for n in range(options)]
    rows = PairwiseOption.objects.bulk_create(made)
    people = Participant.objects.bulk_create(
        Participant(workshop=workshop, number=n + 1, sector="resident") for n in range(phones)
    )
    rng = random.Random(0)
    strength = {o.pk: rng.lognormvariate(0, 1) for o in rows}
    votes = []
    for person in people:
        for _ in range(choices):
            a, b = rng.sample(rows, 2)
            a_wins = rng.random() < strength[a.pk] / (strength[a.pk] + strength[b.pk])
            winner, loser = (a, b) if a_wins else (b, a)
            votes.append(PairwiseVote(activity=activity, participant=person, winner=winner, loser=loser))
    PairwiseVote.objects.bulk_create(votes)
    return lead, workshop, activity, people


def _today(activity) -> None:
    """What each phone's page did before results were stored (selectors.results.pairwise_result)."""
    from coproduce.workshops.models import PairwiseOption, PairwiseVote
    from coproduce.workshops.pairwise import pairwise_scores

    options = list(PairwiseOption.objects.filter(activity=activity))
    votes = PairwiseVote.objects.filter(activity=activity).order_by("id").values_list("winner_id", "loser_id")
    pairwise_scores(options=[o.pk for o in options], votes=list(votes))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--options", type=int, default=12)
    parser.add_argument("--choices", type=int, default=10, help="choices per participant")
    parser.add_argument("--sample", type=int, default=20, help="phones timed working the scores out")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    logging.getLogger("django.tasks").setLevel(logging.WARNING)

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from coproduce.workshops.identity import participant_cookie_name, participant_token
    from coproduce.workshops.models import ResultSnapshot
    from coproduce.workshops.services.running import activity_close, activity_reveal

    lead, workshop, activity, people = _world(args.phones, args.options, args.choices)
    print(f"{args.phones} phones, {args.options} options, {args.phones * args.choices} choices")

    start = time.process_time()
    activity_close(activity=activity, by=lead)
    activity_reveal(activity=activity, by=lead)
    once = time.process_time() - start
    stored = ResultSnapshot.objects.get(activity=activity)
    assert stored.is_ready, "the immediate task backend should have stored the scores"
    print(f"close and reveal, the scores worked out and stored once: {once:.2f} s CPU")

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    url = reverse("workshops_public:take_part", kwargs={"join_code": workshop.join_code})
    cookie = participant_cookie_name(workshop=workshop)
    clients = []
    for person in people:
        client = Client()
        client.cookies[cookie] = participant_token(participant=person)
        clients.append(client)
    start = time.process_time()
    for client in clients:
        page = client.get(url).content.decode()
        assert "chance, out of 100" in page, "each phone should show the stored scores"
    loads = time.process_time() - start
    print(f"{args.phones} phones load the results, read as stored: {loads:.2f} s CPU")

    sample = min(args.sample, args.phones)
    start = time.process_time()
    for _ in range(sample):
        _today(activity)
    each = (time.process_time() - start) / sample
    today = loads + each * args.phones
    print(
        f"{args.phones} phones load the results, each working them out as before: {today:.1f} s CPU "
        f"(the page loads above + {each:.2f} s per phone, timed on {sample} phones)"
    )
    print(f"stored results take {loads / today:.1%} of the CPU time ({today / loads:.0f} times less)")


if __name__ == "__main__":
    main()
