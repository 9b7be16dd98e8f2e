"""`manage.py bench_load` runs clients against a real server process and reports per kind."""

import io
import json

import dj_database_url
import pytest
from django.core.management import call_command
from django.db import connection

from statements.benchmarks import Parameters, Scenario
from statements.load import database_url, kind_of, workload

from .factories import make_statement


def test_each_scenario_has_its_kind_of_page():
    kinds = {
        "statements": "list",
        "statements q rare": "search",
        "statements page 200": "deep",
        "statement page": "record",
        "country hub": "hub",
        "country feed": "feed",
        "sitemap index": "feed",
        "api statements q rare": "api",
        "api country hub": "api",
    }
    for name, kind in kinds.items():
        full_text = name.startswith("statements q")
        assert kind_of(Scenario(name, "/", full_text=full_text)) == kind, name


@pytest.mark.django_db
def test_the_workload_has_the_bench_s_pages_and_statement_pages():
    statement = make_statement(title="Read often")
    requests = workload(Parameters(country="IR"))
    paths = [request.path for request in requests]
    assert "/statements/" in paths and statement.get_absolute_url() in paths
    assert {request.kind for request in requests} >= {"list", "record", "hub", "feed", "deep"}


def test_the_server_reaches_the_database_on_the_socket_this_process_uses(monkeypatch):
    for name, value in {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": "/var/run/postgresql",
        "PORT": "",
        "USER": "postgres",
        "PASSWORD": "",
        "NAME": "demarche",
    }.items():
        monkeypatch.setitem(connection.settings_dict, name, value)
    url = database_url()
    assert url == "postgres://postgres@%2Fvar%2Frun%2Fpostgresql:5432/demarche"
    parsed = dj_database_url.parse(url)
    assert (parsed["HOST"], parsed["PORT"], parsed["NAME"]) == (
        "/var/run/postgresql",
        5432,
        "demarche",
    )


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server process's own database")
@pytest.mark.parametrize("exporting", [True, False])
def test_it_runs_clients_against_a_server_and_reports_every_kind(tmp_path, exporting):
    make_statement(title="Under load", on_behalf_of_country_id="IR")
    report = tmp_path / "load.json"
    output = io.StringIO()
    call_command(
        "bench_load", "--clients", "2", "--seconds", "1", "--pages", "kept",
        "--json", str(report), *([] if exporting else ["--without-export"]), stdout=output,
    )  # fmt: skip
    [level] = json.loads(report.read_text())
    assert level["clients"] == 2 and level["errors"] == 0, level["failures"]
    assert (level["export_rows_per_second"] > 0) is exporting
    assert level["requests_per_second"] > 0
    # Each client walks the whole workload in its own shuffled order: in a second, some of it.
    assert level["kinds"] and set(level["kinds"]) <= {
        "list",
        "search",
        "deep",
        "record",
        "hub",
        "feed",
        "api",
    }
    assert "pages kept       2 clients:" in output.getvalue()
