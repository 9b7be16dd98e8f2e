"""How we know what we say: how a statement's words are known, what kind each source is, and
the curators' public note on how a fact was inferred, on the pages and in the exports."""

import pytest

from statements.models import Source, Statement

from .factories import (
    make_actor,
    make_agreement,
    make_event,
    make_person,
    make_role,
    make_source,
    make_statement,
)
from .files import csv_rows, json_results

pytestmark = pytest.mark.django_db

Verification = Statement.Verification


def listed(client, query):
    response = client.get(f"/statements/{query}")
    assert response.status_code == 200
    return sorted(statement.title for statement in response.context["page"].rows)


def statements_at_each_level():
    for level in Verification:
        make_statement(title=f"Words: {level.label}", verification=level)


def test_the_statement_page_says_how_its_words_are_known(client):
    statement = make_statement(verification=Verification.TRANSCRIPT)
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "<dt>Its words</dt><dd>Transcript" in page
    assert "taken down as it was said" in page


def test_each_row_of_the_list_says_how_its_words_are_known(client):
    make_statement(verification=Verification.SUMMARY)
    page = client.get("/statements/").content.decode()
    assert '<span class="verification">summary only</span>' in page


def test_the_list_filters_by_how_the_words_are_known_any_of_several(client):
    statements_at_each_level()
    assert listed(client, "?verification=official_text") == ["Words: official text"]
    assert listed(client, "?verification=transcript&verification=reported") == [
        "Words: reported",
        "Words: transcript",
    ]


def test_the_list_offers_each_level_as_a_choice_with_its_count(client):
    statements_at_each_level()
    page = client.get("/statements/?verification=reported").content.decode()
    assert '<input type="checkbox" name="verification" value="reported" checked>' in page
    assert (
        'value="summary"> <span class="value">summary only</span> <span class="n">1</span>' in page
    )


def test_an_unknown_level_is_a_notice_on_the_page_and_a_400_on_the_export(client):
    statements_at_each_level()
    response = client.get("/statements/?verification=hearsay")
    assert any("hearsay" in message for _, message in response.context["notices"])
    export = client.get("/statements/export.csv?verification=hearsay")
    assert export.status_code == 400
    assert "hearsay" in export.content.decode()


def test_the_exports_hold_the_filtered_levels(client):
    statements_at_each_level()
    rows = csv_rows(client, "/statements/export.csv?verification=summary")
    assert [(row["title"], row["verification"]) for row in rows] == [
        ("Words: summary only", "summary")
    ]
    [record] = json_results(client, "/statements/export.json?verification=summary")
    assert record["verification"] == "summary"


def test_each_source_says_its_kind_on_every_page_that_lists_it(client):
    source = make_source(title="Progress report", kind=Source.Kind.OFFICIAL_DOCUMENT)
    records = [
        make_statement(sources=[source]),
        make_agreement(sources=[source]),
        make_event(sources=[source]),
        make_actor(sources=[source]),
    ]
    for record in records:
        page = client.get(record.get_absolute_url()).content.decode()
        assert '<span class="source-kind">Official document:</span>' in page, record


def test_the_exports_say_each_sources_kind(client):
    official = make_source(title="Progress report", kind=Source.Kind.OFFICIAL_DOCUMENT)
    news = make_source(title="Article", kind=Source.Kind.NEWS_REPORT)
    make_statement(sources=[official, news])
    [row] = csv_rows(client, "/statements/export.csv")
    assert (row["source_titles"], row["source_kinds"]) == (
        "Progress report; Article",
        "official_document; news_report",
    )
    [record] = json_results(client, "/statements/export.json")
    assert [source["kind"] for source in record["sources"]] == ["official_document", "news_report"]
    assert "source_kinds" not in record


NOTE = "The article says the group was set up, not when; 24 January is its publication date."


@pytest.mark.parametrize(
    "make", [make_statement, make_agreement, make_event, make_actor], ids=lambda m: m.__name__
)
def test_how_we_know_is_shown_on_the_record_page_and_exported(client, make):
    record = make(how_we_know=NOTE)
    page = client.get(record.get_absolute_url()).content.decode()
    assert '<h2 id="how-we-know">How we know</h2>' in page
    assert "24 January is its publication date" in page
    list_name = record._meta.verbose_name_plural
    [row] = csv_rows(client, f"/{list_name}/export.csv")
    assert row["how_we_know"] == NOTE
    [exported] = json_results(client, f"/{list_name}/export.json")
    assert exported["how_we_know"] == NOTE


def test_a_record_without_a_note_shows_no_how_we_know_section(client):
    statement = make_statement()
    assert "How we know" not in client.get(statement.get_absolute_url()).content.decode()


def test_a_roles_note_is_shown_with_the_role(client):
    person = make_person(name="Ernesto Rodríguez Hernández")
    make_role(person, title="First Deputy Minister", how_we_know="As of April 2025.")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "First Deputy Minister" in page
    assert '<span class="note">(As of April 2025.)</span>' in page
