"""Personal-link pages for participants, no account needed; mounted at /c/."""

from django.urls import path

from .views import public

app_name = "consent_public"
urlpatterns = [
    # Before the token routes, which would otherwise match "withdrawn" as a token.
    path("withdrawn/", public.withdrawal_done, name="withdrawal_done"),
    path("<str:token>/", public.personal_link_open, name="personal_link_open"),
    path("<str:token>/done/", public.personal_link_done, name="personal_link_done"),
    path("<str:token>/withdraw/", public.personal_link_withdraw, name="personal_link_withdraw"),
    path("<str:token>/language/", public.personal_link_language, name="personal_link_language"),
]
