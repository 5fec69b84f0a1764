"""Pages for participants, no account needed, mounted at /w/: joining by code, taking part, replying."""

from django.urls import URLPattern, path

app_name = "workshops_public"
urlpatterns: list[URLPattern] = [
    # --- joining and taking part ---
    # --- invitation replies (personal links) ---
]
