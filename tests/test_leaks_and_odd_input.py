"""Regressions found in review: drafts reached through derived data, and odd URL input."""

import pytest

from statements.models import Statement, Status

from .factories import (
    add_party,
    change,
    make_actor,
    make_agreement,
    make_forum,
    make_person,
    make_statement,
)

pytestmark = pytest.mark.django_db


def test_a_draft_speakers_names_and_country_do_not_reach_the_public(client):
    speaker = make_person(name="Zorblax Secretname", country_id="FR", status=Status.DRAFT)
    statement = make_statement(title="Open words", speaker=speaker)
    assert Statement.objects.get(pk=statement.pk).country_id is None
    assert client.get("/statements/?q=zorblax").context["page"].rows == []
    assert client.get("/statements/?country=FR").context["page"].rows == []
    change(speaker, status=Status.PUBLISHED)
    assert [s.title for s in client.get("/statements/?q=zorblax").context["page"].rows] == [
        "Open words"
    ]
    assert Statement.objects.get(pk=statement.pk).country_id == "FR"


def test_a_draft_party_organisations_country_is_not_used(client):
    agreement = make_agreement(parties=("IR", "CU"))
    add_party(agreement, organisation=make_actor(country_id="DE", status=Status.DRAFT))
    assert client.get("/agreements/?country=DE").context["page"].rows == []
    partners = client.get("/countries/IR/").context["partners"]
    assert [str(country) for country, _ in partners] == ["Cuba"]


@pytest.mark.parametrize("page", ["²", "¹", "٣"])
def test_non_ascii_digits_are_not_page_numbers(client, page):
    make_statement()
    response = client.get("/statements/", {"page": page})
    assert response.status_code == 200 and response.context["page"].number == 1


@pytest.mark.parametrize(
    "path",
    ["/actors/a%00b/", "/events/a%00b/", "/countries/I%00/", "/forums/a%00/", "/themes/a%00/"],
)
def test_control_characters_in_a_path_are_a_404(client, path):
    assert client.get(path).status_code == 404


def test_a_slug_in_capitals_redirects_to_the_canonical_url(client):
    make_forum(name="CSTD", acronym="CSTD")
    response = client.get("/forums/CSTD/")
    assert (response.status_code, response["Location"]) == (301, "/forums/cstd/")


def test_highlighting_never_splits_an_escaped_character(client):
    make_statement(title="Iran's view", summary="Iran's view on x27 & amp")
    page = client.get("/statements/", {"q": "iran or x27 or amp"}).content.decode()
    assert "<mark>Iran</mark>&#x27;s view" in page
    assert "&#<mark>" not in page and "&<mark>" not in page


def test_the_search_chip_shows_the_search_that_was_run(client):
    make_statement(title="Iran speaks", summary="iran")
    response = client.get("/statements/?q=zzzz&q=iran")
    assert [c.label for c in response.context["chips"]] == ["Search: iran"]
    assert len(response.context["page"].rows) == 1


def test_the_form_does_not_pin_the_default_sort(client):
    make_statement()
    assert 'name="sort"' not in client.get("/statements/").content.decode()
    assert 'name="sort" value="title"' in client.get("/statements/?sort=title").content.decode()
