"""With a read replica, public pages read it; writes, the desk and the keeper use the primary."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext

from statements import workflow
from statements.models import Status

from .factories import make_statement

pytestmark = pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", "replica"]
)


@pytest.fixture(autouse=True)
def replica(settings):
    settings.DATABASE_ROUTERS = ["diplomacy.routers.ReplicaRouter"]


def queries(client, url):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.get(url)
    assert response.status_code == 200
    reads = [query["sql"] for query in primary.captured_queries if is_read(query["sql"])]
    return len(reads), len(replica)


def is_read(sql):
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def test_public_pages_read_the_replica_only_and_write_kept_counts_to_the_primary(client):
    statement = make_statement(title="Read from the replica", on_behalf_of_country_id="IR")
    for url in ["/statements/", statement.get_absolute_url(), "/statements/feed.atom"]:
        primary, replica = queries(client, url)
        assert (primary, replica > 0) == (0, True), url


def test_a_kept_page_reads_its_generation_from_the_replica(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    make_statement()
    client.get("/statements/")
    assert queries(client, "/statements/") == (0, 1)
    cache.clear()


def test_writes_and_the_desk_use_the_primary(client, reviewer):
    waiting = make_statement(title="To publish", status=Status.IN_REVIEW)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        workflow.move(waiting, workflow.PUBLISH)
        client.force_login(reviewer)
        client.get("/admin/statements/statement/")
    assert len(primary) > 0 and len(replica) == 0


def test_the_keeper_counts_from_the_primary(client):
    make_statement(on_behalf_of_country_id="IR")
    client.get("/countries/IR/")
    waiting = make_statement(on_behalf_of_country_id="IR", status=Status.IN_REVIEW)
    workflow.move(waiting, workflow.PUBLISH)
    with CaptureQueriesContext(connections["replica"]) as replica:
        call_command("keep_counts", "--once", stdout=io.StringIO())
    assert len(replica) == 0
