from django.urls import path

from .views import audit, invitations, projects, team

app_name = "projects"
# Project-scoped pages live under p/<project_id>/ beside the other apps' pages.
urlpatterns = [
    path("projects/", projects.project_list, name="project_list"),
    path("projects/new/", projects.project_create, name="project_create"),
    path("projects/invitations/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path("p/<uuid:project_id>/settings/", projects.project_edit, name="project_edit"),
    path("p/<uuid:project_id>/phases/", projects.phase_edit, name="phase_edit"),
    path("p/<uuid:project_id>/team/", team.team, name="team"),
    path("p/<uuid:project_id>/team/invite/", team.invitation_create, name="invitation_create"),
    path(
        "p/<uuid:project_id>/team/invitations/<uuid:invitation_id>/withdraw/",
        team.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "p/<uuid:project_id>/team/<uuid:membership_id>/role/",
        team.membership_change_role,
        name="membership_change_role",
    ),
    path(
        "p/<uuid:project_id>/team/<uuid:membership_id>/remove/",
        team.membership_remove,
        name="membership_remove",
    ),
    path("p/<uuid:project_id>/audit/", audit.audit_list, name="audit_list"),
    path("p/<uuid:project_id>/audit/export/", audit.audit_export, name="audit_export"),
]
