"""Public pages computed once per change, not once per visitor.

A public page is the same for every reader, so its response is kept in Django's cache under
its URL and the data's generation (`DataGeneration`), which moves in the same transaction as
any change to what the public sees (derived.py), and with the time the kept counts were last
refreshed (counts.py). A reader reads the generation (one query), then the page under it: a
change that commits makes every kept page stale at once, and a page computed while it
commits holds newer data than its generation, never older.

Only what is the same for everyone is kept: answers 200 to GET, not streamed, setting no
cookie and not varying on one. The breadcrumb back to a reader's filtered list depends on
the Referer, which is part of the key when it names a filtered view of this site. Every
public answer carries an ETag and Last-Modified, and `Cache-Control: no-cache` so that a
browser, proxy or CDN revalidates and is answered 304.
"""

import hashlib
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import caches
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

from .models import DataGeneration

CACHE_CONTROL = "public, no-cache"


def move_generation():
    """What the public sees changed in this transaction: every kept page is stale once it
    commits."""
    DataGeneration.objects.filter(pk=1).update(number=F("number") + 1, changed_at=timezone.now())


def current_generation():
    """The generation of the data and of the kept counts, and when either last moved."""
    number, changed_at, counts_at = DataGeneration.objects.values_list(
        "number", "changed_at", "counts_at"
    ).get(pk=1)
    return f"{number}.{counts_at.timestamp()}", max(changed_at, counts_at)


def kept_for_everyone(view):
    """The view's answers, kept for every reader until the published data changes."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        number, changed_at = current_generation()
        last_modified = int(changed_at.timestamp())
        key = page_key(request, number)
        cache = caches[settings.PAGE_CACHE]
        kept = cache.get(key)
        if kept is None:
            response = view(request, *args, **kwargs)
            if not may_keep(request, response):
                return response
            kept = keepable(response)
            cache.set(key, kept, settings.PAGE_CACHE_SECONDS)
        status, headers, content, etag = kept
        if response := get_conditional_response(request, etag, last_modified):
            return revalidation_headers(response, etag, last_modified)
        response = rebuilt(status, headers, content)
        return revalidation_headers(response, etag, last_modified)

    return answer


def page_key(request, generation):
    """The page's key: its URL, the generation, and the filtered list the reader came from."""
    came_from = urlsplit(request.headers.get("Referer", ""))
    from_list = ""
    if came_from.netloc == request.get_host() and came_from.query:
        from_list = f"{came_from.path}?{came_from.query}"
    url = request.build_absolute_uri()
    digest = hashlib.sha256(f"{url}\n{from_list}".encode()).hexdigest()
    return f"page:{generation}:{digest}"


def may_keep(request, response):
    """Whether `response` is the same for everyone: a 200 to a GET, whole, setting no cookie,
    varying on nothing but the Referer, and not marked private; its making read no session
    and no CSRF token (the middleware would set their cookies after the view)."""
    session = getattr(request, "session", None)
    return (
        request.method == "GET"
        and not (session is not None and session.accessed)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (set(vary(response)) - {"referer"})
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def vary(response):
    return [name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()]


def keepable(response):
    """What is kept of a response: its status, headers, body and the ETag of its body."""
    etag = response.get("ETag") or quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in ("etag", "last-modified", "cache-control", "content-length")
    ]
    return response.status_code, headers, response.content, etag


def rebuilt(status, headers, content):
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def revalidation_headers(response, etag, last_modified):
    response["ETag"] = etag
    response.setdefault("Last-Modified", http_date(last_modified))
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ["Referer"])
    return response
