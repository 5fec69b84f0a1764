"""A statements activity as a ZIP in the layout of Pol.is's openData exports
(github.com/compdemocracy/openData), so tools made for Pol.is data (and bench/opinion/) can read it:

- comments.csv: timestamp, datetime, comment-id, author-id, agrees, disagrees, moderated, comment-body
  (newest first; moderated 1 shown, 0 waiting, -1 moderated out; author-id 0 for the team's seed statements,
  as Pol.is gives the conversation's owner);
- votes.csv: timestamp, datetime, comment-id, voter-id, vote (1 agree, -1 disagree, 0 pass; each
  participant's current vote, timestamps in milliseconds);
- participants-votes.csv: participant, group-id (from the analysis; blank when not placed), n-comments,
  n-votes, n-agree, n-disagree, then one column per comment-id;
- summary.csv: topic, url, views, voters, voters-in-conv, commenters, comments, groups,
  conversation-description.

Ids are participant numbers and statement numbers. The files are written by `coproduce.core.spreadsheets`, so
a statement starting with "=" cannot run as a spreadsheet formula.
"""

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from coproduce.accounts.models import User
from coproduce.core.downloads import Download
from coproduce.core.services import audit_record
from coproduce.core.spreadsheets import Cell, csv_bytes

from ..models import Activity, Statement, StatementStatus, StatementVote
from ..selectors.opinion import StatementsResult, statements_analyse
from ..selectors.results import statements_result

COMMENTS = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
]
VOTES = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
PARTICIPANTS = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
MODERATED = {StatementStatus.ACCEPTED: 1, StatementStatus.PENDING: 0, StatementStatus.REJECTED: -1}
ZIP = "application/zip"


def _ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _when(moment: dt.datetime) -> str:
    """Pol.is's datetime column ("Mon Jul 17 16:10:15 WIB 2017"), here in UTC."""
    utc = moment.astimezone(dt.UTC)
    return f"{utc:%a %b %d %H:%M:%S} UTC {utc:%Y}"


def _csv(rows: Sequence[Sequence[Cell]]) -> bytes:
    """Plain UTF-8 with Unix line endings, as Pol.is writes them."""
    return csv_bytes(rows, bom=False, lineterminator="\n")


def comments_rows(statements: list[Statement], votes: list[StatementVote]) -> list[list[Cell]]:
    agrees: dict[int, int] = {}
    disagrees: dict[int, int] = {}
    for vote in votes:
        table = agrees if vote.value == 1 else disagrees if vote.value == -1 else None
        if table is not None:
            table[vote.statement_id] = table.get(vote.statement_id, 0) + 1
    ordered = sorted(statements, key=lambda s: (s.created_at, s.number), reverse=True)
    return [
        [
            _ms(s.created_at), _when(s.created_at), s.number, s.author.number if s.author else 0,
            agrees.get(s.pk, 0), disagrees.get(s.pk, 0), MODERATED[StatementStatus(s.status)],
            s.text,
        ]
        for s in ordered
    ]  # fmt: skip


def votes_rows(votes: list[StatementVote]) -> list[list[Cell]]:
    ordered = sorted(votes, key=lambda v: (v.statement.number, v.participant.number))
    return [
        [_ms(v.updated_at), _when(v.updated_at), v.statement.number, v.participant.number, v.value]
        for v in ordered
    ]


def participants_rows(
    result: StatementsResult, statements: list[Statement], votes: list[StatementVote]
) -> tuple[list[str], list[list[Cell]]]:
    numbers = sorted(s.number for s in statements)
    groups = {int(p.participant): p.group for p in result.analysis.placements}
    authored: dict[int, int] = {}
    for s in statements:
        if s.author:
            authored[s.author.number] = authored.get(s.author.number, 0) + 1
    cast: dict[int, dict[int, int]] = {}
    for v in votes:
        cast.setdefault(v.participant.number, {})[v.statement.number] = v.value
    rows: list[list[Cell]] = []
    for person in sorted(set(cast) | set(authored)):
        mine = cast.get(person, {})
        values = list(mine.values())
        rows.append([
            person, groups.get(person, ""), authored.get(person, 0), len(values),
            values.count(1), values.count(-1), *(mine.get(n, "") for n in numbers),
        ])  # fmt: skip
    return [*PARTICIPANTS, *(str(n) for n in numbers)], rows


def summary_rows(
    result: StatementsResult, statements: list[Statement], votes: list[StatementVote], url: str
) -> list[list[Cell]]:
    activity = result.activity
    voters = {v.participant_id for v in votes}
    return [
        ["topic", activity.title],
        ["url", url],
        ["views", activity.workshop.participants.count()],
        ["voters", len(voters)],
        ["voters-in-conv", len(voters)],
        ["commenters", len({s.author_id for s in statements if s.author_id})],
        ["comments", len(statements)],
        ["groups", result.analysis.k],
        ["conversation-description", activity.prompt],
    ]


def polis_zip(*, result: StatementsResult, url: str = "") -> bytes:
    """The four openData files of `result`'s activity, zipped."""
    activity = result.activity
    statements = list(Statement.objects.filter(activity=activity).select_related("author"))
    votes = list(
        StatementVote.objects.filter(statement__activity=activity).select_related("statement", "participant")
    )
    headings, participants = participants_rows(result, statements, votes)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("comments.csv", _csv([COMMENTS, *comments_rows(statements, votes)]))
        archive.writestr("votes.csv", _csv([VOTES, *votes_rows(votes)]))
        archive.writestr("participants-votes.csv", _csv([headings, *participants]))
        archive.writestr("summary.csv", _csv(summary_rows(result, statements, votes, url)))
    return out.getvalue()


@transaction.atomic
def statements_export_polis(*, activity: Activity, by: User, url: str = "") -> Download:
    """The Pol.is-layout ZIP of a statements activity, with an audit row."""
    stored = statements_result(activity=activity).statements  # as stored; worked out here only if none is
    content = polis_zip(result=stored or statements_analyse(activity=activity), url=url)
    workshop = activity.workshop
    audit_record(
        action="workshops.statements.exported", by=by, obj=activity, project_id=workshop.project_id,
        changes={"format": "polis"},
    )  # fmt: skip
    stem = slugify(f"{workshop.title} {activity.title}")[:60] or "statements"
    return Download(
        filename=f"{stem}-polis-{timezone.localdate():%Y-%m-%d}.zip", content_type=ZIP, content=content
    )
