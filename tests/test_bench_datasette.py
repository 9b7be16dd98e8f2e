"""`manage.py bench_datasette` serves the same published statements from SQLite with FTS5 to
Datasette, and times both on the same scenarios."""

import io
import json
import sqlite3

import pytest
from datasette.utils import detect_fts
from django.core.management import call_command
from django.db import connection

from statements.models import Status
from statements.versus_datasette import build

from .factories import make_statement


@pytest.mark.django_db
def test_the_published_statements_are_loaded_with_a_search_index(tmp_path):
    make_statement(title="On satellites", summary="Cuba wants satellites.")
    make_statement(title="In draft", status=Status.DRAFT)
    path = tmp_path / "demarche.db"
    assert build(path) == 1
    database = sqlite3.connect(path)
    assert database.execute("SELECT title FROM statements").fetchall() == [("On satellites",)]
    found = "SELECT rowid FROM statements_fts WHERE statements_fts MATCH 'satellites'"
    assert len(database.execute(found).fetchall()) == 1
    assert detect_fts(database, "statements") == "statements_fts"  # as Datasette finds it


def bench_datasette(tmp_path, *arguments):
    """The figures of both, served on one published statement, and what the command printed."""
    make_statement(title="On satellites", on_behalf_of_country_id="IR")
    report, output = tmp_path / "report.json", io.StringIO()
    call_command(
        "bench_datasette", "--requests", "1", "--database", str(tmp_path / "d.db"),
        "--json", str(report), *arguments, stdout=output,
    )  # fmt: skip
    return json.loads(report.read_text()), output.getvalue()


def served(test):
    """A test that serves both: slow, and on PostgreSQL, whose database a server process can
    share."""
    test = pytest.mark.slow(test)
    test = pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)
    return pytest.mark.skipif(connection.vendor != "postgresql", reason="a server's database")(test)


@served
def test_it_times_both_on_every_shared_scenario(tmp_path):
    results, output = bench_datasette(tmp_path)
    assert [result["scenario"] for result in results][:2] == ["first page", "country"]
    assert all(result["statuses"] == [200] for result in results), results
    assert "Loaded 1 published statements" in output
    assert results[-1]["scenario"] == "CSV of a country"


@served
def test_it_can_leave_the_csv_out(tmp_path):
    results, _ = bench_datasette(tmp_path, "--skip-exports")
    names = [result["scenario"] for result in results]
    assert names[0] == "first page"
    assert not [name for name in names if "CSV" in name]
