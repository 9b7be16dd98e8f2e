"""Wikidata in the actor form: look a name up, choose a candidate, and the form's Wikidata id,
original-script name and other names are filled for the curator to check and save.

With JavaScript, wikidata.js asks `wikidata_lookup` for JSON and lists the candidates beneath
the Wikidata id, each with a button that fills the form. Without it, the link beside the id
opens the same look-up as a page of its own, whose candidates' ids the curator copies.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from .. import wikidata
from .dates import with_output

UNREACHABLE = (
    "Wikidata cannot be reached just now, so no candidates are shown. Type the Wikidata id "
    "by hand (Q followed by digits), or try again later."
)


@require_GET
def wikidata_lookup(request):
    """The Wikidata items a name (?name=) may stand for, with their labels in the language of
    the actor's original name (?original_name_language=): JSON for the form's script, else a
    page."""
    name = request.GET.get("name", "").strip()
    language = request.GET.get("original_name_language", "").strip()[:3]
    notice = ""
    try:
        found = wikidata.candidates(name, language)
    except wikidata.Unreachable:
        found, notice = [], UNREACHABLE
    if request.GET.get("format") == "json":
        items = [item.as_json(language) for item in found]
        return JsonResponse({"candidates": items, "notice": notice})
    context = {
        **admin.site.each_context(request),
        "title": "Look a name up on Wikidata",
        "name": name,
        "language": language,
        "candidates": [item.as_json(language) for item in found],
        "notice": notice,
        "searched": bool(name),
    }
    return TemplateResponse(request, "admin/statements/wikidata_lookup.html", context)


class WikidataInput(forms.TextInput):
    """The Wikidata id, with a link that looks the actor's name up and a place beneath it
    where the candidates are listed."""

    class Media:
        js = ["js/wikidata.js"]

    def __init__(self, attrs=None, name="", language=""):
        super().__init__(attrs)
        self.looked_up = {"name": name, "original_name_language": language}

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        url = reverse("wikidata_lookup")
        link = format_html(
            ' <a class="wikidata-lookup" href="{}?{}" target="_blank" data-lookup-url="{}">'
            "Look the name up on Wikidata</a>",
            url,
            urlencode(self.looked_up),
            url,
        )
        input_id = (attrs or {}).get("id", f"id_{name}")
        return with_output(field + link, input_id, "candidates", "wikidata-candidates")
