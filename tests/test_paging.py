"""Pages read by id from the indexes, and relevance that ranks a bounded set of matches."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.filters import AgreementFilterSet, PublicFilterSet, StatementFilterSet
from statements.keyset import key_of, rows_after
from statements.models import Statement

from .factories import make_agreement, make_statement
from .files import csv_rows, json_results, page_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr("statements.listing.PAGE_SIZE", 2)


@pytest.fixture
def three_ranked(monkeypatch):
    monkeypatch.setattr(PublicFilterSet, "ranked_matches", 3)


@pytest.fixture
def matches():
    """Seven statements on satellites, one a day; the oldest mention them most."""
    return [
        make_statement(
            title=f"Statement {n}",
            summary="satellites " * (7 - n) + "and other matters",
            date=datetime.date(2025, 1, 1 + n).isoformat(),
        )
        for n in range(7)
    ]


def ids_of(records):
    return [record.pk for record in records]


def test_a_deep_page_holds_the_rows_that_follow_the_previous_pages(client, small_pages):
    statements = [make_statement(date=datetime.date(2024, 1, 1 + n).isoformat()) for n in range(9)]
    newest_first = ids_of(reversed(statements))
    assert page_ids(client, "/statements/", "") == newest_first
    page = client.get("/statements/?page=4").context["page"]
    assert ids_of(page.rows) == newest_first[6:8]
    assert (page.first_row, page.last_row, page.has_next) == (7, 8, True)


def test_rows_of_one_date_keep_one_order_across_pages(client, small_pages):
    same_day = [make_statement(date="2024-05-01") for _ in range(5)]
    assert page_ids(client, "/statements/", "") == sorted(ids_of(same_day), reverse=True)


def test_relevance_ranks_every_match_when_there_are_few(client, matches):
    response = client.get("/statements/?q=satellites")
    assert ids_of(response.context["page"].rows) == ids_of(matches)  # most mentions first
    assert response.context["ranked"] is None
    assert "sorted by relevance" not in response.content.decode()


def test_a_search_page_counts_its_matches_with_the_newest_it_ranks(client, matches):
    """The newest matches, read to be ranked, also count them: the page has no COUNT of its
    own (the filter panel's facets count the matches by value, grouped)."""
    with CaptureQueriesContext(connection) as search:
        page = client.get("/statements/?q=satellites").context["page"]
    assert (len(page.rows), page.count) == (7, 7)
    counts = [query["sql"] for query in search.captured_queries if "COUNT(" in query["sql"]]
    assert counts and all("GROUP BY" in sql for sql in counts)


def test_the_matches_are_ranked_as_they_are_found_not_looked_up_again(client, matches):
    """One query finds the newest matches and ranks them; ties keep the newest first, as the
    ranked queryset that files read orders them."""
    tied = [make_statement(summary="satellites", date=f"2025-02-0{n}") for n in (1, 2, 3)]
    with CaptureQueriesContext(connection) as search:
        page = client.get("/statements/?q=satellites").context["page"]
    postgresql = connection.vendor == "postgresql"
    [ranked] = [
        q["sql"]
        for q in search.captured_queries
        if ("ts_rank(" if postgresql else "bm25(") in q["sql"]
    ]
    # The query that ranks them also finds them: it searches, not only ranks.
    finding = ranked.count("@@") if postgresql else ranked.count("MATCH") - 1
    assert finding == 1
    # One fewer than when the matches were found, then ranked by their ids (33 and 26).
    # PostgreSQL's are the planner's estimates and the switch between walking and gathering.
    assert len(search.captured_queries) == (32 if postgresql else 25)
    shown = ids_of(page.rows)
    assert sorted(shown) == sorted(ids_of(matches + tied))
    assert [pk for pk in shown if pk in ids_of(tied)] == ids_of(reversed(tied))
    exported = json_results(client, "/statements/export.json?q=satellites")
    assert [row["id"] for row in exported] == shown


def test_relevance_ranks_the_newest_matches_and_the_older_follow_newest_first(
    client, matches, three_ranked
):
    response = client.get("/statements/?q=satellites")
    newest_three_by_relevance = ids_of(matches[4:7])
    older_newest_first = ids_of(reversed(matches[:4]))
    rows = response.context["page"].rows
    assert ids_of(rows) == newest_three_by_relevance + older_newest_first
    assert response.context["ranked"] == 3
    assert "The newest 3 matches are sorted by relevance" in response.content.decode()


def test_pages_that_straddle_the_ranked_matches_miss_and_repeat_nothing(
    client, matches, three_ranked, small_pages
):
    expected = ids_of(matches[4:7]) + ids_of(reversed(matches[:4]))
    assert page_ids(client, "/statements/", "q=satellites") == expected
    past_the_ranked = client.get("/statements/?q=satellites&page=3").context["page"]
    assert ids_of(past_the_ranked.rows) == expected[4:6]


def test_exports_of_a_relevance_list_hold_the_page_rows_in_the_page_order(
    client, matches, three_ranked, small_pages
):
    from_pages = page_ids(client, "/statements/", "q=satellites")
    from_csv = [int(row["id"]) for row in csv_rows(client, "/statements/export.csv?q=satellites")]
    from_json = [row["id"] for row in json_results(client, "/statements/export.json?q=satellites")]
    assert (
        from_csv == from_json == from_pages == ids_of(matches[4:7]) + ids_of(reversed(matches[:4]))
    )


def test_a_deep_page_reads_as_many_queries_as_the_first(client, small_pages):
    for n in range(12):
        make_statement(date=datetime.date(2024, 1, 1 + n).isoformat())
    client.get("/statements/")  # keeps the languages of the picker
    with CaptureQueriesContext(connection) as first:
        client.get("/statements/?page=1")
    with CaptureQueriesContext(connection) as deep:
        client.get("/statements/?page=5")
    assert len(deep.captured_queries) == len(first.captured_queries)


def test_a_list_is_one_queryset_unless_sorted_by_relevance(matches):
    def filterset(**data):
        return StatementFilterSet(data, queryset=Statement.objects.published())

    assert ids_of(filterset(sort="date").qs) == ids_of(matches)
    with pytest.raises(ValueError, match="use parts"):
        filterset(q="satellites").qs  # noqa: B018
    assert len(filterset(q="satellites").parts()) == 1


@pytest.fixture
def planner(monkeypatch):
    """PostgreSQL's estimates, on which a search's plan is chosen: a million rows, of which
    `searched` match; the plan is chosen by them and by the bounds given."""

    def choose(walked_rows, window_rows, searched):
        def expected_rows(queryset):
            return searched if "@@" in str(queryset.query) else 1_000_000

        monkeypatch.setattr("statements.search.expected_rows", expected_rows)
        monkeypatch.setattr("statements.search.WALKED_ROWS", walked_rows)
        monkeypatch.setattr("statements.search.WINDOW_MARGIN", 2)
        monkeypatch.setattr("statements.search.WINDOW_ROWS", window_rows)
        monkeypatch.setattr("statements.search.WINDOW_MATCHES", 10**6)

    return choose


PLANS = {"walk": (10**9, 0, 10**6), "window": (0, 10**6, 10**6), "every match": (0, -1, 10)}


@pytest.mark.parametrize("plan", PLANS)
@pytest.mark.parametrize("sort", ["", "&sort=-date", "&sort=date", "&sort=title"])
def test_a_search_reads_the_same_pages_however_its_matches_are_found(
    client, matches, three_ranked, small_pages, planner, plan, sort
):
    """Walking the order's index, gathering the matches in a window of the first rows, or
    gathering every match: the same rows, in the same order, on every page."""
    for n in range(10):
        make_statement(title=f"Older {n}", date=datetime.date(2024, 1, 1 + n).isoformat())
    expected = page_ids(client, "/statements/", f"q=satellites{sort}")
    planner(*PLANS[plan])
    with CaptureQueriesContext(connection) as queries:
        assert page_ids(client, "/statements/", f"q=satellites{sort}") == expected
    if connection.vendor != "postgresql":
        return
    sql = "\n".join(query["sql"] for query in queries)
    # A window is of dates: without one, as many matches are walked through as gathered.
    windowed = plan == "window" and WINDOWS[sort] is not None
    assert ("'enable_indexscan', 'off'" in sql) == (windowed or plan == "every match")
    assert (WINDOWS[sort] is not None and WINDOWS[sort] in sql) == windowed


# How a window of the first rows in each order is written.
WINDOWS = {
    "": '"date_earliest" >= ',
    "&sort=-date": '"date_earliest" >= ',
    "&sort=date": '"date_earliest" <= ',
    "&sort=title": None,  # a window is of dates
}


@pytest.mark.parametrize("plan", PLANS)
def test_the_matches_past_those_ranked_follow_from_the_first_unranked_undated_last(
    client, three_ranked, small_pages, planner, plan
):
    """Read from the first unranked match on (keyset.py), not by skipping those ranked: the
    dated agreements newest first, then the undated ones, newest entered first."""
    dated = [make_agreement(title=f"Cyber pact {n}", signed_on=f"2020-0{n + 1}") for n in range(5)]
    undated = [make_agreement(title=f"Cyber accord {n}", signed_on="") for n in range(3)]
    make_agreement(title="On trade")
    planner(*PLANS[plan])
    assert page_ids(client, "/agreements/", "q=cyber")[3:] == ids_of(
        [*reversed(dated[:2]), *reversed(undated)]
    )
    from_csv = [int(row["id"]) for row in csv_rows(client, "/agreements/export.csv?q=cyber")]
    assert from_csv == page_ids(client, "/agreements/", "q=cyber")


def test_a_search_page_past_its_reach_shows_the_deepest_and_says_why(
    client, matches, small_pages, monkeypatch
):
    monkeypatch.setattr("statements.filters.rows_in_reach", lambda *arguments: 5)
    response = client.get("/statements/?q=satellites&page=3")
    assert ids_of(response.context["page"].rows) == ids_of(matches[2:4])  # page 2
    assert not response.context["page"].has_next
    content = response.content.decode()
    assert "pages past 2 would take seconds to find: showing page 2, the deepest" in content
    assert "download every match" in content
    assert "pages past 2" not in client.get("/statements/?q=satellites&page=1").content.decode()
    assert len(csv_rows(client, "/statements/export.csv?q=satellites")) == 7


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's estimates")
def test_a_search_reaches_every_page_unless_its_words_are_in_most_rows(monkeypatch):
    def reach(searched):
        monkeypatch.setattr(
            "statements.search.expected_rows",
            lambda queryset: searched if "@@" in str(queryset.query) else 900_000,
        )
        filterset = StatementFilterSet(
            {"q": "satellites"}, queryset=Statement.objects.published(), bounded=True
        )
        return filterset.rows_in_reach()

    assert reach(40_000) is None  # gathering every match is in reach
    assert reach(810_000) == 10_800  # a walk through 12,000 rows finds as many
    monkeypatch.setattr("statements.search.PAGE_COST", 6_000)
    assert reach(50_000) == 666


@pytest.mark.parametrize("list_name", ["statements", "agreements"])
def test_the_rows_from_a_row_are_the_rest_of_the_list_in_every_sort(list_name):
    """Keyset paging (keyset.py): from any row, in any sort, the rows that follow it, undated
    records last, as the whole list orders them."""
    for n in range(4):
        make_statement(title=f"Statement {n % 2}", date=f"2024-0{n % 2 + 1}-01")
        make_agreement(title=f"Pact {n % 2}", signed_on="2024-05" if n % 3 else "")
    filterset_class = {"statements": StatementFilterSet, "agreements": AgreementFilterSet}
    filterset_class = filterset_class[list_name]
    records = filterset_class._meta.model.objects.published()
    for order in filterset_class.sorts.values():
        every = ids_of(records.order_by(*order))
        for position, pk in enumerate(every):
            key = key_of(records.model, order, pk)
            after = [ids_of(part) for part in rows_after(records, order, key)]
            assert sum(after, []) == every[position + 1 :], (order, position)
            from_it = [ids_of(part) for part in rows_after(records, order, key, including=True)]
            assert sum(from_it, []) == every[position:], (order, position)
