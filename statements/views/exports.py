"""CSV and JSON downloads of a list (the same FilterSet and order as the page, every row), and
of the statements and agreements as citations (CSL-JSON, BibTeX, RIS); and their
documentation: the data page and the Data Package."""

import json

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render

from .. import citations
from ..exports import EXPORTS, csv_file, file_name, json_chunks
from ..exports.datapackage import datapackage
from ..exports.format import FORMULA_STARTS, SEPARATOR
from ..exports.kinds import SHAPES
from ..exports.writers import records
from ..releases import published_releases

CHARACTER_NAMES = {"\t": "a tab", "\r": "a carriage return"}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
# The lists whose records are also exported as citations (see citations.FORMATS).
CITED = {"statements", "agreements"}


def site(request):
    """The scheme and host the request came to: what permanent URLs in exports start with."""
    return f"{request.scheme}://{request.get_host()}"


def export(request, list_name, extension):
    cited = list_name in CITED and extension in citations.FORMATS
    if list_name not in EXPORTS or not (cited or extension in CONTENT_TYPES):
        raise Http404
    spec = EXPORTS[list_name]
    model = spec.filterset_class._meta.model
    filterset = spec.filterset_class(request.GET, queryset=model.objects.published())
    # Filters are checked before the response starts: once it streams, it cannot become a 400.
    if notices := filterset.notices():
        return bad_request(notices, extension)
    base = site(request)
    prepare = citations.citable if cited else spec.prepare
    parts = [prepare(part) for part in filterset.parts()]
    # The database is reached before the response starts: once the file streams, an outage
    # can no longer be answered 503 (checking a kept connection costs one round trip).
    with connection.cursor():
        pass
    if request.method == "HEAD":
        body = iter(())  # the headers of the file, without reading its rows
    elif cited:
        body = citations.file_chunks(records(parts), base, extension)
    elif extension == "csv":
        body = csv_file(parts, spec.columns(base))
    else:
        about = {
            "list": list_name,
            "url": request.build_absolute_uri(),
            "license": settings.DATA_LICENCE,
        }
        body = json_chunks(parts, spec.keys(base), about)
    content_type = citations.FORMATS[extension].content_type if cited else CONTENT_TYPES[extension]
    response = StreamingHttpResponse(body, content_type=content_type)
    name = file_name(list_name, filterset, extension)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def bad_request(notices, extension):
    if extension == "json":
        errors = [{"parameter": name, "problem": message} for name, message in notices]
        return HttpResponse(
            json.dumps({"errors": errors}, ensure_ascii=False),
            status=400,
            content_type=CONTENT_TYPES["json"],
        )
    lines = ["No file was made: some filters are wrong."]
    lines += [f"{name}: {message}" for name, message in notices]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def data(request):
    base = site(request)
    exports = [
        {"spec": spec, "columns": spec.columns(base), "keys": spec.keys(base)}
        for spec in EXPORTS.values()
    ]
    context = {
        "exports": exports,
        "shapes": SHAPES,
        "separator": SEPARATOR,
        "formula_starts": [CHARACTER_NAMES.get(start, start) for start in FORMULA_STARTS],
        "releases": published_releases(),
    }
    return render(request, "statements/data.html", context)


def data_package(request):
    descriptor = datapackage(EXPORTS, site(request))
    return JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
