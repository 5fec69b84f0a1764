"""Personal endorsement links, no account needed; mounted at /e/."""

from django.urls import URLPattern, path

from .views import public

app_name = "endorsement_public"
urlpatterns: list[URLPattern] = [
    path("<str:token>/", public.endorsement_open, name="endorsement_open"),
    path("<str:token>/done/", public.endorsement_done, name="endorsement_done"),
    path("<str:token>/language/", public.endorsement_language, name="endorsement_language"),
]
