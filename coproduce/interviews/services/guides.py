"""Topic guides: draft, publish (then fixed), and new versions copied from a published one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coproduce.accounts.models import User
from coproduce.core.models import fields_assign
from coproduce.core.services import audit_record
from coproduce.projects.models import Project

from ..models import TopicGuide, TopicQuestion


def _editable(guide: TopicGuide) -> None:
    if guide.is_published:
        raise ValidationError("A published topic guide cannot change. Make a new version instead.")


@transaction.atomic
def topic_guide_create(*, project: Project, by: User, title: str, introduction: str = "") -> TopicGuide:
    if TopicGuide.objects.filter(project=project, title=title).exists():
        raise ValidationError({"title": "There is already a topic guide with this title"})
    guide = TopicGuide.objects.create(project=project, title=title, introduction=introduction, created_by=by)
    audit_record(action="interviews.topic_guide.created", by=by, obj=guide, project_id=project.pk)
    return guide


@transaction.atomic
def topic_guide_update(
    *, guide: TopicGuide, by: User, introduction: str = "", version: str | None = None
) -> TopicGuide:
    """Set the guide's introduction; EditConflict if someone changed the guide since `version`."""
    _editable(guide)
    changed = fields_assign(guide, {"introduction": introduction}, version=version)
    guide.save()
    audit_record(
        action="interviews.topic_guide.updated",
        by=by,
        obj=guide,
        project_id=guide.project_id,
        changes={"fields": changed},
    )
    return guide


@transaction.atomic
def topic_guide_publish(*, guide: TopicGuide, by: User) -> TopicGuide:
    _editable(guide)
    if not guide.questions.exists():
        raise ValidationError("Add at least one question before publishing the guide")
    guide.published_at = timezone.now()
    guide.save(update_fields=["published_at", "updated_at"])
    audit_record(action="interviews.topic_guide.published", by=by, obj=guide, project_id=guide.project_id)
    return guide


@transaction.atomic
def topic_guide_new_version(*, guide: TopicGuide, by: User) -> TopicGuide:
    """A draft copy of a published guide with the next version number."""
    if not guide.is_published:
        raise ValidationError("This version is still a draft: change it directly")
    latest = (
        TopicGuide.objects.filter(project_id=guide.project_id, title=guide.title).order_by("-version").first()
    )
    if latest is not None and not latest.is_published:
        raise ValidationError("There is already a draft of this guide")
    draft = TopicGuide.objects.create(
        project_id=guide.project_id,
        title=guide.title,
        introduction=guide.introduction,
        version=(latest.version if latest else guide.version) + 1,
        created_by=by,
    )
    TopicQuestion.objects.bulk_create(
        TopicQuestion(guide=draft, order=q.order, text=q.text, probes=q.probes) for q in guide.questions.all()
    )
    audit_record(
        action="interviews.topic_guide.versioned",
        by=by,
        obj=draft,
        project_id=guide.project_id,
        changes={"from_version": guide.version},
    )
    return draft


@transaction.atomic
def topic_question_add(*, guide: TopicGuide, by: User, text: str, probes: str = "") -> TopicQuestion:
    _editable(guide)
    last = guide.questions.order_by("-order").values_list("order", flat=True).first() or 0
    question = TopicQuestion.objects.create(guide=guide, text=text, probes=probes, order=last + 1)
    audit_record(action="interviews.topic_question.added", by=by, obj=guide, project_id=guide.project_id)
    return question


@transaction.atomic
def topic_question_update(
    *, question: TopicQuestion, by: User, text: str, probes: str = "", version: str | None = None
) -> TopicQuestion:
    _editable(question.guide)
    changed = fields_assign(question, {"text": text, "probes": probes}, version=version)
    question.save()
    audit_record(
        action="interviews.topic_question.updated",
        by=by,
        obj=question.guide,
        project_id=question.guide.project_id,
        changes={"fields": changed, "question": question.order},
    )
    return question


@transaction.atomic
def topic_question_remove(*, question: TopicQuestion, by: User) -> None:
    guide = question.guide
    _editable(guide)
    question.delete()
    for order, remaining in enumerate(guide.questions.order_by("order", "id"), start=1):
        if remaining.order != order:
            remaining.order = order
            remaining.save(update_fields=["order"])
    audit_record(action="interviews.topic_question.removed", by=by, obj=guide, project_id=guide.project_id)
