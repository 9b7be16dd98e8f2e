"""On PostgreSQL, COPY writes every list's CSV and JSON: byte for byte the files Python writes,
for every kind of field, on records built to break the formats."""

import codecs
import json

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.exports import EXPORTS, writers
from statements.exports.kinds import Kind
from statements.exports.writers import LineEnds, RecordSeparators, csv_lines, json_chunks

from .factories import (
    make_statement,
    relate,
)
from .factories import theme as seeded_theme
from .files import ABOUT, BASE, ESCAPED_TEXT, export_parts

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's"
)


def recorded_copies(monkeypatch, name):
    """The number of parts of each call of `writers.<name>`, which still copies them."""
    copied = []
    copy = getattr(writers, name)

    def recording(parts, fields):
        copied.append(len(parts))
        yield from copy(parts, fields)

    monkeypatch.setattr(writers, name, recording)
    return copied


QUERIES = {
    "statements": ["", "sort=title", "q=said", "country=IR&sort=date"],
    "agreements": ["", "sort=title", "q=agreement", "country=IR"],
    "events": ["", "sort=date", "q=meeting", "country=CU"],
    "actors": ["", "sort=-name", "q=ali", "country=IR"],
}


@postgresql_only
@pytest.mark.parametrize(
    ("list_name", "query"),
    [(name, query) for name, queries in QUERIES.items() for query in queries],
)
def test_copy_writes_the_same_bytes_as_python(awkward_records, list_name, query, monkeypatch):
    monkeypatch.setattr("statements.filters.PublicFilterSet.ranked_matches", 1)
    export = EXPORTS[list_name]
    parts = export_parts(query, list_name)
    columns, keys = export.columns(BASE), export.keys(BASE)
    csv_by_python = b"".join(csv_lines(parts, columns, copy=False))
    assert b"".join(csv_lines(parts, columns, copy=True)) == csv_by_python
    assert csv_by_python.count(b"\r\n") > 1
    json_by_python = b"".join(json_chunks(parts, keys, ABOUT, copy=False))
    assert b"".join(json_chunks(parts, keys, ABOUT, copy=True)) == json_by_python


def test_the_lists_try_every_kind_of_field():
    used = {type(field.kind) for export in EXPORTS.values() for field in export.fields}
    assert used == set(kinds(Kind))


def kinds(base):
    for kind in base.__subclasses__():
        yield kind
        yield from kinds(kind)


@postgresql_only
def test_copy_writes_the_header_alone_when_no_row_can_match(awkward_statements):
    # A search that matches nothing ranks `pk__in=[]`, a query Django does not send.
    columns = EXPORTS["statements"].columns(BASE)
    written_by_postgresql = b"".join(csv_lines(export_parts("q=absent"), columns, copy=True))
    written_by_python = b"".join(csv_lines(export_parts("q=absent"), columns, copy=False))
    assert written_by_postgresql == written_by_python
    assert written_by_postgresql.count(b"\r\n") == 1


@postgresql_only
@pytest.mark.parametrize("list_name", EXPORTS)
def test_every_export_is_copied_by_postgresql(client, awkward_records, monkeypatch, list_name):
    copied = recorded_copies(monkeypatch, "copied_rows")
    response = client.get(f"/{list_name}/export.csv")
    body = b"".join(response.streaming_content)
    assert copied == [1]
    assert body.startswith(codecs.BOM_UTF8 + b"id,url,")
    assert b"Hidden" not in body


ROW_COUNTS = {
    "csv": lambda body: body.count(b"\r\n") - 1,  # after the header
    "json": lambda body: len(json.loads(body)["results"]),
}


@postgresql_only
@pytest.mark.parametrize("extension", ["csv", "json"])
def test_the_copied_file_arrives_in_pieces_as_postgresql_writes_them(client, extension):
    for n in range(30):
        make_statement(title=f"Statement {n}")
    response = client.get(f"/statements/export.{extension}")
    pieces = list(response.streaming_content)
    assert len(pieces) > 10
    assert ROW_COUNTS[extension](b"".join(pieces)) == 30


@pytest.mark.parametrize("list_name", EXPORTS)
def test_every_column_and_key_can_be_written_in_sql(list_name):
    export = EXPORTS[list_name]
    assert [column.name for column in export.columns(BASE) if column.expression is None] == []
    assert [key.name for key in export.keys(BASE) if key.expression is None] == []


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_line_ends_become_crlf_outside_quotes_whatever_the_chunks(size):
    copied = b'1,"a ""quoted""\nvalue",x\n2,plain,"\n"\n3,,\n'
    expected = b'1,"a ""quoted""\nvalue",x\r\n2,plain,"\n"\r\n3,,\r\n'
    line_ends = LineEnds()
    chunks = [copied[start : start + size] for start in range(0, len(copied), size)]
    assert b"".join(line_ends.crlf(chunk) for chunk in chunks) == expected


# The JSON


