"""Project pages of the workshops app, mounted at p/<project_id>/workshops/."""

from django.urls import URLPattern, path

app_name = "workshops"
urlpatterns: list[URLPattern] = [
    # --- planning: series, workshops, agenda, invitations, attendance ---
    # --- running live: facilitator, projector, moderation, clusters, note-taker ---
    # --- results and exports ---
]
