"""`manage.py bench_exports` measures the statement exports against PostgreSQL's COPY."""

import pytest
from django.core.management import CommandError
from django.db import connection

from statements import benchmarks

from .factories import make_person, make_statement
from .files import run_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def statements():
    """Twenty statements, one of them made by a Serbian speaker: a 5% share."""
    iranian, serbian = make_person(country_id="IR"), make_person(country_id="RS")
    for n in range(20):
        make_statement(title=f"Statement {n}", speaker=serbian if n == 0 else iranian)


def bench(tmp_path, *arguments):
    lines, figures = run_command("bench_exports", tmp_path, "--repeat", "1", *arguments)
    return lines, figures["results"]


def printed(lines, result):
    """The table line of one figure."""
    [line] = [
        line
        for line in lines
        if line.startswith(result["scenario"]) and f" {result['format']} " in line
    ]
    return line


def test_it_times_csv_and_json_of_all_statements_and_of_a_five_percent_filter(statements, tmp_path):
    lines, results = bench(tmp_path)
    exports = {(r["scenario"], r["format"], r["rows"]) for r in results if r["format"] != "COPY"}
    assert exports == {
        ("all statements", "csv", 20),
        ("all statements", "json", 20),
        ("country=RS", "csv", 1),
        ("country=RS", "json", 1),
    }
    assert "Peak memory before" in lines[0] and "rows/s" in lines[1]
    for result in results:
        assert result["seconds"] > 0 and result["rows_per_second"] > 0
        assert result["first_byte_seconds"] <= result["seconds"]
        assert result["peak_memory_mb"] > 0
        line = printed(lines, result)
        assert f"{result['rows_per_second']:,}" in line


def test_it_compares_with_copy_on_postgresql_and_says_so_elsewhere(statements, tmp_path):
    lines, results = bench(tmp_path)
    copies = [r for r in results if r["format"] == "COPY"]
    if connection.vendor == "postgresql":
        assert [(r["scenario"], r["rows"]) for r in copies] == [
            ("all statements", 20),
            ("country=RS", 1),
        ]
        assert all(r["ratio_to_copy"] > 0 for r in results)
    else:
        assert copies == [] and "no ratio" in lines[-1]
        assert all(r["ratio_to_copy"] is None for r in results)


def test_a_chosen_filter_replaces_the_five_percent_one(statements, tmp_path):
    _, results = bench(tmp_path, "--filter", "country=IR")
    assert {(r["scenario"], r["rows"]) for r in results} == {
        ("all statements", 20),
        ("country=IR", 19),
    }


def test_a_bad_filter_is_refused_with_its_reason(statements, tmp_path):
    with pytest.raises(CommandError, match="unknown country"):
        bench(tmp_path, "--filter", "country=XX")


def test_the_formats_take_turns_so_that_the_cache_weighs_on_each_alike(
    statements, tmp_path, monkeypatch
):
    order = []
    download, copy = benchmarks.Browser.download, benchmarks.copy_to_csv

    def recorded_download(self, path, rows):
        order.append(path.split("?")[0].rsplit(".", 1)[1])
        return download(self, path, rows)

    def recorded_copy(queryset, rows):
        order.append("COPY")
        return copy(queryset, rows)

    monkeypatch.setattr(benchmarks.Browser, "download", recorded_download)
    monkeypatch.setattr(benchmarks, "copy_to_csv", recorded_copy)
    run_command("bench_exports", tmp_path, "--repeat", "2")
    formats = ["COPY", "csv", "json"] if connection.vendor == "postgresql" else ["csv", "json"]
    assert order == formats * 4  # two rounds for each of the two filters
