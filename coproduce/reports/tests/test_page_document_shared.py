"""The report page kept in Redis is shared by every process: one builds it, another shows it, and after an
edit each shows the new report (a second Python process, as another web process would)."""

import secrets
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from coproduce.accounts.models import User
from coproduce.core.tests.local_redis import redis_answers
from coproduce.core.tests.other_process import other_process
from coproduce.projects.models import Project
from coproduce.reports.document import Document
from coproduce.reports.services import report_section_save

REDIS = "redis://127.0.0.1:6379/8"


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not redis_answers(), reason="needs Redis at 127.0.0.1:6379"),
]


def _redis(prefix: str) -> dict[str, Any]:
    backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}
    return {"default": {**backend, "OPTIONS": settings.REDIS_CACHE_OPTIONS, "KEY_PREFIX": prefix}}


def _view(project: Project, user: User) -> str:
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    response = client.get(reverse("reports:report_page", kwargs={"project_id": project.public_id}))
    assert response.status_code == 200
    return response.content.decode()


def view_here(*, project_id: int, user_id: int, prefix: str) -> dict[str, Any]:
    """In a new process using the same Redis: whether it built the report, and its summary's words."""
    built: list[Document] = []
    number = Document.number

    def counted(self: Document) -> Document:
        built.append(self)
        return number(self)

    Document.number = counted  # type: ignore[method-assign]  # in a process that ends after this call
    with override_settings(CACHES=_redis(prefix)):
        page = _view(Project.objects.get(pk=project_id), User.objects.get(pk=user_id))
    return {"built": bool(built), "first": "We pooled small grants." in page, "then": "We pool all." in page}


def test_every_process_shows_the_report_one_kept_and_the_new_one_after_an_edit(
    project, lead, tmp_path, monkeypatch
):
    prefix = f"test-{secrets.token_hex(4)}"
    with override_settings(CACHES=_redis(prefix)):
        try:
            _two_processes(project, lead, tmp_path, monkeypatch, prefix)
        finally:
            latest = f"reports.page.latest:{project.pk}"
            cache.delete_many([cache.get(latest), latest])


def _two_processes(project, lead, tmp_path, monkeypatch, prefix: str) -> None:
    # Given the report page viewed in this process, which kept it in Redis
    report_section_save(project=project, by=lead, key="summary", body="We pooled small grants.")
    args = {"project_id": project.pk, "user_id": lead.pk, "prefix": prefix}
    assert "We pooled small grants." in _view(project, lead)
    # When another process views it
    seen = other_process(f"{__name__}:view_here", tmp_path, **args)
    # Then it shows the report kept here without building it
    assert seen == {"built": False, "first": True, "then": False}
    # When the summary is edited here and the other process views the page again
    report_section_save(project=project, by=lead, key="summary", body="We pool all.")
    seen = other_process(f"{__name__}:view_here", tmp_path, **args)
    # Then it builds and shows the new report, and this process shows the one it kept
    assert seen == {"built": True, "first": False, "then": True}
    built: list[Document] = []
    monkeypatch.setattr(Document, "number", lambda self: built.append(self))
    assert "We pool all." in _view(project, lead)
    assert built == []
