"""The read-only JSON API (/api/v1/): the lists paged by cursor, one record, the hubs' counts,
and the description of it all (openapi.py), with a page for people (/api/).

The lists take the filters of their pages (the same FilterSets) and a wrong one is a 400
naming it, as the exports do; the records are those of the JSON export, written from the
same field declarations (exports/fields.py); only published records are ever read.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag, urlencode
from django.views.decorators.csrf import csrf_exempt

from diplomacy.routers import reading_the_replica

from .. import cursors
from ..exports import EXPORTS, json_records
from ..listing import COUNT_LIMIT, SEARCH_COUNT_LIMIT
from ..models import Country, Forum, Statement, Theme
from ..openapi import API_VERSION, PREFIX, RECORD_KEYS, description
from ..page_cache import kept_for_everyone
from .exports import site
from .hubs import (
    country_counts,
    country_records,
    forum_counts,
    forum_records,
    theme_counts,
    theme_records,
)

CONTENT_TYPE = "application/json; charset=utf-8"
# What a page of another origin may read of an answer.
EXPOSED = "ETag, Last-Modified, API-Version, Link"


def api_endpoint(view):
    """An endpoint of the API: GET and HEAD (OPTIONS for a browser's preflight), kept for
    everyone like the pages (page_cache.py) and read from the replica if there is one,
    readable from any origin, its version in every answer, its errors in JSON."""
    kept = reading_the_replica(kept_for_everyone(view))

    @csrf_exempt
    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = error(405, f"{request.method} is not allowed: this API is read only")
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            try:
                response = with_etag(request, kept(request, *args, **kwargs))
            except Http404 as not_found:
                response = error(404, str(not_found) or "There is no such record.")
        return with_api_headers(response)

    return answer


def with_etag(request, response):
    """An answer the page cache did not tag (it is off) is tagged by its body, so that a
    client may still revalidate."""
    if response.status_code != 200 or response.has_header("ETag"):
        return response
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["ETag"] = etag
    return get_conditional_response(request, etag, response=response) or response


def with_api_headers(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED
    response["API-Version"] = API_VERSION
    return response


def json_response(data, status=200):
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPE)


def error(status, message, errors=None):
    """An error as JSON: `message`, and for a 400 the parameters and their problems."""
    data = {"status": status, "message": message}
    if errors is not None:
        data["errors"] = [{"parameter": name, "problem": problem} for name, problem in errors]
    return json_response(data, status=status)


def not_found(request, exception=None):
    """A 404 for an address under /api/ that names nothing, in JSON."""
    return with_api_headers(error(404, f"There is nothing at {request.path}."))


def server_error(outage):
    """A 500 under /api/, or a 503 while the database is out of reach, in JSON."""
    if outage:
        message = "The database cannot be reached for the moment; try again shortly."
        return with_api_headers(error(503, message))
    return with_api_headers(error(500, "Something went wrong on our side; it has been logged."))


def record_list(request, list_name):
    spec = EXPORTS.get(list_name)
    if spec is None:
        raise Http404(f"There is no list called {list_name}.")
    data = request.GET.copy()
    limit_text, cursor_text = data.pop("limit", [None])[-1], data.pop("cursor", [None])[-1]
    filterset = spec.filterset_class(data, queryset=spec.model.objects.published())
    filterset.page_parameters = set()  # the API pages by cursor, not by page number
    problems = filterset.notices()
    try:
        limit = cursors.requested_limit(limit_text)
    except ValueError as wrong:
        problems.append(("limit", str(wrong)))
    sort = filterset.sort_key()
    position, backwards = None, False
    if cursor_text is not None:
        try:
            position, backwards = cursors.decode(cursor_text, sort)
        except cursors.BadCursor as wrong:
            problems.append(("cursor", str(wrong)))
    if problems:
        return error(400, "Some parameters are wrong; nothing was read.", problems)
    page = cursors.read(filterset, limit, position, backwards)
    limit_of_count = SEARCH_COUNT_LIMIT if filterset.search_query else COUNT_LIMIT
    count = filterset.count_up_to(limit_of_count)
    base = site(request)

    def link(position, backwards):
        if position is None:
            return None
        cursor = cursors.encode(sort, position, backwards)
        pairs = [*sorted(data.lists()), ("limit", [str(limit)]), ("cursor", [cursor])]
        return f"{base}{request.path}?{urlencode(pairs, doseq=True)}"

    following, preceding = link(page.last, False), link(page.first, True)
    about = {
        "list": list_name,
        "url": request.build_absolute_uri(),
        "license": settings.DATA_LICENCE,
        "count": {"value": limit_of_count if count is None else count, "exact": count is not None},
        "limit": limit,
        "next": following,
        "previous": preceding,
    }
    # The records are JSON already, as the export writes them: set into the page as they are.
    results = ",\n".join(json_records(spec, page.ids, base))
    body = json.dumps(about, ensure_ascii=False)[:-1] + f', "results": [\n{results}\n]}}\n'
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    links = [(following, "next"), (preceding, "prev")]
    if links := [f'<{url}>; rel="{rel}"' for url, rel in links if url]:
        response["Link"] = ", ".join(links)
    return response


def record_detail(request, list_name, key):
    spec = EXPORTS[list_name]
    field, _ = RECORD_KEYS[list_name]
    found = spec.model.objects.published().filter(**{"pk" if field == "id" else field: key})
    pk = found.values_list("pk", flat=True).first()
    if pk is None:
        raise Http404(f"There is no published {spec.model._meta.verbose_name} {key}.")
    [record] = json_records(spec, [pk], site(request))
    return HttpResponse(record, content_type=CONTENT_TYPE)


def named(base, record, noun):
    """A forum or theme a hub counts, with its count of `noun`."""
    data = {"slug": record.slug, "name": record.name, "url": base + record.get_absolute_url()}
    return {**data, noun: record.count}


def country_named(base, country, noun):
    data = {"code": country.code, "name": country.name, "url": base + country.get_absolute_url()}
    return {**data, noun: country.count}


def years(counts):
    return [
        {"year": year, "statements": said, "agreements": signed} for year, said, signed in counts
    ]


def list_address(request, list_name, **filters):
    address = reverse("statements:api_list", args=[list_name])
    return request.build_absolute_uri(f"{address}?{urlencode(filters)}")


def country_hub(request, code):
    if not re.fullmatch(r"[A-Za-z]{2}", code):
        raise Http404("Country codes are two letters.")
    country = get_object_or_404(Country, code=code.upper())
    counts = country_counts(country, *country_records(country))
    base = site(request)
    return json_response(
        {
            "code": country.code,
            "name": country.name,
            "url": base + country.get_absolute_url(),
            "statements_by_forum": [
                named(base, forum, "statements") for forum in counts["by_forum"]
            ],
            "statements_by_theme": [
                named(base, theme, "statements") for theme in counts["by_theme"]
            ],
            "agreement_partners": [
                country_named(base, partner, "agreements") for partner in counts["partners"]
            ],
            "years": years(counts["years"]),
            "statements": list_address(request, "statements", country=country.code),
            "agreements": list_address(request, "agreements", country=country.code),
        }
    )


def forum_hub(request, slug):
    forum = get_object_or_404(Forum.objects.published(), slug=slug)
    counts = forum_counts(forum, *forum_records(forum))
    return json_response(
        {
            **hub_record(request, forum),
            "acronym": forum.acronym,
            **by_country_and_year(site(request), counts),
            "statements": list_address(request, "statements", forum=forum.slug),
            "events": list_address(request, "events", forum=forum.slug),
        }
    )


def theme_hub(request, slug):
    theme = get_object_or_404(Theme.objects.published(), slug=slug)
    counts = theme_counts(theme, *theme_records(theme))
    return json_response(
        {
            **hub_record(request, theme),
            **by_country_and_year(site(request), counts),
            "statements": list_address(request, "statements", theme=theme.slug),
            "agreements": list_address(request, "agreements", theme=theme.slug),
        }
    )


def hub_record(request, record):
    return {
        "slug": record.slug,
        "name": record.name,
        "url": site(request) + record.get_absolute_url(),
    }


def by_country_and_year(base, counts):
    return {
        "statements_by_country": [
            country_named(base, country, "statements") for country in counts["by_country"]
        ],
        "years": years(counts["years"]),
    }


def openapi(request):
    return json_response(description(site(request)))


def documentation(request):
    base = site(request)
    described = description(base)
    endpoints = [
        (path, operation["get"]["summary"]) for path, operation in described["paths"].items()
    ]
    lists = [
        {
            "name": name,
            "parameters": [
                {**found, "values": values_of(found["schema"])}
                for found in described["paths"][f"{PREFIX}/{name}/"]["get"]["parameters"]
            ],
        }
        for name in EXPORTS
    ]
    context = {"base": base, "endpoints": endpoints, "lists": lists, "examples": examples()}
    return render(request, "statements/api.html", context)


def values_of(schema):
    """A parameter's values, in words."""
    many = schema.get("type") == "array"
    item = schema["items"] if many else schema
    if "enum" in item:
        words = ", ".join(str(value) for value in item["enum"])
        words = (
            f"one of {words}" if len(item["enum"]) <= 12 else f"one of {len(item['enum'])} codes"
        )
    elif "pattern" in item:
        words = f"text matching {item['pattern']}"
    elif item.get("type") == "integer":
        words = f"a whole number from {item['minimum']} to {item['maximum']}"
    else:
        words = "text"
    if "default" in item:
        words += f"; {item['default']} when not given"
    return f"{words}; repeatable" if many else words


def examples():
    """Requests that show what the API answers, from the published records at hand."""
    found = [
        Example(f"{PREFIX}/statements/?limit=2", "the two newest statements"),
        Example(f"{PREFIX}/statements/?sort=title&limit=2", "the first two by title"),
        Example(f"{PREFIX}/agreements/?limit=2", "the two newest agreements"),
        Example(f"{PREFIX}/statements/?country=ZZ", "a wrong filter: 400, naming it"),
    ]
    statement = Statement.objects.published().newest_first().select_related("country").first()
    if statement is not None:
        found.append(Example(f"{PREFIX}/statements/{statement.pk}/", "one statement"))
        if statement.country_id:
            code = statement.country_id
            found += [
                Example(f"{PREFIX}/statements/?country={code}&limit=2", f"statements of {code}"),
                Example(f"{PREFIX}/countries/{code}/", f"the counts of {code}'s hub"),
            ]
    theme = Theme.objects.published().order_by("name").first()
    if theme is not None:
        found.append(Example(f"{PREFIX}/themes/{theme.slug}/", "the counts of a theme's hub"))
    return found


@dataclass
class Example:
    path: str
    about: str
