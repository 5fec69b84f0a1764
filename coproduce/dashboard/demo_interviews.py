"""The demo project's interviews: a published topic guide, a schedule, and one pseudonymised transcript.

The transcript is invented for the demo; the people in it are the demo register's fictional people.
"""

import datetime as dt

from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.consent.models import ConsentScope
from coproduce.consent.selectors.status import consent_given_scopes
from coproduce.interviews.models import InterviewStatus
from coproduce.interviews.services.guides import topic_guide_create, topic_guide_publish, topic_question_add
from coproduce.interviews.services.interviews import interview_create, interview_record
from coproduce.interviews.services.names import names_look_now
from coproduce.interviews.services.transcripts import (
    redaction_decide,
    transcript_import,
    transcript_redaction_finish,
)
from coproduce.people.models import Stakeholder
from coproduce.projects.models import Project

QUESTIONS = [
    ("What does your organisation do for people affected by the council's cuts?", "Which services? Who for?"),
    ("Who do you work with across sectors, and how did that start?", "Council, NHS, funders, businesses?"),
    ("What has changed since the section 114 notice?", "Funding, referrals, relationships."),
    ("What would better cross-sector working look like here?", "Culture, day-to-day practice, strategy."),
]


def _transcript(person: Stakeholder) -> str:
    name = person.full_name
    return (
        "Interviewer: Thanks for making time. What does your organisation do?\n"
        f"{name}: We run a youth club and a food pantry. Since the cuts, referrals from early help doubled. "
        f"People can reach me on {person.email or 'our office line'}.\n"
        "Interviewer: Who do you work with across sectors?\n"
        f"{name}: The council's early help team, two churches and a local supermarket that gives us stock. "
        "The trust is built informally, over tea, not through contracts.\n"
        "Interviewer: What would better cross-sector working look like?\n"
        f"{name}: A shared plan for the ward, with small grants we decide on together, and someone at the "
        "council who answers the phone.\n"
    )


def demo_interviews_seed(*, project: Project, by: User, interviewer: User) -> None:
    guide = topic_guide_create(project=project, by=by, title="Working across sectors after the cuts")
    for text, probes in QUESTIONS:
        topic_question_add(guide=guide, by=by, text=text, probes=probes)
    topic_guide_publish(guide=guide, by=by)
    people = [
        p
        for p in Stakeholder.objects.filter(project=project).order_by("code")
        if ConsentScope.INTERVIEW in consent_given_scopes(stakeholder=p)
    ][:5]
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
    for n, person in enumerate(people):
        interview = interview_create(
            project=project,
            by=by,
            stakeholder=person,
            interviewer=interviewer,
            guide=guide,
            scheduled_for=start + dt.timedelta(days=7 * (n - 2)),
            mode=["in_person", "video", "phone"][n % 3],
        )
        if n < 2:
            interview_record(
                interview=interview, by=by, status=InterviewStatus.DONE, duration_minutes=50 + n * 5
            )
        if n == 0:
            transcript = transcript_import(
                interview=interview, by=by, data=_transcript(person).encode(), filename=f"{person.code}.txt"
            )
            names_look_now(transcript=transcript)
            for redaction in transcript.redactions.all():
                redaction_decide(redaction=redaction, by=by, accept=True)
            transcript_redaction_finish(transcript=transcript, by=by)