@postgresql_only
@pytest.mark.parametrize(
    ("query", "parts", "rows"),
    [
        ("", 1, 5),
        ("sort=title", 1, 5),
        ("q=said", 2, 2),  # relevance ranks the newest match; the older one follows
        ("q=absent", 1, 0),
        ("country=IR&sort=date", 1, 3),
        ("country=FR", 1, 0),
    ],
)
def test_copy_writes_the_same_json_as_python(awkward_statements, query, parts, rows, monkeypatch):
    monkeypatch.setattr("statements.filters.PublicFilterSet.ranked_matches", 1)
    assert len(export_parts(query)) == parts
    keys = EXPORTS["statements"].keys(BASE)
    written_by_python = b"".join(json_chunks(export_parts(query), keys, ABOUT, copy=False))
    written_by_postgresql = b"".join(json_chunks(export_parts(query), keys, ABOUT, copy=True))
    assert written_by_postgresql == written_by_python
    assert len(json.loads(written_by_python)["results"]) == rows


@postgresql_only
def test_the_copied_json_holds_every_awkward_value(awkward_statements):
    keys = EXPORTS["statements"].keys(BASE)
    written = b"".join(json_chunks(export_parts(""), keys, ABOUT, copy=True))
    results = json.loads(written)["results"]
    escaped = next(record for record in results if record["text"] == ESCAPED_TEXT)
    assert escaped["speaker"]["title_on_the_day"] == ESCAPED_TEXT
    assert escaped["country"] is None
    assert escaped["themes"] == escaped["sources"] == escaped["mentioned_countries"] == []
    first = next(record for record in results if record["title"] == "=1+1")
    assert first["date"] == {
        "date": "2025-04?",
        "precision": "month",
        "earliest": "2025-04-01",
        "latest": "2025-04-30",
    }
    day = {
        "date": "2025-04-12",
        "precision": "day",
        "earliest": "2025-04-12",
        "latest": "2025-04-12",
    }
    june = {
        "date": "2024-06?",
        "precision": "month",
        "earliest": "2024-06-01",
        "latest": "2024-06-30",
    }
    assert [source["published"] for source in first["sources"]] == [day, day, None, june]
    assert first["sources"][2]["accessed"] == "2025-05-02"
    draft_speaker = next(record for record in results if record["title"].startswith("Said"))
    assert draft_speaker["speaker"] is None and draft_speaker["event"] is None
    assert draft_speaker["date"] == {
        "date": "2024",
        "precision": "year",
        "earliest": "2024-01-01",
        "latest": "2024-12-31",
    }


@postgresql_only
def test_postgresql_escapes_strings_as_json_dumps_does():
    # PostgreSQL's text cannot hold the character 0.
    every_character = "".join(map(chr, range(1, 0x100))) + ESCAPED_TEXT + "\ufeff\uffff"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_json(%s::text)::text", [every_character])
        [written] = cursor.fetchone()
    assert written == json.dumps(every_character, ensure_ascii=False)


@postgresql_only
def test_the_statements_json_is_copied_by_postgresql(client, awkward_statements, monkeypatch):
    copied = recorded_copies(monkeypatch, "copied_records")
    response = client.get("/statements/export.json")
    document = json.loads(b"".join(response.streaming_content))
    assert copied == [1]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert len(document["results"]) == 5
    assert "Hidden" not in [record["title"] for record in document["results"]]


@postgresql_only
def test_the_copied_json_takes_the_same_queries_whatever_the_rows(client, monkeypatch):
    copies = []
    copy = psycopg.Cursor.copy

    def recording(cursor, statement, *args, **kwargs):
        copies.append(statement)
        return copy(cursor, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", recording)

    def queries():
        copies.clear()
        with CaptureQueriesContext(connection) as captured:
            b"".join(client.get("/statements/export.json?q=statement").streaming_content)
        return len(captured), len(copies)

    make_statement(title="Statement one", themes=[seeded_theme("digital-divide")])
    few = queries()
    for n in range(12):
        statement = make_statement(title=f"Statement {n}", themes=[seeded_theme("satellites")])
        relate(statement, mentioned_countries=["IR", "CU"])
    assert queries() == few
    assert few[1] == 1  # a single COPY, whatever the rows


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_records_are_separated_as_python_separates_them_whatever_the_chunks(size):
    copied = b'{"id": 1}\n{"id": 2, "text": "a\\nb"}\n' + b'{"id": 3}\n'  # two parts
    expected = b'\n{"id": 1},\n{"id": 2, "text": "a\\nb"},\n{"id": 3}'
    separators = RecordSeparators()
    chunks = [copied[start : start + size] for start in range(0, len(copied), size)]
    assert b"".join(separators.between(chunk) for chunk in chunks) == expected


@pytest.mark.urls("tests.moved_urls")
@pytest.mark.parametrize("copy", [False, True] if connection.vendor == "postgresql" else [False])
def test_addresses_follow_the_url_configuration(client, copy):
    statement = make_statement(title="Moved")
    export = EXPORTS["statements"]
    rows = b"".join(csv_lines(export_parts(""), export.columns(BASE), copy=copy)).decode()
    assert f"{BASE}/archive/statements/{statement.pk}/moved/" in rows
    records = b"".join(json_chunks(export_parts(""), export.keys(BASE), ABOUT, copy=copy))
    [record] = json.loads(records)["results"]
    assert record["speaker"]["url"] == f"{BASE}/archive/actors/{statement.speaker.slug}/"
