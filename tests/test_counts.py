"""The counts of the home page and the hubs are kept, and forgotten once a transaction that
changed records commits, whichever path changed them."""

import datetime
import io

import pytest
from django.utils import timezone

from statements import derived
from statements.importers.rows import import_file
from statements.models import CachedCounts, Status
from statements.workflow import PUBLISH, move

from .desk import post_change
from .factories import make_agreement, make_forum, make_source, make_statement, theme

pytestmark = pytest.mark.django_db


def hub_counts(client, path, name):
    return {str(record): record.count for record in client.get(path).context[name]}


def test_a_hub_counts_a_statement_published_after_its_first_visit(
    client, django_capture_on_commit_callbacks
):
    make_statement(on_behalf_of_country_id="IR", themes=[theme("satellites")])
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 1}
    draft = make_statement(
        on_behalf_of_country_id="IR", themes=[theme("satellites")], status=Status.DRAFT
    )
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 1}
    with django_capture_on_commit_callbacks(execute=True):
        move(draft, PUBLISH)
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 2}


def test_a_hub_forgets_a_statement_a_reviewer_deleted(
    client, reviewer, django_capture_on_commit_callbacks
):
    cstd = make_forum(name="CSTD", acronym="CSTD")
    statements = [make_statement(on_behalf_of_country_id="CU", forum=cstd) for _ in range(2)]
    assert hub_counts(client, "/forums/cstd/", "by_country") == {"Cuba": 2}
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/statements/statement/{statements[0].pk}/delete/", {"post": "yes"})
    assert hub_counts(client, "/forums/cstd/", "by_country") == {"Cuba": 1}


def test_a_theme_given_to_a_statement_is_counted_on_its_hub(
    client, reviewer, django_capture_on_commit_callbacks
):
    statement = make_statement(on_behalf_of_country_id="RS")
    assert hub_counts(client, "/themes/satellites/", "by_country") == {}
    with django_capture_on_commit_callbacks(execute=True):
        post_change(client, reviewer, statement, themes=[theme("satellites").pk])
    assert hub_counts(client, "/themes/satellites/", "by_country") == {"Serbia": 1}


def test_the_year_chart_counts_an_agreement_imported_after_the_first_visit(
    client, django_capture_on_commit_callbacks
):
    make_agreement(parties=("IR", "CU"), signed_on="2023-05-01")
    chart = client.get("/countries/IR/").context["chart"]
    assert [list(year) for year in chart.years] == [[2023, 0, 1]]
    make_source(title="Communiqué")
    rows = "title,kind,status,date_signed,party_country_codes,source_titles\r\n"
    rows += "Iran–Serbia memorandum,mou,signed,2024-05-01,IR; RS,Communiqué\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file(
            "agreements", io.BytesIO(rows.encode()), apply=True, status=Status.PUBLISHED
        )
    assert report.applied, report.errors
    chart = client.get("/countries/IR/").context["chart"]
    assert [list(year) for year in chart.years] == [[2023, 0, 1], [2024, 0, 1]]


def test_a_batch_of_changes_forgets_the_counts_once_when_it_commits(
    client, django_capture_on_commit_callbacks
):
    statements = [make_statement(status=Status.IN_REVIEW) for _ in range(3)]
    client.get("/")
    with django_capture_on_commit_callbacks() as callbacks, derived.batch():
        for statement in statements:
            move(statement, PUBLISH)  # as the review queue publishes them together
    assert CachedCounts.objects.exists()  # not before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert not CachedCounts.objects.exists()


def test_the_home_page_counts_are_kept_between_visits(client):
    make_statement(on_behalf_of_country_id="IR")
    client.get("/")
    assert CachedCounts.objects.get(key="home:countries").value == [["IR", 1]]
    kept = CachedCounts.objects.get(key="home:countries").computed_at
    client.get("/")
    assert CachedCounts.objects.get(key="home:countries").computed_at == kept


def test_counts_older_than_their_freshness_are_counted_again(client):
    make_statement(on_behalf_of_country_id="IR")
    client.get("/")
    # As if another process had kept a wrong count long ago.
    CachedCounts.objects.filter(key="home:countries").update(
        value=[["IR", 99]], computed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert hub_counts(client, "/", "countries") == {"Iran": 1}
