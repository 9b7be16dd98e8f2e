"""The exports hold exactly the rows of their list's pages, in the same order, whatever the
filters; never a draft. The records are built once for the module: its tests only read them."""

import datetime
import json

import pytest
from django.db import connection

from statements.exports import EXPORTS, json_chunks
from statements.models import Actor, Agreement, Statement, Status

from .factories import (
    built_once,
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_statement,
    relate,
    theme,
)
from .files import csv_rows, export_parts, json_results, page_ids

pytestmark = pytest.mark.django_db


def build_records():
    cstd = make_forum(name="CSTD", acronym="CSTD")
    build_statements(cstd)
    build_other_records(cstd)


records = built_once(build_records)


def build_statements(cstd):
    session = make_event(name="28th session", forum=cstd)
    iranian = make_person(name="Iranian Minister", country_id="IR")
    cuban = make_person(name="Cuban Minister", country_id="CU")
    for n in range(14):
        statement = make_statement(
            title=f"Statement {n:02} on {'sanctions' if n % 3 else 'satellites'}",
            speaker=iranian if n % 2 else cuban,
            event=session if n % 4 == 0 else None,
            date=statement_date(n),
            kind=Statement.Kind.REMARKS if n % 3 == 0 else Statement.Kind.SPEECH,
            language="fa" if n % 4 == 1 else "en",
            themes=[theme("digital-divide" if n % 2 else "satellites")],
        )
        if n % 5 == 0:
            relate(statement, mentioned_countries=["RS"])
    make_statement(title="Draft words", status=Status.DRAFT)
    make_statement(title="Words in review", status=Status.IN_REVIEW)


def statement_date(n):
    """Days, months, an uncertain year and an interval, in no order."""
    day = datetime.date(2020 + n % 6, 1 + n % 12, 1).isoformat()
    if n == 7:
        return "2021-08/2022-02"
    if n == 11:
        return f"{day[:4]}?"
    return day[:7] if n % 5 == 0 else day


def build_other_records(cstd):
    visit = make_event(name="Visit to Havana", host_country_id="CU", kind="visit")
    for n in range(6):
        agreement = make_agreement(
            title=f"Agreement {n} on {'satellites' if n % 2 else 'postal services'}",
            parties=("IR", "CU") if n % 3 else ("IR", "RS"),
            kind=Agreement.Kind.MOU if n % 2 else Agreement.Kind.ROADMAP,
            agreement_status="signed" if n % 4 else "proposed",
            signed_on=datetime.date(2020 + n, 1 + n, 1).isoformat() if n != 3 else "../2023-04",
            event=visit if n % 2 else None,
        )
        relate(agreement, themes=[theme("satellites" if n % 2 else "postal-services")])
        make_event(
            name=f"Meeting {n} on {'satellites' if n % 2 else 'data'}",
            forum=cstd if n % 2 else None,
            host_country_id="IR" if n % 3 else "RS",
            start_date=datetime.date(2020 + n, 3, 1).isoformat(),
            end_date="",
        )
        make_actor(
            name=f"Office {n} for {'satellites' if n % 2 else 'data'}",
            kind=Actor.Kind.AGENCY if n % 2 else Actor.Kind.MINISTRY,
            country_id="IR" if n % 3 else "CU",
        )
    make_agreement(title="Hidden", status=Status.DRAFT)
    make_event(name="Hidden", status=Status.IN_REVIEW, host_country_id="IR")
    make_actor(name="Hidden", status=Status.DRAFT)


QUERIES = [
    "",
    "country=IR",
    "country=IR&country=CU",
    "mentions=RS",
    "theme=digital-infrastructure",
    "forum=cstd",
    "actor=iranian-minister",
    "event=28th-session",
    "kind=remarks",
    "language=fa",
    "language=fa&kind=speech&sort=title",
    "date_from=2022&date_to=2024-06",
    "sort=title",
    "sort=-title",
    "sort=date",
    "q=sanctions",
    "q=sanctions&sort=date",
    "country=CU&theme=satellites&sort=title",
]


@pytest.mark.parametrize("query", QUERIES)
def test_csv_json_and_the_pages_hold_the_same_rows_in_the_same_order(
    client, records, monkeypatch, query
):
    monkeypatch.setattr("statements.listing.PAGE_SIZE", 4)
    from_pages = page_ids(client, "/statements/", query)
    from_csv = [int(row["id"]) for row in csv_rows(client, f"/statements/export.csv?{query}")]
    from_json = [row["id"] for row in json_results(client, f"/statements/export.json?{query}")]
    assert from_csv == from_json == from_pages
    assert from_pages or query.startswith("country=CU&theme")


OTHER_QUERIES = [
    ("agreements", ""),
    ("agreements", "country=RS"),
    ("agreements", "theme=satellites"),
    ("agreements", "kind=roadmap"),
    ("agreements", "status=proposed"),
    ("agreements", "event=visit-to-havana"),
    ("agreements", "date_from=2022&date_to=2024-06"),
    ("agreements", "q=satellites&sort=title"),
    ("agreements", "country=CU&sort=-date"),
    ("events", ""),
    ("events", "forum=cstd"),
    ("events", "country=IR"),
    ("events", "date_from=2021&date_to=2024"),
    ("events", "q=satellites"),
    ("events", "sort=title"),
    ("events", "country=IR&forum=cstd&sort=-title"),
    ("actors", ""),
    ("actors", "country=IR"),
    ("actors", "kind=agency"),
    ("actors", "q=satellites"),
    ("actors", "sort=-name"),
    ("actors", "country=CU&kind=ministry"),
]


@pytest.mark.parametrize(("name", "query"), OTHER_QUERIES)
def test_every_list_exports_its_page_rows(client, records, monkeypatch, name, query):
    monkeypatch.setattr("statements.listing.PAGE_SIZE", 2)
    from_pages = page_ids(client, f"/{name}/", query)
    from_csv = [int(row["id"]) for row in csv_rows(client, f"/{name}/export.csv?{query}")]
    from_json = [row["id"] for row in json_results(client, f"/{name}/export.json?{query}")]
    assert from_csv == from_json == from_pages
    assert from_pages


def test_drafts_never_appear_in_exports(client, records):
    titles = [row["title"] for row in csv_rows(client, "/statements/export.csv")]
    assert "Draft words" not in titles and "Words in review" not in titles
    assert "Draft words" not in json.dumps(json_results(client, "/statements/export.json"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL cursors")
def test_python_streams_from_a_cursor_that_is_not_holdable(records, monkeypatch):
    # PostgreSQL copies the files itself (test_export_copy.py); Python, when asked, reads the
    # rows through a cursor.
    monkeypatch.setattr("statements.exports.writers.CHUNK_SIZE", 2)
    export = EXPORTS["agreements"]
    chunks = json_chunks(export_parts("", "agreements"), export.keys(""), {}, copy=False)
    next(chunks), next(chunks)  # the opening and the first record
    with connection.cursor() as cursor:
        cursor.execute("SELECT is_holdable FROM pg_cursors")
        assert cursor.fetchall() == [(False,)]
    b"".join(chunks)
