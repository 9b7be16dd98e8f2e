import datetime

import pytest

from statements.views.hubs import LATEST

from .factories import make_agreement, make_statement, theme

pytestmark = pytest.mark.django_db


def test_home_page_says_what_demarche_is(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "What states say and sign about technology" in response.content.decode()


def test_home_page_lists_the_latest_statements_newest_first(client):
    older = make_statement(title="Older statement", date="2020-06-12")
    newer = make_statement(title="Newer statement", date="2025-02-27")
    statements = client.get("/").context["statements"]
    assert [statement.pk for statement in statements] == [newer.pk, older.pk]


def test_home_page_shows_at_most_the_latest_ten(client):
    for day in range(1, LATEST + 3):
        make_statement(date=datetime.date(2025, 1, day).isoformat())
    assert len(client.get("/").context["statements"]) == LATEST


@pytest.mark.parametrize("count", [1, LATEST])
def test_home_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        make_statement(themes=[theme("digital-divide"), theme("satellites")])
        make_agreement(themes=[theme("postal-services")])
    # The kept counts (1), the countries they name (2), the forums (3) and themes (4) to
    # explore, the latest statements with their speaker, event, forum and country (5) and
    # their themes (6), the latest agreements (7), their parties (8) and themes (9). The first
    # visit also counts the statements per country and keeps the count (2 more).
    with django_assert_num_queries(11):
        assert client.get("/").status_code == 200
    with django_assert_num_queries(9):
        assert client.get("/").status_code == 200


def test_a_statement_page_shows_the_statement_with_its_sources(client):
    statement = make_statement(
        title="On sanctions",
        summary="Sanctions widen the gap.",
        text="First paragraph.\n\nSecond paragraph.",
        themes=[theme("unilateral-coercive-measures")],
    )
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<h1>On sanctions</h1>" in page
    assert "<p>First paragraph.</p>" in page and "<p>Second paragraph.</p>" in page
    assert "Unilateral coercive measures" in page
    assert statement.sources.get().url in page


def test_an_unknown_statement_is_a_404_page_in_the_site_style(client):
    response = client.get("/statements/999999/nothing/")
    assert response.status_code == 404
    assert "Demarche" in response.content.decode()


def test_a_server_error_shows_a_page_in_the_site_style(client, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("statements.views.hubs.render", fail)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert "database went away" not in response.content.decode()
