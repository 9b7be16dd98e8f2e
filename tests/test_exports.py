"""Exports: exactly the rows of the filtered list, all pages, same order, streamed."""

import codecs
import csv
import datetime
import io
import json
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Actor, AgreementParty, Status

from .factories import (
    add_party,
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_source,
    make_statement,
    relate,
    theme,
)
from .files import csv_rows, json_results

pytestmark = pytest.mark.django_db


def test_related_drafts_are_left_out_of_a_published_row(client):
    speaker = make_person(name="Undisclosed Official", status=Status.DRAFT)
    statement = make_statement(speaker=speaker, speaker_title="Secret Title")
    statement.sources.add(make_source(title="Unchecked leak", status=Status.DRAFT))
    [row] = csv_rows(client, "/statements/export.csv")
    assert (row["speaker_name"], row["speaker_title"]) == ("", "")
    assert "Unchecked leak" not in row["source_titles"]
    [document] = json_results(client, "/statements/export.json")
    assert document["speaker"] is None
    assert "Undisclosed" not in json.dumps(document) and "Unchecked" not in json.dumps(document)


@pytest.mark.parametrize("extension", ["csv", "json"])
@pytest.mark.parametrize(
    "query", ["country=ZZ", "date_from=2025-13", "sort=popularity", "colour=blue", "q=-x"]
)
def test_a_bad_filter_gives_a_400_and_no_file(client, extension, query):
    make_statement()
    response = client.get(f"/statements/export.{extension}?{query}")
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    name = query.split("=")[0]
    if extension == "json":
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert name in [error["parameter"] for error in response.json()["errors"]]
    else:
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert f"{name}: " in response.content.decode()


def test_no_matching_rows_is_a_header_or_an_empty_list(client):
    make_statement(on_behalf_of_country_id="IR")
    response = client.get("/statements/export.csv?country=CU")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.startswith("id,url,title,") and text.count("\r\n") == 1
    assert json_results(client, "/statements/export.json?country=CU") == []


def test_a_csv_file_says_it_is_utf8_so_that_excel_reads_names_right(client):
    """Excel reads a double-clicked CSV as UTF-8 only after the byte-order mark; pandas and
    readr skip it, Python's csv module with encoding="utf-8-sig" (see the data page)."""
    statement = make_statement(
        speaker=make_person(name="Ernesto Rodríguez Hernández", original_name="ارنستو")
    )
    response = client.get("/statements/export.csv")
    file = b"".join(response.streaming_content)
    assert file.startswith(codecs.BOM_UTF8 + b"id,url,title,")
    [row] = csv.DictReader(io.StringIO(file.decode("utf-8-sig"), newline=""))
    assert row["speaker_name"] == "Ernesto Rodríguez Hernández"
    assert row["id"] == str(statement.pk)
    # The JSON file needs no mark: JSON is UTF-8 by definition.
    assert client.get("/statements/export.json").getvalue().startswith(b'{"about"')


def test_awkward_text_survives_a_round_trip_and_formulas_are_neutralised(client):
    awkward = 'Commas, "quotes"\nand a new line — ایران'
    make_statement(title='=HYPERLINK("http://evil")', summary=awkward, text="+1 -2 @x")
    [row] = csv_rows(client, "/statements/export.csv")
    assert row["summary"] == awkward
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["text"] == "'+1 -2 @x"
    [document] = json_results(client, "/statements/export.json")
    assert document["title"] == '=HYPERLINK("http://evil")'  # JSON is not a spreadsheet


def test_dates_are_written_as_their_sources_give_them_with_their_days(client):
    make_statement(date="2025-04?")
    make_statement(date="2024~")
    make_statement(date="2020-06-12")
    make_statement(date="2023-08/2024-07")
    make_statement(date="2019-21/..")
    rows = csv_rows(client, "/statements/export.csv")
    cells = [(r["date"], r["date_precision"], r["date_earliest"], r["date_latest"]) for r in rows]
    assert cells == [
        ("2025-04?", "month", "2025-04-01", "2025-04-30"),
        ("2024~", "year", "2024-01-01", "2024-12-31"),
        ("2023-08/2024-07", "month", "2023-08-01", "2024-07-31"),
        ("2020-06-12", "day", "2020-06-12", "2020-06-12"),
        ("2019-21/..", "", "2019-03-01", ""),
    ]
    assert [r["date"] for r in json_results(client, "/statements/export.json")] == [
        {
            "date": "2025-04?",
            "precision": "month",
            "earliest": "2025-04-01",
            "latest": "2025-04-30",
        },
        {"date": "2024~", "precision": "year", "earliest": "2024-01-01", "latest": "2024-12-31"},
        {
            "date": "2023-08/2024-07",
            "precision": "month",
            "earliest": "2023-08-01",
            "latest": "2024-07-31",
        },
        {
            "date": "2020-06-12",
            "precision": "day",
            "earliest": "2020-06-12",
            "latest": "2020-06-12",
        },
        {"date": "2019-21/..", "precision": None, "earliest": "2019-03-01", "latest": None},
    ]


