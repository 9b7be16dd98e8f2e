from django.contrib import admin
from django.urls import include, path

from statements.admin.imports import import_page
from statements.admin.review import review_queue

urlpatterns = [
    path("admin/review/", admin.site.admin_view(review_queue), name="review_queue"),
    path("admin/import/", admin.site.admin_view(import_page), name="import_records"),
    path("admin/", admin.site.urls),
    path("", include("statements.urls")),
]
