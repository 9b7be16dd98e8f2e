"""The counts of the home page and the hubs are kept, and forgotten when any record changes."""

import datetime

import pytest
from django.utils import timezone

from statements.models import CachedCounts, Status

from .factories import make_agreement, make_forum, make_statement, theme

pytestmark = pytest.mark.django_db


def hub_counts(client, path, name):
    return {str(record): record.count for record in client.get(path).context[name]}


def test_a_hub_counts_a_statement_published_after_its_first_visit(client):
    make_statement(on_behalf_of_country_id="IR", themes=[theme("satellites")])
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 1}
    draft = make_statement(
        on_behalf_of_country_id="IR", themes=[theme("satellites")], status=Status.DRAFT
    )
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 1}
    draft.status = Status.PUBLISHED
    draft.save()
    assert hub_counts(client, "/countries/IR/", "by_theme") == {"Satellites": 2}


def test_a_hub_forgets_a_deleted_statement(client):
    cstd = make_forum(name="CSTD", acronym="CSTD")
    statements = [make_statement(on_behalf_of_country_id="CU", forum=cstd) for _ in range(2)]
    assert hub_counts(client, "/forums/cstd/", "by_country") == {"Cuba": 2}
    statements[0].delete()
    assert hub_counts(client, "/forums/cstd/", "by_country") == {"Cuba": 1}


def test_a_theme_given_to_a_statement_is_counted_on_its_hub(client):
    statement = make_statement(on_behalf_of_country_id="RS")
    assert hub_counts(client, "/themes/satellites/", "by_country") == {}
    statement.themes.add(theme("satellites"))
    assert hub_counts(client, "/themes/satellites/", "by_country") == {"Serbia": 1}


def test_the_year_chart_counts_an_agreement_signed_after_the_first_visit(client):
    make_agreement(parties=("IR", "CU"), signed_on=datetime.date(2023, 5, 1))
    chart = client.get("/countries/IR/").context["chart"]
    assert [list(year) for year in chart.years] == [[2023, 0, 1]]
    make_agreement(parties=("IR", "RS"), signed_on=datetime.date(2024, 5, 1))
    chart = client.get("/countries/IR/").context["chart"]
    assert [list(year) for year in chart.years] == [[2023, 0, 1], [2024, 0, 1]]


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
