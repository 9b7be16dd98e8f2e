"""Bad input is the user's mistake: a notice naming the parameter, never a 500."""

import pytest

from .factories import make_statement

pytestmark = pytest.mark.django_db

LISTS = ["/statements/", "/agreements/", "/events/", "/actors/"]


@pytest.fixture
def iran_and_cuba():
    make_statement(title="Iran speaks", on_behalf_of_country_id="IR")
    make_statement(title="Cuba speaks", on_behalf_of_country_id="CU")


def notices(response):
    return dict(response.context["notices"])


def test_an_unknown_country_is_named_and_the_known_ones_still_apply(client, iran_and_cuba):
    response = client.get("/statements/?country=IR&country=ZZ")
    assert response.status_code == 200
    assert notices(response)["country"] == "unknown country code: ZZ"
    assert [s.title for s in response.context["page"].rows] == ["Iran speaks"]
    assert "unknown country code: ZZ" in response.content.decode()


def test_an_unknown_slug_is_named(client, iran_and_cuba):
    response = client.get("/statements/?theme=no-such-theme&forum=nowhere")
    assert notices(response) == {
        "theme": "unknown theme: no-such-theme",
        "forum": "unknown forum: nowhere",
    }
    assert len(response.context["page"].rows) == 2


def test_a_malformed_date_is_named_and_the_other_filters_apply(client, iran_and_cuba):
    response = client.get("/statements/?date_from=2025-13-45&country=CU")
    assert "is not a date" in notices(response)["date_from"]
    assert [s.title for s in response.context["page"].rows] == ["Cuba speaks"]


def test_date_from_after_date_to_is_named(client, iran_and_cuba):
    response = client.get("/statements/?date_from=2025-05-01&date_to=2025-04-01")
    assert "is after date_to" in notices(response)["date_from"]
    assert len(response.context["page"].rows) == 2


def test_an_unknown_sort_is_named_and_the_default_used(client, iran_and_cuba):
    response = client.get("/statements/?sort=popularity")
    assert notices(response)["sort"] == "unknown sort: popularity"
    assert response.context["sort"] == "-date"


def test_relevance_without_a_search_falls_back_to_date(client, iran_and_cuba):
    response = client.get("/statements/?sort=relevance")
    assert "relevance needs a search" in notices(response)["sort"]


@pytest.mark.parametrize("page", ["x", "0", "-1", "1.5", "99999999999"])
def test_a_page_that_is_not_a_page_number_shows_the_first_page(client, iran_and_cuba, page):
    response = client.get(f"/statements/?page={page}")
    assert response.status_code == 200
    assert "page" in notices(response)
    assert response.context["page"].number == 1


def test_a_page_past_the_end_shows_the_last_page(client, iran_and_cuba):
    response = client.get("/statements/?page=7")
    assert notices(response)["page"].startswith("page 7 is past the end")
    assert response.context["page"].number == 1
    assert len(response.context["page"].rows) == 2


def test_an_unknown_parameter_is_named(client, iran_and_cuba):
    response = client.get("/statements/?colour=blue")
    assert notices(response)["colour"] == "is not a filter of this list and was ignored"


def test_a_very_long_search_is_cut_short_and_said_so(client, iran_and_cuba):
    response = client.get("/statements/", {"q": "iran " + "a" * 4995})
    assert response.status_code == 200
    assert "only the first 500 of its 5,000 characters" in notices(response)["q"]
    assert [s.title for s in response.context["page"].rows] == []


def test_a_search_of_too_many_terms_is_named(client, iran_and_cuba):
    response = client.get("/statements/", {"q": "iran " * 40})
    assert notices(response)["q"] == (
        "the search has more than 32 terms; this filter was not applied"
    )


def test_a_search_of_only_excluded_words_is_named(client, iran_and_cuba):
    response = client.get("/statements/?q=-iran")
    assert "without a word to search for" in notices(response)["q"]
    assert len(response.context["page"].rows) == 2


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    "query",
    [
        {"country": "<script>alert(1)</script>"},
        {"q": "<script>alert(1)</script>"},
        {"date_from": "<b>2025</b>"},
        {"sort": '"><img src=x onerror=alert(1)>'},
        {"<i>param</i>": "x"},
        {"kind": "speech\x00\x07"},
        {"q": "digital\x1bdivide"},
        {"page": "\x00"},
    ],
)
def test_markup_and_control_characters_are_never_reflected_and_never_fail(client, path, query):
    response = client.get(path, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page
    assert "<i>param</i>" not in page and "<b>2025" not in page
    assert "\x00" not in page and "\x07" not in page
    assert response.context["notices"]


def test_control_characters_are_removed_and_said_so(client, iran_and_cuba):
    response = client.get("/statements/", {"country": "I\x00R"})
    assert notices(response)["country"] == "control characters were removed"
    assert [s.title for s in response.context["page"].rows] == ["Iran speaks"]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_accepts_its_own_filters_without_notice(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.context["notices"] == []
