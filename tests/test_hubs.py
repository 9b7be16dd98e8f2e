"""Hubs of a country, a forum and a theme, and the home page's entry points."""

import pytest

from statements.charts import YearChart
from statements.models import Status

from .factories import make_actor, make_agreement, make_event, make_forum, make_statement, theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def cstd():
    ecosoc = make_forum(name="Economic and Social Council", acronym="ECOSOC")
    return make_forum(name="Commission on Science and Technology", acronym="CSTD", parent=ecosoc)


def test_a_country_hub_shows_what_it_said_by_forum_and_theme(client, cstd):
    make_statement(on_behalf_of_country_id="IR", forum=cstd, themes=[theme("digital-divide")])
    make_statement(on_behalf_of_country_id="IR", forum=cstd, themes=[theme("digital-divide")])
    make_statement(on_behalf_of_country_id="CU", forum=cstd)
    response = client.get("/countries/IR/")
    assert [(f.slug, f.count) for f in response.context["by_forum"]] == [("cstd", 2)]
    assert [(t.slug, t.count) for t in response.context["by_theme"]] == [("digital-divide", 2)]
    assert "/statements/?country=IR&amp;forum=cstd" in response.content.decode()


def test_a_country_hub_shows_agreements_partners_and_events_hosted(client):
    make_agreement(title="With Cuba", parties=("IR", "CU"))
    make_agreement(title="With Serbia", parties=("IR", "RS"))
    make_agreement(title="Cuba and Serbia", parties=("CU", "RS"))
    make_event(name="Hosted in Tehran", host_country_id="IR")
    response = client.get("/countries/IR/")
    assert {a.title for a in response.context["agreements"]} == {"With Cuba", "With Serbia"}
    assert {(str(c), n) for c, n in response.context["partners"]} == {("Cuba", 1), ("Serbia", 1)}
    assert "Hosted in Tehran" in response.content.decode()


def test_a_hub_draws_a_chart_per_year_with_a_text_alternative(client):
    make_statement(on_behalf_of_country_id="IR", date="2020-06-12")
    make_statement(on_behalf_of_country_id="IR", date="2025-02-27")
    make_agreement(parties=("IR", "CU"), signed_on="2024-11-24")
    page = client.get("/countries/IR/").content.decode()
    assert "<svg viewBox" in page and 'role="img"' in page
    assert "2020: 1 statement, 0 agreements" in page
    assert "2024: 0 statements, 1 agreement" in page
    assert "2021:" not in page.split("<desc")[1].split("</desc>")[0]


def test_a_chart_has_a_scale_from_zero_labelled_axes_and_values_on_its_bars(client):
    for _ in range(3):
        make_statement(on_behalf_of_country_id="IR", date="2024-03-01")
    response = client.get("/countries/IR/")
    chart = response.context["chart"]
    # Three statements are not drawn as tall as the scale: it reaches 5 at least.
    assert chart.scale_top == 5
    assert [tick["value"] for tick in chart.ticks] == [0, 5]
    [column] = chart.columns
    statements = column["statements"]
    assert statements.height == pytest.approx(150 * 3 / 5)
    page = response.content.decode()
    assert '<text class="axis-label"' in page and ">Year</text>" in page
    assert ">Records</text>" in page
    assert 'text-anchor="middle">3</text>' in page
    assert "on a scale from 0 to 5" in page


@pytest.mark.parametrize(("highest", "top"), [(1, 5), (7, 10), (12, 20), (180, 200), (2400, 2500)])
def test_a_charts_scale_ends_on_a_round_number(highest, top):
    assert YearChart([(2024, highest, 0)]).scale_top == top


def test_lowercase_country_codes_redirect_and_unknown_codes_are_404(client):
    response = client.get("/countries/ir/")
    assert (response.status_code, response["Location"]) == (301, "/countries/IR/")
    assert client.get("/countries/ZZ/").status_code == 404


def test_a_forum_hub_shows_sessions_sub_forums_and_statements_of_sub_forums(client, cstd):
    make_event(name="28th session", forum=cstd)
    make_statement(title="At the CSTD", forum=cstd)
    response = client.get("/forums/ecosoc/")
    page = response.content.decode()
    assert "28th session" in page and "At the CSTD" in page and 'href="/forums/cstd/"' in page


