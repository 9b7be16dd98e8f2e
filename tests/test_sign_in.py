"""Signing in to the editing desk: guessing passwords is stopped per account and per address,
the lockout is recorded and explained, and an operator can lift it."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.auth.models import User
from django.core.management import call_command

from .desk import member_of

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def sign_in(client, username, password, address="203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def admin_account():
    return User.objects.create_superuser("root", password="the-right-one")


def test_fifty_guesses_do_not_reach_the_right_password(client, admin_account, settings):
    for n in range(50):
        response = sign_in(client, "root", f"guess-{n}")
        assert response.status_code in (200, 429)
    response = sign_in(client, "root", "the-right-one")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Too many sign-ins failed for this account or from this address" in page
    assert "for 30 minutes" in page
    assert response["Retry-After"] == "1800"


def test_the_lockout_starts_at_the_limit_and_is_recorded(client, admin_account, settings):
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        assert sign_in(client, "root", f"guess-{n}").status_code == 200  # the form again
    assert sign_in(client, "root", "last guess").status_code == 429
    attempt = AccessAttempt.objects.get(username="root")
    assert attempt.failures_since_start == limit
    assert AccessFailureLog.objects.filter(username="root", locked_out=True).exists()


def test_a_locked_account_stays_locked_from_another_address(client, admin_account, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "root", f"guess-{n}", address="203.0.113.5")
    assert sign_in(client, "root", "the-right-one", address="198.51.100.7").status_code == 429


def test_a_locked_address_cannot_sign_in_to_another_account(client, settings):
    member_of("curators", "carla")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"someone-{n}", "guess", address="203.0.113.5")
    assert sign_in(client, "carla", "pw", address="203.0.113.5").status_code == 429
    assert sign_in(client, "carla", "pw", address="198.51.100.7").status_code == 302


def test_an_operator_lifts_a_lockout_with_axes_reset_username(client, admin_account, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "root", f"guess-{n}", address=f"198.51.100.{n}")
    assert sign_in(client, "root", "the-right-one", address="198.51.100.99").status_code == 429
    call_command("axes_reset_username", "root")
    response = sign_in(client, "root", "the-right-one", address="198.51.100.99")
    assert response.status_code == 302 and response.url == "/admin/"


def test_behind_a_proxy_the_client_address_comes_from_the_configured_header(
    client, admin_account, settings
):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN, {"username": f"someone-{n}", "password": "x"}, HTTP_X_REAL_IP="203.0.113.5"
        )
    assert AccessAttempt.objects.filter(ip_address="203.0.113.5").count() == 5
    response = client.post(
        LOGIN, {"username": "root", "password": "the-right-one"}, HTTP_X_REAL_IP="203.0.113.6"
    )
    assert response.status_code == 302
