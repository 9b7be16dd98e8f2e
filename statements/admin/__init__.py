"""The editing desk: one admin per record (records), the draft → review → published workflow
and stale-save protection they share (curated), and the reviewers' queue (review)."""

from . import records  # noqa: F401  registers the admins