def test_a_theme_hub_shows_sub_themes_and_statements_on_them(client):
    make_statement(title="On satellites", themes=[theme("satellites")])
    make_agreement(title="Postal MoU").themes.set([theme("postal-services")])
    page = client.get("/themes/digital-infrastructure/").content.decode()
    for text in ["Telecommunications", "Satellites", "On satellites", "Postal MoU"]:
        assert text in page, text


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_hubs_never_show_or_count_records_not_yet_published(client, cstd, status):
    make_statement(
        title="Hidden words",
        on_behalf_of_country_id="IR",
        forum=cstd,
        themes=[theme("digital-divide")],
        status=status,
    )
    make_agreement(title="Hidden pact", parties=("IR", "CU"), status=status)
    make_event(name="Hidden visit", host_country_id="IR", forum=cstd, status=status)
    hidden_forum = make_forum(name="Hidden forum", acronym="HF", status=status)
    make_statement(title="Visible words", on_behalf_of_country_id="IR", forum=hidden_forum)
    for path in ["/countries/IR/", "/forums/cstd/", "/themes/digital-divide/", "/"]:
        page = client.get(path).content.decode()
        assert "Hidden" not in page, path
    response = client.get("/countries/IR/")
    assert list(response.context["by_forum"]) == []
    assert list(response.context["by_theme"]) == []
    assert response.context["partners"] == []
    assert client.get("/forums/hf/").status_code == 404


@pytest.mark.parametrize("path", ["/countries/IR/", "/forums/cstd/", "/themes/digital-divide/"])
@pytest.mark.parametrize("count", [1, 20])
def test_hubs_run_a_fixed_number_of_queries(client, cstd, django_assert_num_queries, path, count):
    for _ in range(count):
        make_statement(on_behalf_of_country_id="IR", forum=cstd, themes=[theme("digital-divide")])
        make_agreement(parties=("IR", "CU"), themes=[theme("digital-divide")])
    first, later = QUERIES[path]
    with django_assert_num_queries(first):
        assert client.get(path).status_code == 200
    with django_assert_num_queries(later):
        assert client.get(path).status_code == 200


# (first visit, later visits), whatever the number of records.
QUERIES = {
    # The country (1), its kept counts (1); on a first visit the counts by forum, by theme,
    # the partners (in SQL, names included), by year of statements and of agreements (5)
    # and keeping them (1); the forums, themes and countries they name (3); the latest
    # statements and their themes (2), agreements, their parties and themes (3), and the
    # events it hosted (1).
    "/countries/IR/": (17, 11),
    # The forum (1); the tree of forums and the published ones under it (2), for its
    # statements, its agreements' events and its sessions (x3); its kept counts (1); on a
    # first visit the counts by country and by year of statements and of agreements (3) and
    # keeping them (1); the countries they name (1); the forums under it (1); its sessions
    # (1); the latest statements and their themes (2).
    "/forums/cstd/": (17, 13),
    # The theme (1); the tree of themes and the published ones under it (2), for its
    # statements and its agreements (x2); its kept counts (1); on a first visit the counts by
    # country and by year (3) and keeping them (1); whether it has sub-themes (1); the
    # countries the counts name (1); the latest statements and their themes (2), agreements,
    # their parties and themes (3).
    "/themes/digital-divide/": (17, 13),
}


def test_the_home_page_offers_countries_forums_and_themes(client, cstd):
    make_statement(on_behalf_of_country_id="IR", forum=cstd)
    page = client.get("/").content.decode()
    for link in [
        'href="/countries/IR/"',
        'href="/forums/cstd/"',
        'href="/themes/digital-divide/"',
        'href="/statements/"',
        'href="/agreements/"',
    ]:
        assert link in page, link


def test_a_page_without_agreements_of_its_own_does_not_say_none_are_published(client):
    """Six agreements may be published while a theme or an actor has none of its own."""
    make_agreement(title="Postal MoU")
    actor = make_actor(name="Ministry without agreements")
    pages = {
        actor.get_absolute_url(): "No published agreement names this actor",
        "/themes/satellites/": "No published agreement is on this theme.",
        "/countries/BR/": "No published agreement binds this country.",
    }
    for url, said in pages.items():
        page = client.get(url).content.decode()
        assert said in page, url
        assert "No agreements published yet." not in page, url
