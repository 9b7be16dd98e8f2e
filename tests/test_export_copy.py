"""On PostgreSQL, COPY writes the statements CSV: byte for byte the file Python writes."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict

from statements.exports import EXPORTS
from statements.exports.streaming import LineEnds, copied_rows, csv_lines
from statements.models import Actor, Statement, Status, Theme

from .factories import make_actor, make_event, make_forum, make_person, make_source, make_statement
from .factories import theme as seeded_theme

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's"
)

AWKWARD_TEXT = 'He said "yes", then left.\nA second line.\r\nA third; with a separator.'


@pytest.fixture
def awkward_statements():
    """Statements whose cells test every rule of the format."""
    formula_theme = Theme.objects.create(name="=SUM(A1)", status=Status.PUBLISHED)
    draft_theme = Theme.objects.create(name="Draft theme", status=Status.DRAFT)
    odd_sources = [
        make_source(title="@home", publisher="", url=""),
        make_source(title="Plain report", publisher="-dash press"),
        make_source(title="Draft source", status=Status.DRAFT),
    ]
    group = make_actor(name="+Group of 77", kind=Actor.Kind.INTERGOVERNMENTAL, country=None)
    cstd = make_forum(name="CSTD", acronym="CSTD")
    first = make_statement(
        title="=1+1",
        summary=AWKWARD_TEXT,
        text='ایران و کوبا, "همکاری"',
        date=datetime.date(2025, 4, 1),
        date_precision="month",
        language="",
        on_behalf_of_country_id="IR",
        event=make_event(forum=cstd),
        themes=[formula_theme, seeded_theme("digital-divide"), draft_theme],
        text_is_excerpt=True,
    )
    first.mentioned_countries.set(["IR", "CU", "RS"])
    first.sources.set(odd_sources)
    make_statement(
        title="Said by a speaker still in draft",
        speaker=make_person(status=Status.DRAFT, country_id="CU"),
        event=make_event(status=Status.DRAFT),
        date=datetime.date(2024, 1, 1),
        date_precision="year",
    )
    make_statement(
        title="'Quoted, with a comma",
        summary="+plus",
        text="-minus\n",
        speaker_title="@the title",
        on_behalf_of_actor=group,
        forum=make_forum(name="Draft forum", status=Status.DRAFT),
    )
    make_statement(title="Tab\tinside", summary="\tleading tab", text="\rleading return")
    make_statement(title="Hidden", status=Status.DRAFT)


def export_parts(query):
    spec = EXPORTS["statements"]
    filterset = spec.filterset_class(QueryDict(query), queryset=Statement.objects.published())
    assert not filterset.notices()
    return [spec.prepare(part) for part in filterset.parts()], spec.columns("https://demarche.test")


@postgresql_only
@pytest.mark.parametrize("query", ["", "sort=title", "q=said", "country=IR&sort=date"])
def test_copy_writes_the_same_bytes_as_python(awkward_statements, query, monkeypatch):
    monkeypatch.setattr("statements.filters.PublicFilterSet.ranked_matches", 1)
    parts, columns = export_parts(query)
    written_by_python = b"".join(csv_lines(parts, columns, copy=False))
    parts, columns = export_parts(query)
    written_by_postgresql = b"".join(csv_lines(parts, columns, copy=True))
    assert written_by_postgresql == written_by_python
    assert written_by_python.count(b"\r\n") > 1


@postgresql_only
def test_the_statements_export_is_copied_by_postgresql(client, awkward_statements, monkeypatch):
    copied = []

    def recording(parts, columns):
        copied.append(len(parts))
        yield from copied_rows(parts, columns)

    monkeypatch.setattr("statements.exports.streaming.copied_rows", recording)
    response = client.get("/statements/export.csv")
    body = b"".join(response.streaming_content)
    assert copied == [1]
    assert body.startswith(b"id,url,title,")
    assert b"Hidden" not in body


@postgresql_only
def test_the_copied_file_arrives_in_pieces_as_postgresql_writes_them(client):
    for n in range(30):
        make_statement(title=f"Statement {n}")
    response = client.get("/statements/export.csv")
    pieces = list(response.streaming_content)
    assert len(pieces) > 10
    assert b"".join(pieces).count(b"\r\n") == 31


def test_every_statement_column_can_be_written_in_sql():
    columns = EXPORTS["statements"].columns("https://demarche.test")
    assert [column.name for column in columns if column.expression is None] == []


@pytest.mark.parametrize("size", [1, 2, 3, 7, 1000])
def test_line_ends_become_crlf_outside_quotes_whatever_the_chunks(size):
    copied = b'1,"a ""quoted""\nvalue",x\n2,plain,"\n"\n3,,\n'
    expected = b'1,"a ""quoted""\nvalue",x\r\n2,plain,"\n"\r\n3,,\r\n'
    line_ends = LineEnds()
    chunks = [copied[start : start + size] for start in range(0, len(copied), size)]
    assert b"".join(line_ends.crlf(chunk) for chunk in chunks) == expected
