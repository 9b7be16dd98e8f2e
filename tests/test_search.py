"""q: full-text search with the same results on PostgreSQL and SQLite."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.search import SearchQuery, SearchQueryError

from .factories import change, make_actor, make_agreement, make_event, make_person, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    make_statement(
        title="On the digital divide",
        summary="Sanctions widen the digital divide between nations.",
    )
    make_statement(title="On sanctions", text="The unilateral coercive measures block software.")
    make_statement(title="On cooperation", summary="A divide that is digital, in other words.")
    make_statement(title="On satellites", summary="Cuba wants to build the satellites.")


def found(client, q, path="/statements/"):
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    return {
        row.title if hasattr(row, "title") else row.name for row in response.context["page"].rows
    }


def test_all_words_must_match(client, corpus):
    assert found(client, "digital divide") == {"On the digital divide", "On cooperation"}


def test_a_quoted_phrase_matches_the_words_in_order(client, corpus):
    assert found(client, '"digital divide"') == {"On the digital divide"}


def test_or_matches_either_side(client, corpus):
    assert found(client, "satellites or software") == {"On satellites", "On sanctions"}


def test_a_minus_word_excludes(client, corpus):
    assert found(client, "digital -sanctions") == {"On cooperation"}


def test_words_match_their_inflections(client, corpus):
    assert found(client, "sanction") == {"On the digital divide", "On sanctions"}
    assert found(client, "measure") == {"On sanctions"}


def test_matching_is_case_insensitive(client, corpus):
    assert found(client, "CUBA") == {"On satellites"}


def test_speaker_names_are_searched(client):
    make_statement(title="Address", speaker=make_person(name="Mohammad-Mohsen Sadr"))
    make_statement(title="Other")
    assert found(client, "sadr") == {"Address"}


def test_a_renamed_speaker_is_found_by_the_new_name(client):
    speaker = make_person(name="Sattar Hashemi")
    make_statement(title="Op-ed", speaker=speaker)
    change(speaker, other_names="Seyed Sattar Hashemi")
    assert found(client, "seyed") == {"Op-ed"}


def test_relevance_is_the_default_order_with_a_search(client):
    make_statement(title="Passing mention", summary="satellite")
    make_statement(title="Satellites", summary="satellites, satellites and satellite launches")
    response = client.get("/statements/", {"q": "satellite"})
    assert response.context["sort"] == "relevance"
    assert [row.title for row in response.context["page"].rows][0] == "Satellites"


def test_matching_words_are_highlighted(client, corpus):
    page = client.get("/statements/", {"q": "satellites"}).content.decode()
    assert "On <mark>satellites</mark>" in page


def test_search_combines_with_filters(client, corpus):
    make_statement(
        title="Iran on the digital divide",
        summary="digital divide",
        on_behalf_of_country_id="IR",
        speaker=make_person(country_id="CU"),
    )
    assert found(client, "divide") >= {"Iran on the digital divide"}
    response = client.get("/statements/", {"q": "divide", "country": "IR"})
    titles = {row.title for row in response.context["page"].rows}
    assert "Iran on the digital divide" in titles and "On cooperation" in titles


def test_actors_are_found_by_any_name_including_the_original_script(client):
    make_actor(
        name="Information Technology Organization of Iran",
        original_name="سازمان فناوری اطلاعات ایران",
        other_names="ITO",
    )
    make_actor(name="Ministry of Communications of Cuba", other_names="MINCOM")
    assert found(client, "فناوری", "/actors/") == {"Information Technology Organization of Iran"}
    assert found(client, "mincom", "/actors/") == {"Ministry of Communications of Cuba"}


def test_events_are_searched_by_name_and_place(client):
    make_event(name="28th session of the CSTD", city="Geneva")
    make_event(name="Visit to Cuba", city="Havana")
    assert found(client, "havana", "/events/") == {"Visit to Cuba"}


@pytest.mark.parametrize(
    ("text", "fts5", "websearch"),
    [
        ("digital divide", '("digital" AND "divide")', '"digital" "divide"'),
        ('"digital divide"', '("digital divide")', '"digital divide"'),
        ("a or b", '("a") OR ("b")', '"a" or "b"'),
        ("ict -cuba", '(("ict") NOT "cuba")', '"ict" -"cuba"'),
        ("e-government", '("e government")', '"e government"'),
        ('unclosed "quote here', '("unclosed" AND "quote here")', '"unclosed" "quote here"'),
    ],
)
def test_the_query_is_written_alike_for_both_databases(text, fts5, websearch):
    query = SearchQuery.parse(text)
    assert (query.as_fts5(), query.as_websearch()) == (fts5, websearch)


@pytest.mark.parametrize("text", ["", "   ", "-cuba", "!!! ???", "or"])
def test_a_query_without_words_to_search_for_is_refused(text):
    with pytest.raises(SearchQueryError):
        SearchQuery.parse(text)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("the", {"On the digital divide", "On sanctions"}),
        ("iran -the", {"Iran, from Tehran"}),
        (
            "the or tehran",
            {"On the digital divide", "On sanctions", "Iran, from Tehran"},
        ),
        ("Téhran", {"Iran, from Tehran"}),
        ("diaz", {"On satellites"}),
    ],
)
def test_stop_words_and_accents_are_treated_alike_on_both_databases(client, corpus, q, expected):
    make_statement(title="Iran, from Tehran", summary="No article here.")
    from statements.models import Statement

    Statement.objects.filter(title="On satellites").update(summary="Díaz wants satellites.")
    Statement.objects.get(title="On satellites").save()
    assert found(client, q) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL plan")
@pytest.mark.parametrize("path", ["/statements/", "/agreements/"])
def test_a_search_in_few_rows_gathers_them_from_the_index_and_finds_what_a_walk_finds(
    client, corpus, monkeypatch, path
):
    """Instead of walking the date index and reading each row's search vector, which reads
    the whole table when a phrase matches nothing; the rows found are the same either way."""
    make_agreement(title="On the digital divide", summary="The digital divide, again.")

    def page_and_plans(q):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(path, {"q": q}).context["page"]
        gathered = any("'enable_indexscan', 'off'" in query["sql"] for query in queries)
        return [row.pk for row in page.rows], gathered

    client.get(path)  # keeps the picker's languages
    monkeypatch.setattr("statements.search.WALKED_ROWS", 0)
    rows, gathered = page_and_plans('"digital divide"')
    assert gathered and rows
    monkeypatch.setattr("statements.search.WALKED_ROWS", 10**9)
    assert page_and_plans('"digital divide"') == (rows, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings")
def test_the_plan_settings_of_a_gathered_search_end_with_it(client, corpus):
    """Even inside a longer transaction, as a test is, later queries plan as usual."""

    def settings():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_indexscan'), current_setting('enable_seqscan')"
            )
            return cursor.fetchone()

    assert client.get("/statements/", {"q": '"digital divide"'}).status_code == 200
    assert settings() == ("on", "on")


def test_a_phrase_too_common_to_check_in_time_is_searched_as_its_words_and_says_so(
    client, corpus, monkeypatch
):
    # At a million statements, a phrase of two common words took 20 s on PostgreSQL, which
    # reads each row holding both words to check their positions.
    monkeypatch.setattr("statements.filters.PHRASE_CHECK_LIMIT", -1)
    response = client.get("/statements/", {"q": '"digital divide"'})
    titles = {row.title for row in response.context["page"].rows}
    page = response.content.decode()
    if connection.vendor == "postgresql":
        assert titles == {"On the digital divide", "On cooperation"}
        assert "“digital divide” is in too many statements to check word by word" in page
        assert "The search was kept within bounds" in page
    else:  # SQLite's index holds the words' positions: a phrase costs no more than its words
        assert titles == {"On the digital divide"}
        assert "The search was kept within bounds" not in page
    assert response.context["exportable"]
    export = b"".join(client.get("/statements/export.csv", {"q": '"digital divide"'}))
    assert b"On the digital divide" in export and b"On cooperation" not in export


def test_a_phrase_checked_in_time_is_searched_exactly(client, corpus):
    response = client.get("/statements/", {"q": '"digital divide"'})
    assert {row.title for row in response.context["page"].rows} == {"On the digital divide"}
    assert not response.context["bounds"]


def test_a_query_as_words_requires_each_word_of_its_phrases():
    query = SearchQuery.parse('"digital divide" sanctions -"coercive measures" or cables')
    assert query.words_only().as_websearch() == (
        '"digital" "divide" "sanctions" -"coercive measures" or "cables"'
    )
