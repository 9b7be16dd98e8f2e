"""The filter panel of the lists: each facet's values with the records each would give within
the other filters, most frequent first, trees as trees, and counts only while they are cheap."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements import derived, facets
from statements.models import CachedCounts, Status
from statements.workflow import PUBLISH, SEND_BACK, move

from .factories import (
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_statement,
    make_theme,
    theme,
)

pytestmark = pytest.mark.django_db


def facet(response, name):
    return next(each for each in response.context["facets"] if each.name == name)


def options(response, name):
    """(label, count, chosen) of a facet's values, in the panel's order."""
    return [(o.label, o.count, o.chosen) for o in facet(response, name).options]


def speaker_from(code):
    return make_person(name=f"Delegate of {code}", country_id=code)


@pytest.fixture
def said():
    """Iran three times (two on the digital divide), Cuba twice, Brazil once."""
    divide, capacity = theme("digital-divide"), theme("capacity-building")
    make_statement(speaker=speaker_from("IR"), themes=[divide, capacity], date="2023")
    make_statement(speaker=speaker_from("IR"), themes=[divide], date="2024-05-02")
    make_statement(speaker=speaker_from("IR"), themes=[theme("ict-security")], kind="remarks")
    make_statement(speaker=speaker_from("CU"), themes=[divide], language="es")
    make_statement(speaker=speaker_from("CU"), themes=[capacity], language="es")
    make_statement(speaker=speaker_from("BR"), status=Status.DRAFT, themes=[divide])
    make_statement(speaker=speaker_from("BR"))


def test_each_country_shows_how_many_statements_it_would_give_most_frequent_first(client, said):
    response = client.get("/statements/")
    assert options(response, "country") == [
        ("Iran", 3, False),
        ("Cuba", 2, False),
        ("Brazil", 1, False),
    ]
    assert b'<span class="n">3</span>' in response.content


def test_a_facet_is_counted_within_the_other_filters_and_keeps_its_other_values(client, said):
    response = client.get("/statements/?country=IR&theme=digital-divide")
    # Countries within the theme: choosing Iran does not hide Cuba.
    assert options(response, "country") == [("Iran", 2, True), ("Cuba", 1, False)]
    # Kinds within Iran and the theme.
    assert options(response, "kind") == [("speech", 2, False)]


def test_a_theme_counts_each_statement_under_it_once_and_is_shown_as_a_tree(client, said):
    response = client.get("/statements/?country=IR")
    shown = [(o.label, o.count, o.depth) for o in facet(response, "theme").options]
    # One statement on two sub-themes counts once for their parent.
    assert shown[:3] == [
        ("Digital development", 2, 0),
        ("Digital divide", 2, 1),
        ("Capacity-building", 1, 1),
    ]
    assert ("ICT security", 1, 0) in shown


def test_the_panel_counts_only_published_records(client, said):
    make_theme(name="Unreviewed theme", status=Status.DRAFT, parent=theme("digital-divide"))
    response = client.get("/statements/?theme=digital-divide")
    assert options(response, "country") == [("Iran", 2, False), ("Cuba", 1, False)]
    assert "Unreviewed theme" not in response.content.decode()


def test_a_year_counts_every_statement_that_may_fall_in_it_and_links_to_its_dates(client, said):
    make_statement(speaker=speaker_from("IR"), date="2023/2024")
    response = client.get("/statements/?country=IR")
    assert options(response, "year") == [("2025", 1, False), ("2024", 2, False), ("2023", 2, False)]
    assert 'href="?country=IR&amp;date_from=2024&amp;date_to=2024"' in response.content.decode()
    chosen = client.get("/statements/?country=IR&date_from=2024&date_to=2024")
    assert ("2024", 2, True) in options(chosen, "year")
    assert [s.date for s in chosen.context["page"].rows] == ["2024-05-02", "2023/2024"]


def test_languages_are_named_and_a_speaker_counts_for_both_speaker_and_principal(client):
    ministry = make_actor(name="Ministry of ICT of Iran", country_id="IR")
    envoy = make_person(name="Envoy")
    make_statement(speaker=envoy, on_behalf_of_actor=ministry, language="fa")
    make_statement(speaker=ministry, language="fa")
    response = client.get("/statements/?language=fa")
    assert options(response, "language") == [("Persian", 2, True)]
    assert options(response, "actor") == [
        ("Ministry of ICT of Iran", 2, False),
        ("Envoy", 1, False),
    ]


def test_over_the_bound_counts_are_left_out_and_values_keep_their_overall_order(
    client, said, monkeypatch
):
    monkeypatch.setattr(facets, "FACET_COUNT_LIMIT", 2)
    response = client.get("/statements/?theme=digital-divide")
    assert options(response, "country") == [
        ("Iran", None, False),
        ("Cuba", None, False),
        ("Brazil", None, False),
    ]
    assert "Counts appear once no more than 2 statements match" in response.content.decode()
    # Under the bound, the same facet is counted.
    counted = client.get("/statements/?theme=digital-divide&country=CU")
    assert options(counted, "kind") == [("speech", 1, False)]


def test_the_unfiltered_panel_is_counted_once_and_kept_until_the_keeper_counts_again(client, said):
    client.get("/statements/")
    assert CachedCounts.objects.filter(key="facets:statements:country").exists()
    make_statement(speaker=speaker_from("CU"))
    kept = client.get("/statements/")
    call_command("keep_counts", "--once", stdout=io.StringIO())
    again = client.get("/statements/")
    assert options(kept, "country")[1] == ("Cuba", 2, False)
    assert ("Cuba", 3, False) in options(again, "country")


def test_the_panel_follows_every_change_the_public_sees_though_its_options_are_kept(client, said):
    client.get("/statements/")
    divide = theme("digital-divide")
    with derived.changing(divide):  # as the desk saves a record
        divide.name = "Digital divides"
        divide.save()
    renamed = client.get("/statements/")
    assert [o.label for o in facet(renamed, "theme").options if o.value == "digital-divide"] == [
        "Digital divides"
    ]
    waiting = make_statement(speaker=speaker_from("BR"), status=Status.IN_REVIEW)
    move(waiting, PUBLISH)
    call_command("keep_counts", "--once", stdout=io.StringIO())
    assert ("Brazil", 2, False) in options(client.get("/statements/"), "country")
    move(waiting, SEND_BACK, "wrong speaker")
    call_command("keep_counts", "--once", stdout=io.StringIO())
    assert ("Brazil", 1, False) in options(client.get("/statements/"), "country")


def test_a_chosen_year_is_chosen_on_its_page_only_though_the_years_options_are_kept(client, said):
    year = client.get("/statements/?date_from=2024&date_to=2024")
    assert ("2024", 1, True) in options(year, "year")
    assert ("2024", 1, False) in options(client.get("/statements/"), "year")
    assert ("2024", 1, True) in options(
        client.get("/statements/?date_from=2024&date_to=2024"), "year"
    )


def test_the_keeper_counts_the_panel_again_though_a_reader_saw_it_since_the_change(client, said):
    client.get("/statements/")
    waiting = make_statement(speaker=speaker_from("BR"), status=Status.IN_REVIEW)
    move(waiting, PUBLISH)
    assert ("Brazil", 1, False) in options(client.get("/statements/"), "country")  # kept
    call_command("keep_counts", "--once", stdout=io.StringIO())  # in this same process
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/statements/")
    assert ("Brazil", 2, False) in options(again, "country")
    assert not any("GROUP BY" in query["sql"] for query in queries.captured_queries)


def test_agreements_events_and_actors_have_their_own_facets(client):
    make_agreement(parties=("IR", "CU"), themes=[theme("digital-divide")])
    make_agreement(parties=("IR", "RS"), agreement_status="proposed", signed_on="")
    cstd = make_forum(name="Commission on Science and Technology for Development", acronym="CSTD")
    make_event(forum=cstd, host_country_id="CH")
    make_actor(name="Ministry", kind="ministry", country_id="IR")

    agreements = client.get("/agreements/")
    assert options(agreements, "country")[0] == ("Iran", 2, False)
    assert options(agreements, "status") == [("proposed", 1, False), ("signed", 1, False)]
    events = client.get("/events/")
    assert ("Commission on Science and Technology for Development", 1, False) in options(
        events, "forum"
    )
    assert options(events, "country") == [("Switzerland", 1, False)]
    actors = client.get("/actors/?country=IR")
    assert ("Iran", 1, True) in options(actors, "country")


def test_a_submitted_form_is_sent_to_the_url_without_its_empty_parameters(client, said):
    response = client.get("/statements/?q=&country=IR&date_from=&date_to=&theme=digital-divide")
    assert response.status_code == 302
    assert response["Location"] == "/statements/?country=IR&theme=digital-divide"


def test_sorts_are_offered_in_words(client, said):
    page = client.get("/statements/?q=divide").content.decode()
    assert 'Sorted\n    <a href="?q=divide&amp;sort=-date">newest first</a>' in page
    for words in ("oldest first", "title A–Z", "title Z–A", "most relevant"):
        assert words in page
    actors = client.get("/actors/").content.decode()
    assert "name A–Z" in actors and "title A–Z" not in actors


def test_a_theme_in_a_row_adds_to_the_readers_filters(client, said):
    page = client.get("/statements/?country=IR&page=1").content.decode()
    assert 'href="?country=IR&amp;theme=ict-security"' in page


def test_every_page_has_a_search_box_in_its_header(client, said):
    for path in ("/", "/statements/", "/data/", "/themes/digital-divide/"):
        page = client.get(path).content.decode()
        assert '<form class="site-search" role="search" method="get" action="/statements/">' in page


def test_a_record_page_leads_back_to_the_readers_results(client, said):
    statement = make_statement(title="Back and forth", speaker=speaker_from("IR"))
    came_from = "http://testserver/statements/?country=IR&theme=digital-divide"
    page = client.get(statement.get_absolute_url(), headers={"referer": came_from})
    assert (
        '<a href="/statements/?country=IR&amp;theme=digital-divide">← Back to your statements</a>'
        in page.content.decode()
    )
    elsewhere = client.get(
        statement.get_absolute_url(), headers={"referer": "https://x.org/s/?a=1"}
    )
    assert '<a href="/statements/">Statements</a>' in elsewhere.content.decode()


def test_an_empty_list_says_whether_nothing_matches_or_nothing_is_published(client):
    assert "No statements are published yet." in client.get("/statements/").content.decode()
    make_statement(speaker=speaker_from("IR"))
    page = client.get("/statements/?country=CU").content.decode()
    assert "No statements match these filters." in page
