from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from statements.admin.dates import date_in_words
from statements.admin.duplicates import likely_duplicates
from statements.admin.imports import import_job, import_page
from statements.admin.review import review_queue
from statements.admin.sources import kept_copy
from statements.admin.wikidata import wikidata_lookup

from .views import health

urlpatterns = [
    path("health/", health, name="health"),
    path(f"{settings.ADMIN_PATH}review/", admin.site.admin_view(review_queue), name="review_queue"),
    path(
        f"{settings.ADMIN_PATH}import/", admin.site.admin_view(import_page), name="import_records"
    ),
    path(
        f"{settings.ADMIN_PATH}import/<uuid:job_id>/",
        admin.site.admin_view(import_job),
        name="import_job",
    ),
    path(
        f"{settings.ADMIN_PATH}date-in-words/",
        admin.site.admin_view(date_in_words),
        name="date_in_words",
    ),
    path(
        f"{settings.ADMIN_PATH}likely-duplicates/",
        admin.site.admin_view(likely_duplicates),
        name="likely_duplicates",
    ),
    path(
        f"{settings.ADMIN_PATH}wikidata/",
        admin.site.admin_view(wikidata_lookup),
        name="wikidata_lookup",
    ),
    path(
        f"{settings.ADMIN_PATH}kept-copy/<int:pk>/",
        admin.site.admin_view(kept_copy),
        name="kept_copy",
    ),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("", include("statements.urls")),
]

handler404 = "diplomacy.views.not_found"
handler500 = "diplomacy.views.server_error"
