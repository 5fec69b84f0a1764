"""One project with a member of every role and one of everything a URL can point at."""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from coproduce.accounts.models import User
from coproduce.accounts.tests.factories import UserFactory
from coproduce.analysis.models import ExchangeImport, Memo
from coproduce.analysis.selectors.ranking import ranking_token
from coproduce.analysis.services.codebook import code_create
from coproduce.analysis.services.codings import coding_create
from coproduce.analysis.services.priorities import (
    priority_candidate_save,
    priority_criteria_default,
    priority_score_set,
)
from coproduce.analysis.services.ranking import priority_ranking_invite
from coproduce.analysis.services.themes import quote_add, theme_create
from coproduce.consent.models import ConsentKind, ConsentMethod, ConsentScope
from coproduce.consent.selectors import personal_link_token
from coproduce.consent.services.events import consent_record
from coproduce.consent.tests.factories import ConsentFormFactory, PersonalLinkFactory
from coproduce.context.tests.factories import (
    AreaDatasetFactory,
    AreaValueFactory,
    BudgetLineFactory,
    TimelineEventFactory,
)
from coproduce.evidence.models import Criterion, CriterionKind, Decision, DualScreeningSetting, FullText
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import (
    DuplicateCandidateFactory,
    PendingImportFactory,
    ReferenceFactory,
    SearchFactory,
)
from coproduce.extraction.models import FieldKind
from coproduce.extraction.services.forms import (
    TEMPLATE_GOOD_PRACTICE,
    extraction_field_create,
    extraction_form_create,
)
from coproduce.extraction.services.records import extraction_save
from coproduce.frameworks.services.evidence import evidence_link_add
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.interviews.models import (
    Interview,
    Redaction,
    TopicGuide,
    TopicQuestion,
    Transcript,
    TranscriptTurn,
)
from coproduce.jobs.models import Job, JobStatus
from coproduce.people.tests.factories import OrganisationFactory, StakeholderFactory
from coproduce.projects.permissions import ProjectRole
from coproduce.projects.tests.factories import InvitationFactory, MembershipFactory, ProjectFactory
from coproduce.recommendations.selectors.endorsement import endorsement_token
from coproduce.recommendations.services.endorsement import endorsement_round_open
from coproduce.recommendations.services.progress import milestone_add, progress_record
from coproduce.recommendations.services.recommendations import (
    recommendation_create,
    recommendation_evidence_add,
    recommendation_publish,
)
from coproduce.reports.models import Publication
from coproduce.workshops.identity import invitation_token
from coproduce.workshops.models import (
    Activity,
    ActivityKind,
    ActivityState,
    Card,
    Cluster,
    Invitation,
    PairwiseOption,
    Participant,
    ParticipantSector,
    Statement,
    Workshop,
    WorkshopSeries,
    WorkshopStatus,
)


def url_routes() -> dict[str, str]:
    """Every named URL (namespace:name) with its full route."""
    routes: dict[str, str] = {}

    def walk(resolver: URLResolver, namespace: str, prefix: str) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                if item.namespace == "admin":
                    continue
                inner = f"{namespace}{item.namespace}:" if item.namespace else namespace
                walk(item, inner, prefix + str(item.pattern))
            elif isinstance(item, URLPattern) and item.name:
                routes[f"{namespace}{item.name}"] = prefix + str(item.pattern)

    walk(get_resolver(), "", "")
    return routes


@dataclass
class World:
    users: dict[str, User]
    values: dict[str, Any]
    tokens: dict[str, str] = field(default_factory=dict)

    def kwargs_for(self, name: str) -> dict[str, Any]:
        route = url_routes()[name]
        kwargs = {}
        for kwarg in re.findall(r"<(?:\w+:)?(\w+)>", route):
            if kwarg == "token":
                kwargs[kwarg] = self.tokens[name.split(":")[0]]
            else:
                kwargs[kwarg] = self.values[kwarg]
        return kwargs


