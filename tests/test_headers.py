"""Every response says what the browser may do with it: a strict Content-Security-Policy (the
site's own origin only, no inline script or style, no framing) and a Permissions-Policy."""

import pytest

from .factories import make_statement

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def responses(client, admin_client):
    statement = make_statement()
    return {
        "home": client.get("/"),
        "list": client.get("/statements/?country=IR"),
        "record": client.get(statement.get_absolute_url()),
        "export": client.get("/statements/export.csv"),
        "stylesheet": client.get("/static/css/demarche.css"),
        "not found": client.get("/nowhere/"),
        "wrong method": client.post("/statements/"),
        "sign-in": client.get("/admin/login/"),
        "desk": admin_client.get(f"/admin/statements/statement/{statement.pk}/change/"),
    }


def test_every_response_carries_a_strict_content_security_policy(responses):
    for name, response in responses.items():
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert policy["object-src"] == ["'none'"], name
        assert policy["base-uri"] == ["'none'"], name
        assert policy["form-action"] == ["'self'"], name
        values = " ".join(value for values in policy.values() for value in values)
        assert "unsafe" not in values and "*" not in values and "http" not in values, name
        if response["Content-Type"].startswith("text/html"):
            assert response["X-Frame-Options"] == "DENY", name


def test_every_response_refuses_the_browser_features_the_site_does_not_use(responses):
    for name, response in responses.items():
        features = dict(
            item.strip().split("=") for item in response["Permissions-Policy"].split(",")
        )
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert features[feature] == "()", name
