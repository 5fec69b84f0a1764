"""Projects, teams and invitations on the site admin pages: shown, never changed there.

Teams change on the project's Team page (`projects.services.team`), which keeps a lead on every project and
writes the project's audit trail.
"""

from django.contrib import admin

from coproduce.core.admin import ReadOnlyModelAdmin, ReadOnlyTabularInline

from .models import Invitation, Membership, Project, ProjectPhase


class ProjectPhaseInline(ReadOnlyTabularInline):
    model = ProjectPhase
    extra = 0
    fields = ["kind", "order", "planned_start", "planned_end", "actual_start", "actual_end"]


class MembershipInline(ReadOnlyTabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyModelAdmin):
    list_display = ["title", "place", "retention_until", "created_at"]
    search_fields = ["title", "place"]
    inlines = [ProjectPhaseInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "project", "role", "created_at"]
    list_filter = ["role", "project"]
    search_fields = ["user__email", "user__full_name", "project__title"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyModelAdmin):
    list_display = ["email", "project", "role", "status", "expires_at"]
    list_filter = ["role", "project"]
    search_fields = ["email", "project__title"]
