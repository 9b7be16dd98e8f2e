"""On PostgreSQL a statement's export cells for its sources and mentioned countries are kept
(StatementExportCells) and read by the CSV and JSON exports: whatever changes, the files
stay byte for byte those Python writes from the records themselves."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.exports import EXPORTS
from statements.exports.streaming import csv_lines, json_chunks
from statements.models import Country, Source, Statement, StatementExportCells, Status

from .factories import make_source, make_statement
from .test_export_copy import ABOUT, BASE, awkward_statements, export_parts  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="kept for COPY, on PostgreSQL"),
]


def exported(copy):
    spec = EXPORTS["statements"]
    csv = b"".join(csv_lines(export_parts(""), spec.columns(BASE), copy=copy))
    json = b"".join(json_chunks(export_parts(""), spec.keys(BASE), ABOUT, copy=copy))
    return csv, json


def assert_copied_as_python_writes():
    copied, written = exported(copy=True), exported(copy=False)
    assert copied[0] == written[0]
    assert copied[1] == written[1]
    return written


def cited():
    """A published statement with two sources and two mentioned countries."""
    statement = make_statement(title="Cited")
    statement.sources.set([make_source(title="First report"), make_source(title="Second")])
    statement.mentioned_countries.set(["CU", "IR"])
    return statement


@pytest.mark.usefixtures("awkward_statements")
def test_every_statement_with_sources_or_mentions_has_its_cells_kept():
    listed = Statement.objects.exclude(sources=None, mentioned_countries=None)
    kept = StatementExportCells.objects.values_list("statement", flat=True)
    assert set(listed.values_list("pk", flat=True)) <= set(kept)
    assert listed.exists()


def test_the_export_reads_the_kept_cells():
    statement = cited()
    StatementExportCells.objects.filter(statement=statement).update(
        source_titles="Kept title", sources_json='[{"title": "Kept title"}]'
    )
    csv, json = exported(copy=True)
    assert b"Kept title" in csv
    assert b"Kept title" in json
    assert b"First report" not in csv


@pytest.mark.usefixtures("awkward_statements")
def test_a_statement_without_kept_cells_is_exported_from_its_relations():
    kept = assert_copied_as_python_writes()
    StatementExportCells.objects.all().delete()
    assert exported(copy=True) == kept


def rename_source(statement):
    source = statement.sources.get(title="First report")
    source.title = "=Renamed report"
    source.save()


def unpublish_source(statement):
    source = statement.sources.get(title="First report")
    source.status = Status.DRAFT
    source.save()


def delete_source(statement):
    statement.sources.get(title="First report").delete()


def remove_source(statement):
    statement.sources.remove(statement.sources.get(title="First report"))


def add_source(statement):
    statement.sources.add(make_source(title="Added later", publisher="+press"))


def clear_sources(statement):
    statement.sources.clear()


def cite_from_the_source(statement):
    make_source(title="Cites from its side").statements.add(statement)


def clear_from_the_source(statement):
    statement.sources.get(title="Second").statements.clear()


def rename_country(statement):
    Country.objects.filter(code="CU").update(common_name="Cuba (renamed)")
    Country.objects.get(code="CU").save()


def mention_another_country(statement):
    statement.mentioned_countries.add("FR")


def clear_mentions(statement):
    statement.mentioned_countries.clear()


@pytest.mark.parametrize(
    "change",
    [
        rename_source,
        unpublish_source,
        delete_source,
        remove_source,
        add_source,
        clear_sources,
        cite_from_the_source,
        clear_from_the_source,
        rename_country,
        mention_another_country,
        clear_mentions,
    ],
)
def test_the_kept_cells_follow_every_change_of_what_they_show(change):
    statement = cited()
    before = assert_copied_as_python_writes()
    change(statement)
    after = assert_copied_as_python_writes()
    assert after != before


def test_the_kept_cells_go_with_their_statement():
    statement = cited()
    statement.delete()
    assert not StatementExportCells.objects.exists()


@pytest.mark.usefixtures("awkward_statements")
def test_keep_export_cells_fills_in_the_cells_of_every_statement(capsys):
    StatementExportCells.objects.all().delete()
    call_command("keep_export_cells")
    assert StatementExportCells.objects.count() == Statement.objects.count()
    assert f"of {Statement.objects.count():,} statements" in capsys.readouterr().out
    assert_copied_as_python_writes()


def kept_writes(queries):
    insert = f'INSERT INTO "{StatementExportCells._meta.db_table}"'
    return [q["sql"] for q in queries if q["sql"].startswith(insert)]


def test_keeping_a_statements_cells_locks_it_first_against_a_concurrent_change():
    statement = cited()
    with CaptureQueriesContext(connection) as queries:
        statement.sources.add(make_source(title="Added"))
    sent = [q["sql"] for q in queries]
    write = sent.index(kept_writes(queries)[0])
    assert any("FOR UPDATE" in sql for sql in sent[:write])


def test_stamping_a_sources_history_does_not_compute_its_statements_cells_again():
    cited()
    source = Source.objects.get(title="Second")
    with CaptureQueriesContext(connection) as queries:
        source.record_history("Checked")
    assert kept_writes(queries) == []
    with CaptureQueriesContext(connection) as queries:
        source.title = "Second, renamed"
        source.save()
    assert len(kept_writes(queries)) == 1
