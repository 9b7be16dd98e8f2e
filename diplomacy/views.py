"""The site's own error pages (a server error, an outage, a locked sign-in) and its health."""

import sys

from django.conf import settings
from django.contrib import admin
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.defaults import page_not_found

from statements.views.api import not_found as api_not_found
from statements.views.api import server_error as api_server_error

# Seconds a client is asked to wait before trying again while the database is out of reach.
RETRY_AFTER = 30


def not_found(request, exception):
    """A 404: in JSON under the API's address, else the site's page."""
    if request.path_info.startswith("/api/v"):
        return api_not_found(request, exception)
    return page_not_found(request, exception)


def server_error(request):
    """A 500, or a 503 with Retry-After when the database could not be reached or was
    interrupted: a fault that passes, which clients and proxies may retry. Nothing here reads
    the database."""
    error = sys.exc_info()[1]
    outage = isinstance(error, OperationalError | InterfaceError)
    if request.path_info.startswith("/api/v"):
        response = api_server_error(outage)
    elif outage:
        response = HttpResponse(render_to_string("503.html"), status=503)
    else:
        return HttpResponse(render_to_string("500.html"), status=500)
    if outage:
        response["Retry-After"] = str(RETRY_AFTER)
    return response


def locked_out(request, original_response, credentials):
    """What a sign-in refused by django-axes answers: why, for how long, and what to do."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {
        **admin.site.each_context(request),
        "title": "Signing in is locked for now",
        "minutes": minutes,
    }
    response = render(request, "admin/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


@never_cache
@require_safe
def health(request):
    """For a load balancer: 200 when this process reaches the database and the cache, else
    503 naming what it cannot reach."""
    checks = {"database": database_answers(), "cache": cache_answers()}
    healthy = all(checks.values())
    body = {name: "ok" if fine else "unreachable" for name, fine in checks.items()}
    return JsonResponse(body, status=200 if healthy else 503)


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def cache_answers():
    try:
        cache = caches[settings.PAGE_CACHE]
        cache.set("health", "ok", 10)
        return cache.get("health") == "ok"
    except Exception:  # a cache server's client raises its own errors
        return False
