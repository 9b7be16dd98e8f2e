"""/statements/: every filter of the URL contract, alone and combined."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Actor, Status, Theme

from .factories import make_actor, make_event, make_forum, make_person, make_statement, theme

pytestmark = pytest.mark.django_db


def listed(client, query=""):
    response = client.get(f"/statements/{query}")
    assert response.status_code == 200
    return [statement.title for statement in response.context["page"].rows]


def test_lists_published_statements_newest_first(client):
    make_statement(title="Old", date="2020-06-12")
    make_statement(title="New", date="2025-02-27")
    make_statement(title="Draft", status=Status.DRAFT)
    assert listed(client) == ["New", "Old"]


def test_country_filter_includes_statements_made_on_behalf_of_the_country(client):
    cuban = make_person(country_id="CU")
    make_statement(title="For Iran", speaker=cuban, on_behalf_of_country_id="IR")
    make_statement(title="By an Iranian", speaker=make_person(country_id="IR"))
    make_statement(title="For Cuba", speaker=cuban)
    assert set(listed(client, "?country=IR")) == {"For Iran", "By an Iranian"}


def test_several_values_of_a_filter_mean_any_of_them(client):
    make_statement(title="Iran", on_behalf_of_country_id="IR")
    make_statement(title="Cuba", on_behalf_of_country_id="CU")
    make_statement(title="Serbia", on_behalf_of_country_id="RS")
    assert set(listed(client, "?country=IR&country=CU")) == {"Iran", "Cuba"}


def test_country_codes_are_read_in_any_case(client):
    make_statement(title="Iran", on_behalf_of_country_id="IR")
    assert listed(client, "?country=ir") == ["Iran"]


def test_mentions_filter_finds_statements_that_mention_a_country(client):
    statement = make_statement(title="About Cuba")
    statement.mentioned_countries.set(["CU"])
    make_statement(title="About nothing")
    assert listed(client, "?mentions=CU") == ["About Cuba"]


def test_forum_filter_includes_sub_forums(client):
    ecosoc = make_forum(name="Economic and Social Council", acronym="ECOSOC")
    cstd = make_forum(name="Commission on Science and Technology", acronym="CSTD", parent=ecosoc)
    make_statement(title="At the CSTD", event=make_event(forum=cstd))
    make_statement(title="At ECOSOC", forum=ecosoc)
    make_statement(title="Elsewhere", forum=make_forum())
    assert set(listed(client, "?forum=ecosoc")) == {"At the CSTD", "At ECOSOC"}
    assert listed(client, "?forum=cstd") == ["At the CSTD"]


def test_theme_filter_includes_sub_themes(client):
    make_statement(title="Satellites", themes=[theme("satellites")])
    make_statement(title="Postal", themes=[theme("postal-services")])
    make_statement(title="AI", themes=[theme("artificial-intelligence")])
    assert set(listed(client, "?theme=digital-infrastructure")) == {"Satellites", "Postal"}
    assert set(listed(client, "?theme=telecommunications")) == {"Satellites"}


def test_a_statement_on_two_matching_themes_is_listed_once(client):
    make_statement(title="Both", themes=[theme("satellites"), theme("telecommunications")])
    assert listed(client, "?theme=telecommunications") == ["Both"]


def test_actor_filter_includes_statements_on_behalf_of_the_actor(client):
    speaker = make_person(name="Sattar Hashemi")
    group = make_actor(name="Group of 77", kind=Actor.Kind.INTERGOVERNMENTAL)
    make_statement(title="By him", speaker=speaker)
    make_statement(title="For the group", on_behalf_of_actor=group)
    make_statement(title="Someone else")
    assert listed(client, f"?actor={speaker.slug}") == ["By him"]
    assert listed(client, f"?actor={group.slug}") == ["For the group"]


def test_event_kind_and_language_filters(client):
    session = make_event(name="28th session")
    make_statement(title="Speech there", event=session, kind="speech", language="en")
    make_statement(title="Op-ed", kind="op_ed", language="fa")
    assert listed(client, f"?event={session.slug}") == ["Speech there"]
    assert listed(client, "?kind=op_ed") == ["Op-ed"]
    assert listed(client, "?language=fa") == ["Op-ed"]


def test_date_range_is_inclusive(client):
    make_statement(title="First day", date="2025-04-07")
    make_statement(title="Last day", date="2025-04-11")
    make_statement(title="After", date="2025-04-12")
    assert set(listed(client, "?date_from=2025-04-07&date_to=2025-04-11")) == {
        "First day",
        "Last day",
    }


def test_a_date_known_to_the_month_matches_a_range_overlapping_that_month(client):
    make_statement(title="April", date="2025-04")
    assert listed(client, "?date_from=2025-04-20&date_to=2025-05-10") == ["April"]
    assert listed(client, "?date_from=2025-05-01") == []
    assert listed(client, "?date_to=2025-03-31") == []


def test_a_date_known_to_the_year_matches_a_range_inside_that_year(client):
    make_statement(title="2024", date="2024")
    assert listed(client, "?date_from=2024-06-01&date_to=2024-06-30") == ["2024"]
    assert listed(client, "?date_from=2025-01-01") == []


def test_a_range_from_mid_year_leaves_out_what_ended_before_it_at_any_precision(client):
    make_statement(title="9 April", date="2025-04-09")
    make_statement(title="10 April", date="2025-04-10")
    make_statement(title="March", date="2025-03")
    make_statement(title="April", date="2025-04")
    make_statement(title="2025", date="2025")
    make_statement(title="2024", date="2024")
    make_statement(title="December 2024", date="2024-12-31")
    found = listed(client, "?date_from=2025-04-10&sort=date")
    assert found == ["2025", "April", "10 April"]


def test_uncertain_approximate_and_interval_dates_match_the_ranges_they_overlap(client):
    make_statement(title="Probably April", date="2025-04?")
    make_statement(title="About 2024", date="2024~")
    make_statement(title="Between", date="2023-08/2024-07")
    make_statement(title="The 2010s", date="201X")
    make_statement(title="Spring", date="2022-21")
    make_statement(title="From February on", date="2025-02/..")
    assert listed(client, "?date_from=2025-04-15&date_to=2025-04-15") == [
        "Probably April",
        "From February on",
    ]
    assert listed(client, "?date_from=2024-06&date_to=2024-06") == ["About 2024", "Between"]
    assert listed(client, "?date_to=2015") == ["The 2010s"]
    assert listed(client, "?date_from=2022-04&date_to=2022-04") == ["Spring"]
    assert listed(client, "?date_from=2030") == ["From February on"]


def test_dates_sort_by_their_earliest_day(client):
    make_statement(title="Probably April", date="2025-04?")
    make_statement(title="Between", date="2023-08/2024-07")
    make_statement(title="About 2024", date="2024~")
    make_statement(title="The 2010s", date="201X")
    assert listed(client, "?sort=date") == ["The 2010s", "Between", "About 2024", "Probably April"]


def test_a_statement_page_says_its_date_in_words(client):
    statement = make_statement(date="2023-08/2024-07")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert '<span class="when">between August 2023 and July 2024</span>' in page
    statement = make_statement(date="2025-04?")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert '<time datetime="2025-04">probably April 2025</time>' in page


def test_range_ends_may_be_a_month_or_a_year(client):
    make_statement(title="June 2020", date="2020-06-12")
    make_statement(title="2025", date="2025-02-27")
    assert listed(client, "?date_from=2020&date_to=2020") == ["June 2020"]
    assert listed(client, "?date_from=2020-06&date_to=2020-06") == ["June 2020"]


def test_filters_combine(client):
    cstd = make_forum(acronym="CSTD", name="CSTD")
    make_statement(
        title="Iran at the CSTD on the divide",
        on_behalf_of_country_id="IR",
        forum=cstd,
        themes=[theme("digital-divide")],
    )
    make_statement(
        title="Iran at the CSTD on AI",
        on_behalf_of_country_id="IR",
        forum=cstd,
        themes=[theme("artificial-intelligence")],
    )
    make_statement(
        title="Cuba at the CSTD on the divide",
        on_behalf_of_country_id="CU",
        forum=cstd,
        themes=[theme("digital-divide")],
    )
    assert listed(client, "?country=IR&forum=cstd&theme=digital-divide") == [
        "Iran at the CSTD on the divide"
    ]


def test_sort_by_title_and_by_date_ascending(client):
    make_statement(title="Bravo", date="2024-01-01")
    make_statement(title="Alpha", date="2025-01-01")
    make_statement(title="Charlie", date="2023-01-01")
    assert listed(client, "?sort=title") == ["Alpha", "Bravo", "Charlie"]
    assert listed(client, "?sort=-title") == ["Charlie", "Bravo", "Alpha"]
    assert listed(client, "?sort=date") == ["Charlie", "Bravo", "Alpha"]


def test_statements_on_the_same_day_keep_one_total_order(client):
    for n in range(5):
        make_statement(title=f"Same day {n}", date="2025-01-01")
    assert listed(client) == [f"Same day {n}" for n in reversed(range(5))]


def test_pages_of_fifty_walk_every_row_once(client):
    for day in range(1, 121):
        make_statement(
            title=f"S{day:03}", date=str(datetime.date(2024, 1, 1) + datetime.timedelta(days=day))
        )
    pages = [listed(client, f"?page={n}") for n in (1, 2, 3)]
    assert [len(page) for page in pages] == [50, 50, 20]
    titles = [title for page in pages for title in page]
    assert titles == sorted(titles, reverse=True) and len(set(titles)) == 120


def test_the_count_is_exact_when_small(client):
    make_statement()
    make_statement()
    response = client.get("/statements/")
    assert response.context["page"].count == 2
    assert "2 statements" in response.content.decode()


def test_the_count_stops_at_the_limit(client, monkeypatch):
    monkeypatch.setattr("statements.listing.COUNT_LIMIT", 3)
    monkeypatch.setattr("statements.listing.PAGE_SIZE", 2)
    for _ in range(5):
        make_statement()
    response = client.get("/statements/?page=2")
    page = response.context["page"]
    assert (page.count, page.number, len(page.rows), page.has_next) == (None, 2, 2, True)
    assert "More than" in response.content.decode()
    assert client.get("/statements/?page=3").context["page"].has_next is False


def test_the_count_of_a_search_stops_at_a_tenth_of_the_limit(client, monkeypatch):
    monkeypatch.setattr("statements.listing.COUNT_LIMIT", 30)
    monkeypatch.setattr("statements.listing.SEARCH_COUNT_LIMIT", 3)
    for _ in range(5):
        make_statement(summary="On satellites")
    searched = client.get("/statements/?q=satellites")
    assert searched.context["page"].count is None
    assert "More than 3 statements" in searched.content.decode()
    assert client.get("/statements/").context["page"].count == 5


def test_draft_forum_theme_or_actor_slugs_are_unknown(client):
    make_forum(acronym="HID", name="Hidden", status=Status.DRAFT)
    Theme.objects.create(name="Hidden theme", status=Status.IN_REVIEW)
    make_statement()
    for query in ("?forum=hid", "?theme=hidden-theme"):
        response = client.get(f"/statements/{query}")
        assert response.status_code == 200
        assert any("unknown" in message for _, message in response.context["notices"])


@pytest.mark.parametrize("count", [1, 50])
def test_the_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        make_statement(
            on_behalf_of_country_id="IR",
            event=make_event(),
            themes=[theme("digital-divide"), theme("satellites")],
            mentioned_countries=["CU"],
        )
    # The page: the filters' look-ups, the country (1) and the theme (2), the tree of themes
    # (3) and the published ones under the chosen one (4); the bounded count (5), the page's
    # ids (6), its statements with their relations (7) and their themes (8).
    # The filter panel: the data's generation (9); counted within the other filters, the
    # countries on a set without the country (its look-ups of the theme, 10-12, and its rows,
    # 13) and the themes on a set without the theme (the country, 14, and its rows, 15); the
    # other facets on the list's own rows (16), with their themes (17) and mentioned
    # countries (18); the names of the speakers (19). The first visit in a generation also
    # reads the kept counts (1), the trees of forums and themes (2) and the names of
    # countries (1); the very first counts each facet over every published record (12
    # queries: one per facet, two for the speakers, one per depth of the tree of themes) and
    # keeps the counts (1).
    path = "/statements/?country=IR&theme=digital-divide"
    with django_assert_num_queries(19 + 4 + 12 + 1):
        response = client.get(path)
    assert response.status_code == 200
    assert len(response.context["page"].rows) == count
    with django_assert_num_queries(19):
        assert client.get(path).status_code == 200


def test_the_list_does_not_read_the_full_texts_it_does_not_show(client):
    make_statement(title="Long", text="word " * 5000, event=make_event())
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/statements/")
    assert "Long" in response.content.decode()
    rows = [q["sql"] for q in queries if q["sql"].startswith('SELECT "statements_statement"."id"')]
    read = " ".join(rows)
    assert rows and '"statements_statement"."text"' not in read
    assert "search_document" not in read and '"statements_event"."description"' not in read


def test_a_rows_themes_link_to_this_list_narrowed_to_each_of_them(client):
    themes = [theme("digital-divide"), theme("satellites")]
    make_statement(on_behalf_of_country_id="IR", themes=themes)
    make_statement(on_behalf_of_country_id="IR", themes=themes[1:])
    html = client.get("/statements/?country=IR&page=1").content.decode()
    assert html.count('href="?country=IR&amp;theme=digital-divide"') == 1
    assert html.count('href="?country=IR&amp;theme=satellites"') == 2
