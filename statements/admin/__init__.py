"""The editing desk: one admin per record (records), the draft → review → published workflow
and stale-save protection they share (curated), and the reviewers' queue (review)."""

from django.contrib import admin

from . import records  # noqa: F401  registers the admins
from .review import index_with_summary

# The home page of the desk says what awaits review and which drafts are the user's.
admin.site.index = index_with_summary
admin.site.index_template = "admin/statements/desk_index.html"
