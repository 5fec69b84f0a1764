"""Site admin pages that only show project data.

Project data, people, consent, teams and roles change only through the services, which check the rules
and write the project's audit trail. The site admin pages (/site-admin/) therefore show such rows but never
add, change or delete them: a site admin who wants to change a team joins it through the project's pages.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest


class ReadOnlyAdminMixin:
    """Refuse adding, changing and deleting on a ModelAdmin or an inline; viewing stays allowed."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class ReadOnlyModelAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """A ModelAdmin that lists and shows rows but never writes them."""


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):  # type: ignore[type-arg]
    """An inline that shows related rows but never writes them."""
