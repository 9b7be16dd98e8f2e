"""On PostgreSQL a statement's export cells for its sources and mentioned countries are kept
(StatementExportCells) and read by the CSV and JSON exports: whatever changes, the files
stay byte for byte those Python writes from the records themselves."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements import derived
from statements.exports.cells import fingerprint
from statements.models import Source, Statement, StatementExportCells, Status

from .expected import assert_copied_as_python_writes, exported
from .factories import change, make_source, make_statement, relate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="kept for COPY, on PostgreSQL"),
]


def cited():
    """A published statement with two sources and two mentioned countries."""
    statement = make_statement(title="Cited")
    relate(statement, sources=[make_source(title="First report"), make_source(title="Second")])
    relate(statement, mentioned_countries=["CU", "IR"])
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


def test_cells_kept_by_other_code_are_not_read_until_they_are_kept_again(capsys):
    statement = cited()
    written = assert_copied_as_python_writes()
    # As if the code that computes the cells had changed since these were kept.
    StatementExportCells.objects.filter(statement=statement).update(
        source_titles="Stale title", computed_by="0123456789abcdef"
    )
    assert exported(copy=True) == written
    call_command("keep_export_cells")
    kept = StatementExportCells.objects.get(statement=statement)
    assert (kept.source_titles, kept.computed_by) == ("First report; Second", fingerprint())
    assert exported(copy=True) == written


def test_the_fingerprint_is_the_digest_of_the_code_that_computes_the_cells():
    assert len(fingerprint()) == 16
    assert fingerprint() == fingerprint()  # the same code, the same digest
    assert StatementExportCells.objects.filter(statement=cited(), computed_by=fingerprint())


@pytest.mark.usefixtures("awkward_statements")
def test_a_statement_without_kept_cells_is_exported_from_its_relations():
    kept = assert_copied_as_python_writes()
    StatementExportCells.objects.all().delete()
    assert exported(copy=True) == kept


def first_report(statement):
    return statement.sources.get(title="First report")


def rename_source(statement):
    change(first_report(statement), title="=Renamed report")


def unpublish_source(statement):
    change(first_report(statement), status=Status.DRAFT)


def delete_source(statement):
    source = first_report(statement)
    with derived.changing(source):
        source.delete()


def remove_source(statement):
    with derived.changing(statement):
        statement.sources.remove(first_report(statement))


def add_source(statement):
    with derived.changing(statement):
        statement.sources.add(make_source(title="Added later", publisher="+press"))


def clear_sources(statement):
    relate(statement, sources=[])


def cite_from_the_source(statement):
    relate(make_source(title="Cites from its side"), statements=[statement])


def clear_from_the_source(statement):
    relate(statement.sources.get(title="Second"), statements=[])


def mention_another_country(statement):
    with derived.changing(statement):
        statement.mentioned_countries.add("FR")


def clear_mentions(statement):
    relate(statement, mentioned_countries=[])


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


def test_keep_export_cells_gives_the_planner_fresh_statistics_of_the_cells():
    """It rewrites every row: stale statistics made a whole export join them row by row."""
    cited()
    with CaptureQueriesContext(connection) as queries:
        call_command("keep_export_cells")
    table = StatementExportCells._meta.db_table
    assert [q["sql"] for q in queries][-1] == f"ANALYZE {table}"


def kept_writes(queries):
    insert = f'INSERT INTO "{StatementExportCells._meta.db_table}"'
    return [q["sql"] for q in queries if q["sql"].startswith(insert)]


def test_keeping_a_statements_cells_locks_it_first_against_a_concurrent_change():
    statement = cited()
    with CaptureQueriesContext(connection) as queries, derived.changing(statement):
        statement.sources.add(make_source(title="Added"))
    sent = [q["sql"] for q in queries]
    write = sent.index(kept_writes(queries)[0])
    assert any("FOR UPDATE" in sql for sql in sent[:write])


def test_renaming_a_source_computes_its_statements_cells_once():
    cited()
    source = Source.objects.get(title="Second")
    with CaptureQueriesContext(connection) as queries:
        change(source, title="Second, renamed")
    assert len(kept_writes(queries)) == 1
