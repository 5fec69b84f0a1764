"""Background work, mounted at p/<project_id>/jobs/."""

from django.urls import URLPattern, path

from . import views

app_name = "jobs"
urlpatterns: list[URLPattern] = [
    path("", views.job_list_page, name="job_list"),
    path("mail/", views.mail_outbox, name="mail_outbox"),
    path("<uuid:job_id>/", views.job_detail, name="job_detail"),
    path("<uuid:job_id>/download/", views.job_download, name="job_download"),
    path("<uuid:job_id>/retry/", views.job_retry, name="job_retry"),
]
