"""Likely duplicates of a statement: the same speaker, the same date, a similar title.

The desk says so twice: on the form, before saving, as the curator fills the speaker, the
date and the title (duplicates.js asks `likely_duplicates`), and after saving, as a message,
for a form saved without JavaScript. Both ask `statements_like`.
"""

import difflib

from django import forms
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from ..models import Statement
from .dates import with_output

SIMILAR_TITLES = 0.8
# The most statements of one speaker on one day that are compared: a speaker does not say
# hundreds of things in a day, and the hint must answer as the curator types.
COMPARED = 50


def similar_titles(one, other):
    return difflib.SequenceMatcher(None, one.lower(), other.lower()).ratio() >= SIMILAR_TITLES


def statements_like(speaker_id, date, title, exclude=None):
    """Statements by the speaker on the date (as written) whose titles are like `title`."""
    if not (speaker_id and date and title):
        return []
    same_day = Statement.objects.filter(speaker_id=speaker_id, date=date).exclude(pk=exclude)
    return [other for other in same_day[:COMPARED] if similar_titles(other.title, title)]


@require_GET
def likely_duplicates(request):
    """{"duplicates": [{"title", "date", "status", "url"}]} for ?speaker=…&date=…&title=…
    (and &exclude=, the statement being changed)."""
    numbers = {name: request.GET.get(name, "") for name in ("speaker", "exclude")}
    speaker, exclude = (int(value) if value.isdigit() else None for value in numbers.values())
    date = request.GET.get("date", "").strip()[:40]
    title = request.GET.get("title", "").strip()[:500]
    found = statements_like(speaker, date, title, exclude)
    return JsonResponse(
        {
            "duplicates": [
                {
                    "title": statement.title,
                    "date": statement.date,
                    "status": statement.get_status_display(),
                    "url": reverse("admin:statements_statement_change", args=[statement.pk]),
                }
                for statement in found[:3]
            ]
        }
    )


class TitleInput(forms.TextInput):
    """A statement's title, with a place beneath it where likely duplicates are named as the
    form is filled."""

    class Media:
        js = ["js/duplicates.js"]

    def __init__(self, attrs=None, exclude=None):
        super().__init__({"class": "vTextField", **(attrs or {})})
        self.exclude = exclude

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-duplicates-url"] = reverse("likely_duplicates")
        if self.exclude:
            context["widget"]["attrs"]["data-exclude"] = str(self.exclude)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        input_id = (attrs or {}).get("id", f"id_{name}")
        return with_output(field, input_id, "duplicates", "duplicates")
