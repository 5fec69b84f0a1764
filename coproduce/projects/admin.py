from django.contrib import admin

from .models import Invitation, Membership, Project, ProjectPhase


class ProjectPhaseInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProjectPhase
    extra = 0
    fields = ["kind", "order", "planned_start", "planned_end", "actual_start", "actual_end"]


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "place", "retention_until", "created_at"]
    search_fields = ["title", "place"]
    readonly_fields = ["public_id", "created_by", "created_at", "updated_at"]
    inlines = [ProjectPhaseInline, MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "project", "role", "created_at"]
    list_filter = ["role", "project"]
    search_fields = ["user__email", "user__full_name", "project__title"]
    raw_id_fields = ["user", "project"]
    readonly_fields = ["public_id", "created_at", "updated_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["email", "project", "role", "status", "expires_at"]
    list_filter = ["role", "project"]
    search_fields = ["email", "project__title"]
    readonly_fields = [
        "public_id",
        "invited_by",
        "accepted_at",
        "accepted_by",
        "created_at",
        "updated_at",
    ]
    raw_id_fields = ["project"]
