"""The admin lists of statements and agreements stay fast at a million rows: bounded counts,
full-text search, and filters by year and language read from kept counts."""

import pytest
from django.contrib.messages import get_messages

from statements.models import Statement, Status

from .desk import member_of
from .factories import make_agreement, make_statement

pytestmark = pytest.mark.django_db

STATEMENTS = "/admin/statements/statement/"


@pytest.fixture
def curator(client):
    client.force_login(member_of("curators", "carla"))


def listed(response):
    return sorted(record.title for record in response.context["cl"].result_list)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def three_counted(monkeypatch):
    monkeypatch.setattr("statements.admin.long_lists.COUNT_LIMIT", 3)
    monkeypatch.setattr("statements.admin.long_lists.LargeListAdmin.count_limit", 3)


def test_the_count_stops_past_the_limit_and_the_list_says_so(client, curator, three_counted):
    for _ in range(5):
        make_statement()
    response = client.get(STATEMENTS)
    assert response.context["cl"].result_count == 4
    assert any("More than 3 records match" in message for message in messages_of(response))
    assert "More than 3 statements" in response.content.decode()
    few = client.get(STATEMENTS, {"q": "Statement", "kind__exact": "interview"})
    assert few.context["cl"].result_count == 0
    assert not messages_of(few)


def test_an_action_on_all_of_a_list_past_the_limit_is_refused(client, three_counted):
    reviewer = member_of("reviewers", "rita")
    client.force_login(reviewer)
    drafts = [make_statement(status=Status.DRAFT) for _ in range(5)]
    response = client.post(
        STATEMENTS,
        {"action": "publish", "select_across": "1", "_selected_action": [drafts[0].pk]},
        follow=True,
    )
    assert any("at most 3 records at once" in message for message in messages_of(response))
    assert not Statement.objects.filter(status=Status.PUBLISHED).exists()


def test_the_lists_offer_no_facet_counts(client, curator):
    make_statement()
    response = client.get(STATEMENTS, {"_facets": "True"})
    assert not response.context["cl"].add_facets


def test_the_search_reads_words_as_the_public_search_does_in_every_status(client, curator):
    make_statement(title="Launching satellites", status=Status.DRAFT)
    make_statement(title="On the digital divide", summary="Satellites bridge it.")
    make_statement(title="On roaming")
    response = client.get(STATEMENTS, {"q": "satellite"})
    assert listed(response) == ["Launching satellites", "On the digital divide"]
    assert listed(client.get(STATEMENTS, {"q": '"digital divide" or roaming'})) == [
        "On roaming",
        "On the digital divide",
    ]
    agreements = client.get("/admin/statements/agreement/", {"q": "memorandum -cyber"})
    assert agreements.status_code == 200


def test_a_search_with_no_word_to_look_for_finds_nothing_and_says_why(client, curator):
    make_statement(title="Anything")
    response = client.get(STATEMENTS, {"q": "-anything"})
    assert response.status_code == 200
    assert listed(response) == []
    assert any("without a word to search for" in message for message in messages_of(response))


def test_statements_and_agreements_filter_by_year(client, curator):
    make_statement(title="Old", date="2011-05-01")
    make_statement(title="New", date="2024-02-29")
    make_agreement(title="Pact", signed_on="2011-12-31")
    response = client.get(STATEMENTS, {"date_year": "2011"})
    assert listed(response) == ["Old"]
    years = [
        choice["display"]
        for choice in response.context["cl"].filter_specs[1].choices(response.context["cl"])
    ]
    assert years[1:] == [str(year) for year in range(2024, 2010, -1)]
    pacts = client.get("/admin/statements/agreement/", {"signed_on_year": "2011"})
    assert listed(pacts) == ["Pact"]


@pytest.mark.parametrize("year", ["soon", "²⁰¹¹", "20110"])
def test_a_year_that_is_not_one_is_not_applied_and_said_so(client, curator, year):
    make_statement(title="Old", date="2011-05-01")
    make_statement(title="New", date="2024-02-29")
    response = client.get(STATEMENTS, {"date_year": year})
    assert response.status_code == 200
    assert listed(response) == ["New", "Old"]
    assert any("was not a year" in message for message in messages_of(response))


def test_statements_filter_by_the_languages_they_are_in(client, curator):
    make_statement(title="In French", language="fr")
    make_statement(title="In English", language="en")
    response = client.get(STATEMENTS, {"language": "fr"})
    assert listed(response) == ["In French"]
    assert "French" in response.content.decode()
