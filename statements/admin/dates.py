"""The date fields of the desk: EDTF typed as the source says it, and how it will read.

The form shows under each date how the page will say it. With JavaScript, the words follow
the typing (date-words.js asks `date_in_words`); without it, they show the value the form was
given, so a date typed and saved with "Save and continue editing" is read back at once.
"""

from django import forms
from django.http import JsonResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from ..dates import When


def reading_of(value):
    """How a typed date will read on the page, or what is wrong with it."""
    if not value:
        return ""
    try:
        return f"Reads: {When.parse(value)}"
    except ValueError as error:
        return f"Not yet a date: {error}"


class DateInput(forms.TextInput):
    """A text input for an EDTF date, with how it will read beneath it."""

    class Media:
        js = ["js/date-words.js"]

    def __init__(self, attrs=None):
        super().__init__({"size": 24, "autocomplete": "off", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-words-url"] = reverse("date_in_words")
        return context

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        input_id = (attrs or {}).get("id", f"id_{name}")
        return with_output(field, input_id, "words", "date-words", reading_of(value))


def with_output(field, input_id, suffix, css_class, text=""):
    """A field and, beneath it, an <output> (id: the field's, then `suffix`) that a script
    fills as the field changes, and screen readers read out."""
    return format_html(
        '{}<output class="{} help" id="{}_{}" for="{}" aria-live="polite">{}</output>',
        field,
        css_class,
        input_id,
        suffix,
        input_id,
        text,
    )


class DateInputs:
    """For a model admin or inline: each EDTF date of its model gets a DateInput."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in getattr(self.model, "edtf_dates", ()):
            kwargs["widget"] = DateInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@require_GET
def date_in_words(request):
    """{"words": "Reads: probably April 2025"} for ?value=2025-04?"""
    return JsonResponse({"words": reading_of(request.GET.get("value", "").strip()[:40])})
