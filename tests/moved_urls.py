"""A URL configuration where the statements' pages moved: exports must follow it."""

from django.urls import include, path

urlpatterns = [path("archive/", include("statements.urls"))]
