"""/health/: what a load balancer asks each process before it sends it readers."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_a_healthy_process_answers_200_and_is_never_cached(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_a_process_that_cannot_reach_the_database_answers_503(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_a_process_that_cannot_reach_the_cache_answers_503(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "broken": {"BACKEND": "no.such.Backend"},
    }
    settings.PAGE_CACHE = "broken"
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unreachable"}


def test_health_only_answers_get_and_head(client):
    assert client.post("/health/").status_code == 405