def build_world() -> World:
    project = ProjectFactory()
    users = {role.value: MembershipFactory(project=project, role=role).user for role in ProjectRole}
    users["outsider"] = MembershipFactory(role=ProjectRole.LEAD).user
    users["site_admin_outsider"] = UserFactory(is_staff=True)
    organisation = OrganisationFactory(project=project)
    person = StakeholderFactory(project=project, organisation=organisation, code="P01")
    form = ConsentFormFactory(project=project)
    link = PersonalLinkFactory(stakeholder=person, form=form)
    invitation = InvitationFactory(project=project)
    other_member = MembershipFactory(project=project, role=ProjectRole.RESEARCHER)
    reset_user = users["observer"]
    search = SearchFactory(project=project)
    reference = ReferenceFactory(project=project)
    candidate = DuplicateCandidateFactory(project=project, first=reference)
    pending = PendingImportFactory(project=project, search=search, mapping={"title": "Title", "year": "Year"})
    criterion = Criterion.objects.create(
        project=project, kind=CriterionKind.EXCLUDE, label="Not about a council"
    )
    conflict, included = _dual_screening_records(project, screeners=[other_member.user, UserFactory()])
    dataset = AreaValueFactory(dataset=AreaDatasetFactory(project=project)).dataset
    event = TimelineEventFactory(project=project)
    budget_line = BudgetLineFactory(project=project)
    extraction_form, question, case = _extraction(project, included, users["lead"])
    interview, guide, redaction = _interview(project, person)
    code, coding = _coding(interview.transcript, users["lead"])
    theme, quote, priority_criterion, area = _priorities(code, coding, users["lead"])
    live = _workshops(project, person, area)
    framework, element, evidence_link = _framework(area, theme, users["lead"])
    recommendation, endorsement_round, milestone = _recommendations(element, person, users["lead"])
    return World(
        users=users,
        values={
            "project_id": project.public_id,
            "code": person.code,
            "organisation_id": organisation.public_id,
            "form_id": form.public_id,
            "invitation_id": invitation.public_id,
            "membership_id": other_member.public_id,
            "kind": "people",
            "uidb64": urlsafe_base64_encode(force_bytes(reset_user.pk)),
            "pk": reference.pk,
            "search_id": search.public_id,
            "candidate_id": candidate.pk,
            "pending_id": pending.public_id,
            "criterion_id": criterion.pk,
            "event_id": event.public_id,
            "line_id": budget_line.public_id,
            "dataset_id": dataset.public_id,
            "reference_id": conflict.pk,
            "record_id": included.pk,
            "extraction_form_id": extraction_form.public_id,
            "question_id": question.pk,
            "case_id": case.public_id,
            "interview_id": interview.public_id,
            "guide_id": guide.public_id,
            "topic_question_id": guide.questions.get().pk,
            "redaction_id": redaction.pk,
            "turn_id": interview.transcript.turns.get().pk,
            "code_id": code.public_id,
            "theme_id": theme.public_id,
            "quote_id": quote.pk,
            "priority_criterion_id": priority_criterion.pk,
            "area_id": area.public_id,
            "coding_id": coding.pk,
            "memo_id": Memo.objects.filter(code=code).get().public_id,
            **live.values,
            "framework_id": framework.public_id,
            "element_id": element.public_id,
            "link_id": evidence_link.pk,
            "recommendation_id": recommendation.public_id,
            "round_id": endorsement_round.public_id,
            "milestone_id": milestone.public_id,
            "update_id": recommendation.updates.get().pk,
            "recommendation_link_id": recommendation.evidence_links.get().pk,
            "section_key": "summary",
            "slug": Publication.objects.create(
                project=project, slug="early-help", is_published=True, trace_csv="Path,Recommendation\r\n"
            ).slug,
            "job_id": _finished_job(project, users["lead"]).public_id,
            "import_id": _finished_exchange_import(project, users["lead"]).public_id,
        },
        tokens={
            "projects": invitation.token,
            "consent_public": personal_link_token(link=link),
            "accounts": default_token_generator.make_token(reset_user),
            "evidence": "import-progress-0123456789",
            "priority_public": _ranking_token(project, person, users["lead"]),
            "workshops_public": live.invitation_token,
            "endorsement_public": endorsement_token(invite=endorsement_round.invites.get()),
        },
    )


def _finished_job(project: Any, by: User) -> Job:
    """A report build the lead asked for, done, with its file."""
    job = Job.objects.create(
        project=project, kind="reports.pdf", label="The report as PDF", need="view_project",
        task_path="coproduce.reports.tasks.report_pdf_build", status=JobStatus.SUCCEEDED, created_by=by,
        result_name="report.pdf", result_type="application/pdf",
    )  # fmt: skip
    job.result_file.save("report.pdf", ContentFile(b"%PDF-1.4\n"))
    return job


