"""The counts of the home page, the hubs and the lists' panel are kept; after records change a
reader is still served the kept counts, and the keeper (`manage.py keep_counts`) counts them
again, whichever path changed the records. No reader counts after an edit."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements import derived
from statements.importers.rows import import_file
from statements.models import CachedCounts, Status
from statements.workflow import PUBLISH, SEND_BACK, move

from .desk import post_change
from .factories import make_agreement, make_forum, make_source, make_statement, theme

pytestmark = pytest.mark.django_db


def hub_counts(client, path, name):
    return {str(record): record.count for record in client.get(path).context[name]}


def keep_counts():
    output = io.StringIO()
    call_command("keep_counts", "--once", stdout=output)
    return output.getvalue()


def test_a_hub_counts_a_statement_published_after_its_first_visit_once_the_keeper_passed(client):
    make_statement(on_behalf_of_country_id="IR", themes=[theme("satellites")])
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 1}
    draft = make_statement(
        on_behalf_of_country_id="IR", themes=[theme("satellites")], status=Status.IN_REVIEW
    )
    move(draft, PUBLISH)
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 1}  # kept
    assert "Counted again" in keep_counts()
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 2}
    move(draft, SEND_BACK, "not yet")
    keep_counts()
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 1}


def test_no_reader_counts_after_an_edit(client):
    make_statement(on_behalf_of_country_id="IR", themes=[theme("satellites")])
    client.get("/countries/IR/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/countries/IR/")
    waiting = make_statement(on_behalf_of_country_id="IR", status=Status.IN_REVIEW)
    move(waiting, PUBLISH)
    with CaptureQueriesContext(connection) as after_the_edit:
        client.get("/countries/IR/")
    assert len(after_the_edit) == len(warm)
    assert not any("COUNT(" in query["sql"] for query in after_the_edit.captured_queries)


def test_a_hub_forgets_a_statement_a_reviewer_deleted(client, reviewer):
    cstd = make_forum(name="CSTD", acronym="CSTD")
    statements = [make_statement(on_behalf_of_country_id="CU", forum=cstd) for _ in range(2)]
    assert hub_counts(client, "/forums/cstd/", "by_country") == {"Cuba": 2}
    client.force_login(reviewer)
    client.post(f"/admin/statements/statement/{statements[0].pk}/delete/", {"post": "yes"})
    keep_counts()
    assert hub_counts(client, "/forums/cstd/", "by_country") == {"Cuba": 1}


def test_a_theme_given_to_a_statement_is_counted_on_its_hub(client, reviewer):
    statement = make_statement(on_behalf_of_country_id="RS")
    assert hub_counts(client, "/themes/satellites/", "by_country") == {}
    post_change(client, reviewer, statement, themes=[theme("satellites").pk])
    keep_counts()
    assert hub_counts(client, "/themes/satellites/", "by_country") == {"Serbia": 1}


def test_the_year_chart_counts_an_agreement_imported_after_the_first_visit(client):
    make_agreement(parties=("IR", "CU"), signed_on="2023-05-01")
    chart = client.get("/countries/IR/").context["chart"]
    assert [list(year) for year in chart.years] == [[2023, 0, 1]]
    make_source(title="Communiqué")
    rows = "title,kind,status,date_signed,party_country_codes,source_titles\r\n"
    rows += "Iran–Serbia memorandum,mou,signed,2024-05-01,IR; RS,Communiqué\r\n"
    report = import_file(
        "agreements", io.BytesIO(rows.encode()), apply=True, status=Status.PUBLISHED
    )
    assert report.applied, report.errors
    keep_counts()
    chart = client.get("/countries/IR/").context["chart"]
    assert [list(year) for year in chart.years] == [[2023, 0, 1], [2024, 0, 1]]


def test_a_country_s_partners_are_counted_by_agreement(client):
    make_agreement(parties=("IR", "CU"))
    make_agreement(parties=("IR", "CU", "RS"))
    partners = client.get("/countries/IR/").context["partners"]
    assert [(str(country), count) for country, count in partners] == [("Cuba", 2), ("Serbia", 1)]


def test_a_batch_of_changes_forgets_the_desk_s_counts_once_when_it_commits(
    client, django_capture_on_commit_callbacks
):
    statements = [make_statement(status=Status.IN_REVIEW) for _ in range(3)]
    client.get("/")
    CachedCounts.objects.create(
        key="admin:statement languages", value=["en"], computed_at="2026-01-01T00:00Z"
    )
    with django_capture_on_commit_callbacks() as callbacks, derived.batch():
        for statement in statements:
            move(statement, PUBLISH)  # as the review queue publishes them together
    assert len(callbacks) == 1
    callbacks[0]()
    assert list(CachedCounts.objects.values_list("key", flat=True)) == ["home:countries"]


def test_the_home_page_counts_are_kept_between_visits(client):
    make_statement(on_behalf_of_country_id="IR")
    client.get("/")
    assert CachedCounts.objects.get(key="home:countries").value == [["IR", 1]]
    kept = CachedCounts.objects.get(key="home:countries").computed_at
    client.get("/")
    assert CachedCounts.objects.get(key="home:countries").computed_at == kept
    assert keep_counts() == ""  # nothing changed, nothing counted again


def test_kept_pages_show_the_counts_once_the_keeper_refreshed_them(client, settings):
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    make_statement(on_behalf_of_country_id="IR")
    assert hub_counts(client, "/", "countries") == {"Iran": 1}
    waiting = make_statement(on_behalf_of_country_id="CU", status=Status.IN_REVIEW)
    move(waiting, PUBLISH)
    counted = '<a href="/countries/CU/">Cuba</a> <span class="count">1</span>'
    assert counted not in client.get("/").content.decode()  # kept, until the keeper passes
    keep_counts()
    assert counted in client.get("/").content.decode()
    cache.clear()
