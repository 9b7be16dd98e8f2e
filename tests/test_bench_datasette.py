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


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server process's own database")
def test_it_times_both_on_every_shared_scenario(tmp_path):
    make_statement(title="On satellites", on_behalf_of_country_id="IR")
    report = tmp_path / "report.json"
    output = io.StringIO()
    call_command(
        "bench_datasette", "--requests", "1", "--database", str(tmp_path / "d.db"),
        "--json", str(report), stdout=output,
    )  # fmt: skip
    results = json.loads(report.read_text())
    assert [result["scenario"] for result in results][:2] == ["first page", "country"]
    assert all(result["statuses"] == [200] for result in results), results
    assert "Loaded 1 published statements" in output.getvalue()