def _finished_exchange_import(project: Any, by: User) -> ExchangeImport:
    """A REFI-QDA codebook the lead imported, with its report."""
    report = {"kind": "codebook", "codes_created": ["Trust"], "codes_existing": [], "warnings": []}
    return ExchangeImport.objects.create(
        project=project, filename="book.qdc", expires_at=timezone.now(), imported_at=timezone.now(),
        report=report, created_by=by,
    )  # fmt: skip


def _dual_screening_records(project: Any, *, screeners: list[User]) -> tuple[Any, Any]:
    """Every record screened by two people: one they disagree on, one both include (with its full text)."""
    DualScreeningSetting.objects.create(project=project, share_percent=100, seed=1)
    conflict, included = ReferenceFactory(project=project), ReferenceFactory(project=project)
    for screener, decision in zip(screeners, [Decision.INCLUDE, Decision.MAYBE], strict=True):
        reference_screen(reference=conflict, decision=decision, by=screener)
        reference_screen(reference=included, decision=Decision.INCLUDE, by=screener)
    FullText.objects.create(reference=included, file=ContentFile(b"%PDF-1.4\n", name="paper.pdf"))
    return conflict, included


def _extraction(project: Any, included: Any, by: User) -> tuple[Any, Any, Any]:
    """The good-practice form, one question nobody has answered, and the included record as a case study."""
    form = extraction_form_create(
        project=project, by=by, name="Good practice", template=TEMPLATE_GOOD_PRACTICE
    )
    question = extraction_field_create(form=form, by=by, label="Anything else", kind=FieldKind.TEXT)
    case = extraction_save(
        reference=included, form=form, by=by, values={"authority": "Brookvale Council"},
        is_case_study=True, case_title="Brookvale's family hubs",
    )  # fmt: skip
    return form, question, case


def _interview(project: Any, person: Any) -> tuple[Any, Any, Any]:
    """A draft topic guide with a question; an interview with a pseudonymised transcript and a suggestion."""
    guide = TopicGuide.objects.create(project=project, title="Working across sectors")
    TopicQuestion.objects.create(guide=guide, order=1, text="Who do you work with most?")
    interview = Interview.objects.create(
        project=project, stakeholder=person, guide=None, scheduled_for=timezone.now(), status="done"
    )
    text = "Interviewer: Who do you work with?\n\nThe food bank on Hill Street."
    transcript = Transcript.objects.create(
        interview=interview,
        filename="p01.txt",
        format="txt",
        original_text=text,
        text=text,
        redaction_done_at=timezone.now(),
    )
    TranscriptTurn.objects.create(
        transcript=transcript,
        order=1,
        speaker="P01",
        start=36,
        end=len(text),
        original_start=36,
        original_end=len(text),
    )
    redaction = Redaction.objects.create(  # kept: a pseudonymised transcript has every suggestion decided
        transcript=transcript,
        start=53,
        end=64,
        original="Hill Street",
        replacement="[street]",
        kind="address",
        status="rejected",
    )
    return interview, guide, redaction


def _coding(transcript: Any, by: User) -> tuple[Any, Any]:
    """A code with a sub-code and a memo, and one coding of the participant's words."""
    code = code_create(project=transcript.interview.project, by=by, name="Trust", level="cultural")
    code_create(project=code.project, by=by, name="Informal trust", parent=code)
    coding = coding_create(transcript=transcript, code=code, by=by, start=36, end=50)
    Memo.objects.create(project=code.project, code=code, text="Trust comes up with faith groups.", author=by)
    return code, coding


def _priorities(code: Any, coding: Any, by: User) -> tuple[Any, Any, Any, Any]:
    """A theme with a quote; the suggested criteria; a candidate area from the theme, scored once."""
    theme = theme_create(project=code.project, by=by, name="Relationships first", codes=[code])
    quote = quote_add(theme=theme, coding=coding, by=by)
    criteria = priority_criteria_default(project=code.project, by=by)
    candidate = priority_candidate_save(project=code.project, by=by, title="Early help", themes=[theme])
    priority_score_set(candidate=candidate, criterion=criteria[0], by=by, score=4)
    return theme, quote, criteria[0], candidate


