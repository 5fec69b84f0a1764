from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from coproduce.jobs import views as jobs_views

# The admin's pages name the product, not "Django administration".
admin.site.site_header = lazy(lambda: f"{settings.SITE_NAME} site admin", str)()
admin.site.site_title = lazy(lambda: settings.SITE_NAME, str)()

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="projects:project_list", permanent=False), name="home"),
    path("accounts/", include("coproduce.accounts.urls")),
    path("", include("coproduce.projects.urls")),
    path("p/<uuid:project_id>/", include("coproduce.dashboard.urls")),
    path("p/<uuid:project_id>/people/", include("coproduce.people.urls")),
    path("p/<uuid:project_id>/consent/", include("coproduce.consent.urls")),
    path("p/<uuid:project_id>/evidence/", include("coproduce.evidence.urls")),
    path("p/<uuid:project_id>/context/", include("coproduce.context.urls")),
    path("p/<uuid:project_id>/extraction/", include("coproduce.extraction.urls")),
    path("p/<uuid:project_id>/interviews/", include("coproduce.interviews.urls")),
    path("p/<uuid:project_id>/analysis/", include("coproduce.analysis.urls")),
    path("p/<uuid:project_id>/workshops/", include("coproduce.workshops.urls")),
    path("p/<uuid:project_id>/frameworks/", include("coproduce.frameworks.urls")),
    path("p/<uuid:project_id>/recommendations/", include("coproduce.recommendations.urls")),
    path("p/<uuid:project_id>/report/", include("coproduce.reports.urls")),
    path("p/<uuid:project_id>/jobs/", include("coproduce.jobs.urls")),
    path("c/", include("coproduce.consent.public_urls")),
    path("r/", include("coproduce.analysis.public_urls")),
    path("w/", include("coproduce.workshops.public_urls")),
    path("e/", include("coproduce.recommendations.public_urls")),
    path("pub/", include("coproduce.reports.public_urls")),
    path("language/", include("django.conf.urls.i18n")),
    path("mail-outbox/", jobs_views.mail_outbox_all, name="mail_outbox_all"),
    path("site-admin/", admin.site.urls),
]
