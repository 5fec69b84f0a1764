"""Personal-link pages for ranking the candidate priority areas, no account needed; mounted at /r/."""

from django.urls import path

from .views import ranking

app_name = "priority_public"
urlpatterns = [
    path("<str:token>/", ranking.ranking_open, name="ranking_open"),
    path("<str:token>/done/", ranking.ranking_done, name="ranking_done"),
    path("<str:token>/language/", ranking.ranking_language, name="ranking_language"),
]