def _ranking_token(project: Any, person: Any, by: User) -> str:
    """A personal ranking link for the register's person (who may be contacted again)."""
    consent_record(
        stakeholder=person,
        form=None,
        scopes=[ConsentScope.RECONTACT],
        kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER,
        by=by,
    )
    priority_candidate_save(project=project, by=by, title="Youth services")
    invite = priority_ranking_invite(project=project, by=by, people=[person])[0]
    return ranking_token(invite=invite)


def _framework(area: Any, theme: Any, by: User) -> tuple[Any, Any, Any]:
    """A framework for the area with one element linked to the theme."""
    framework = framework_create(project=area.project, by=by, title="Early help together", area=area)
    element = element_create(framework=framework, by=by, title="Trust first", level="cultural")
    link = evidence_link_add(element=element, by=by, kind="theme", target=theme)
    return framework, element, link


def _recommendations(element: Any, person: Any, by: User) -> tuple[Any, Any, Any]:
    """A published recommendation with a milestone, and a draft out in an open endorsement round."""
    project = element.framework.project
    published = recommendation_create(project=project, by=by, action="Pool small grants", elements=[element])
    recommendation_publish(recommendation=published, by=by)
    recommendation_evidence_add(
        recommendation=published, by=by, kind="reference", target=ReferenceFactory(project=project)
    )
    milestone = milestone_add(recommendation=published, by=by, title="First grants paid")
    progress_record(recommendation=published, by=by, progress="in_progress", note="Fund agreed in March")
    recommendation_create(project=project, by=by, action="Share one referral form")
    consent_record(
        stakeholder=person, form=None, scopes=[ConsentScope.RECONTACT], kind=ConsentKind.GIVEN,
        method=ConsentMethod.PAPER, by=by,
    )  # fmt: skip
    endorsement_round = endorsement_round_open(
        project=project, by=by, title="Round 1", people=[person], link_for=lambda invite: "https://example.org/",
        closes_at=timezone.now() + datetime.timedelta(days=7),
    )  # fmt: skip
    return published, endorsement_round, milestone


@dataclass
class WorkshopWorld:
    values: dict[str, Any]
    invitation_token: str


def _workshops(project: Any, person: Any, area: Any) -> WorkshopWorld:
    """A live workshop in a series on the area, one activity of each kind, a participant and an invitation.

    URL kwargs: `activity_id` is the idea board (with a card in a cluster); `vote_activity_id` dot voting,
    `statements_activity_id` statements (with `statement_id`) and `pairwise_activity_id` pairwise (with
    `option_id`).
    """
    series = WorkshopSeries.objects.create(project=project, area=area, title="Early help together")
    workshop = Workshop.objects.create(
        project=project,
        series=series,
        title="Workshop 1",
        starts_at=timezone.now(),
        status=WorkshopStatus.LIVE,
    )
    board, votes, statements, pairwise = (
        Activity.objects.create(
            workshop=workshop, kind=kind, title=kind.label, order=n, state=ActivityState.OPEN
        )
        for n, kind in enumerate(ActivityKind)
    )
    participant = Participant.objects.create(workshop=workshop, sector=ParticipantSector.VCFSE, number=1)
    cluster = Cluster.objects.create(activity=board, title="Shared front door")
    card = Card.objects.create(
        activity=board, participant=participant, column="Cultural", text="One referral form", cluster=cluster
    )
    statement = Statement.objects.create(activity=statements, number=0, text="Funders should pool grants")
    option = PairwiseOption.objects.create(activity=pairwise, text="A shared referral form")
    PairwiseOption.objects.create(activity=pairwise, text="Joint training")
    invitation = Invitation.objects.create(workshop=workshop, stakeholder=person)
    return WorkshopWorld(
        values={
            "series_id": series.public_id,
            "workshop_id": workshop.public_id,
            "join_code": workshop.join_code,
            "activity_id": board.public_id,
            "vote_activity_id": votes.public_id,
            "statements_activity_id": statements.public_id,
            "pairwise_activity_id": pairwise.public_id,
            "participant_id": participant.public_id,
            "card_id": card.public_id,
            "cluster_id": cluster.public_id,
            "statement_id": statement.public_id,
            "option_id": option.public_id,
            "workshop_invitation_id": invitation.public_id,
        },
        invitation_token=invitation_token(invitation=invitation),
    )