def test_many_valued_cells_hold_keys_and_names(client):
    statement = make_statement(themes=[theme("satellites"), theme("digital-divide")])
    relate(statement, mentioned_countries=["CU", "RS"])
    [row] = csv_rows(client, "/statements/export.csv")
    assert row["theme_slugs"] == "digital-divide; satellites"
    assert row["theme_names"] == "Digital divide; Satellites"
    assert row["mentioned_country_codes"] == "CU; RS"
    assert row["url"] == f"http://testserver{statement.get_absolute_url()}"


def test_json_nests_the_speaker_and_the_sources(client):
    speaker = make_person(name="Sattar Hashemi")
    make_statement(speaker=speaker, speaker_title="Minister of ICT")
    [document] = json_results(client, "/statements/export.json")
    assert document["speaker"]["slug"] == "sattar-hashemi"
    assert document["speaker"]["title_on_the_day"] == "Minister of ICT"
    assert set(document["sources"][0]) == {
        "title",
        "publisher",
        "url",
        "kind",
        "published",
        "accessed",
    }


def test_agreement_exports_list_parties_and_their_countries(client):
    agreement = make_agreement(parties=("CU",))
    add_party(agreement, organisation=make_actor(name="Ministry of ICT", country_id="IR"))
    [row] = csv_rows(client, "/agreements/export.csv?country=IR")
    assert row["party_country_codes"] == "CU; IR"
    assert row["party_names"] == "Cuba; Ministry of ICT"


def test_headers_name_the_file_by_what_was_exported(client):
    make_statement(on_behalf_of_country_id="IR", themes=[theme("digital-divide")])
    response = client.get("/statements/export.csv?country=IR&theme=digital-divide")
    today = datetime.date.today().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="demarche-statements-IR-digital-divide-{today}.csv"'
    )


def rich_statement():
    statement = make_statement(themes=[theme("satellites")], event=make_event())
    relate(statement, mentioned_countries=["CU"])


def rich_agreement():
    agreement = make_agreement(event=make_event())
    AgreementParty.objects.create(
        agreement=agreement, organisation=make_actor(), signatory=make_person(), position=2
    )
    relate(agreement, themes=[theme("satellites")])


def rich_event():
    make_event(forum=make_forum(), part_of=make_event()).participating_countries.set(["CU"])


def rich_actor():
    make_actor(parent=make_actor())


@pytest.mark.parametrize("extension", ["csv", "json"])
@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("statements", rich_statement),
        ("agreements", rich_agreement),
        ("events", rich_event),
        ("actors", rich_actor),
    ],
)
def test_the_query_count_does_not_grow_with_the_rows(client, extension, name, make):
    def queries_for(count):
        for _ in range(count):
            make()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/{name}/export.{extension}")
            assert response.status_code == 200
            b"".join(response.streaming_content)
        return len(captured)

    assert queries_for(3) == queries_for(40)


def test_every_list_page_links_to_its_exports_with_its_filters(client):
    page = client.get("/statements/?country=IR&page=2").content.decode()
    assert 'href="export.csv?country=IR"' in page
    assert 'href="export.json?country=IR"' in page


def test_an_unknown_export_is_a_404(client):
    assert client.get("/statements/export.xml").status_code == 404
    assert client.get("/sources/export.csv").status_code == 404


def test_other_names_are_kept_one_per_line_as_both_writers_split_them():
    actor = make_actor(other_names="  Sattar H.  \r\n\n\tS. Hashemi\u2028=Formula\n")
    actor.refresh_from_db()
    assert actor.other_names == "Sattar H.\nS. Hashemi\n=Formula"
    Actor.objects.filter(pk=actor.pk).update(other_names=" Old \r\n\r\nstyle ")  # before 0017
    import_module("statements.migrations.0017_other_names_one_per_line").one_per_line(apps, None)
    actor.refresh_from_db()
    assert actor.other_names == "Old\nstyle"
