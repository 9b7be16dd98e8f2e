"""The API run against its own description by Schemathesis: requests generated from each
operation's parameters, valid and not, and every answer checked against what is described:
never a 5xx, the documented status codes, content types, headers and schemas."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from statements.models import Status

from .factories import add_party, make_agreement, make_event, make_statement, theme

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Examples per operation: bounded so that the run takes well under a minute in CI.
EXAMPLES = 60


@pytest.fixture
def connection_kept():
    """The test's connection, in the test's transaction, stays open across the requests, as
    Django's test client keeps it: a WSGI request would close it when it ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api(db, connection_kept):
    """A few published records and a draft, then the API as a WSGI application."""
    event = make_event(name="Session of the tests", slug="session-of-the-tests")
    for n in range(5):
        make_statement(
            title=f"Satellites {n}",
            on_behalf_of_country_id="IR",
            event=event,
            themes=[theme("ict-security")],
            date=["2024", "2025-04?", "2023/2024", "2025-01-02", ""][n] or "2022",
        )
    add_party(make_agreement(title="Cyber pact", signed_on=""), organisation=None)
    make_statement(title="Draft", status=Status.DRAFT)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def test_the_api_answers_as_it_describes(api):
    """Each operation in turn, through Hypothesis (Schemathesis's pytest plugin does not run
    under this pytest)."""
    operations = [result.ok() for result in api.get_all_operations()]
    # Every list, record and hub (Schemathesis leaves out the description's own address).
    assert len(operations) == 11, [operation.label for operation in operations]
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_described(case):
            # A value of the described form may still name no record (a slug, a country
            # code): that is a 400 naming it, as on the pages and exports, not a refusal of
            # valid input.
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        answers_as_described()
