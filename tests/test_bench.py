"""`manage.py bench` times every page scenario and the exports against the issue's targets."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from statements.benchmarks import Parameters, measure, scenarios
from statements.models import Statement

from .factories import make_agreement, make_event, make_forum, make_person, make_statement, theme
from .files import run_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FAST = ["--requests", "2", "--warm-up", "0"]


@pytest.fixture
def statements():
    """150 statements: Iran's at the CSTD (under ECOSOC) on satellites (two levels under
    digital infrastructure), more than Cuba's at the ITU on the digital divide."""
    ecosoc = make_forum(name="Economic and Social Council", acronym="ECOSOC")
    cstd = make_forum(name="Commission on Science and Technology", acronym="CSTD", parent=ecosoc)
    itu = make_forum(name="International Telecommunication Union", acronym="ITU")
    make_forum(name="ITU Development Sector", acronym="ITU-D", parent=itu)
    speakers = {code: make_person(country_id=code) for code in ("IR", "CU", "RS")}
    plan = [("IR", cstd, "satellites", 80), ("CU", itu, "digital-divide", 45)]
    plan.append(("RS", None, "artificial-intelligence", 24))
    n = 0
    for code, forum, slug, count in plan:
        first = make_statement(speaker=speakers[code], forum=forum, themes=[theme(slug)])
        copies(first, range(n, n + count))
        n += count
    make_statement(title="Remarks on cooperation", summary="Serendipitously agreed.")
    make_event(name="28th session", forum=cstd)
    make_agreement(title="Memorandum on cooperation", parties=("IR", "CU"))


def copies(statement, numbers):
    """Copies of `statement` numbered and dated apart, made in bulk: saving each one with its
    history, as the factories do, would take seconds."""
    fields = {
        field.attname: getattr(statement, field.attname)
        for field in Statement._meta.concrete_fields
        if field.attname not in ("id", "speaker_id")
    }
    made = []
    for n in numbers:
        copy = Statement(**fields, speaker=statement.speaker)
        copy.title = f"Remarks on cooperation {n}"
        copy.date = datetime.date(2000 + n % 25, 1 + n % 12, 1 + n % 28).isoformat()
        copy.keep_date_bounds()
        copy.search_document = copy.search_text()
        made.append(copy)
    Statement.objects.bulk_create(made)
    tags = Statement.themes.through
    themes = statement.themes.all()
    tags.objects.bulk_create([tags(statement=copy, theme=t) for copy in made for t in themes])
    statement.delete()


def bench(tmp_path, *arguments):
    """What the command prints, line by line, and the report it writes as JSON."""
    return run_command("bench", tmp_path, *FAST, *arguments)


def row(lines, name):
    [line] = [line for line in lines if line[:28].rstrip() == name and "/" in line]
    return line


def test_it_prints_and_writes_every_scenario_with_its_times_and_queries(statements, tmp_path):
    lines, report = bench(tmp_path)
    names = [scenario.name for scenario in scenarios(Parameters())]
    assert [page["name"] for page in report["scenarios"]] == names
    for page in report["scenarios"]:
        assert page["status"] == 200, page
        assert 0 < page["p50_ms"] <= page["p95_ms"]
        # The API's description is written from declarations, without the database.
        assert page["queries"] > 0 or page["name"] == "api description"
        assert page["verdict"] in ("ok", "MISSED")
        assert f"{page['p95_ms']:.1f}" in row(lines, page["name"])
    assert {(r["scenario"], r["format"]) for r in report["exports"]} >= {
        ("~1,000 rows", "csv"),
        ("all statements", "json"),
        ("~5%", "csv"),
    }
    assert report["memory"]["verdict"] in ("ok", "MISSED")
    assert [deep["list"] for deep in report["deep_pages"]] == [
        "statements",
        "agreements",
        "events",
        "actors",
    ]


def test_the_parameters_come_from_the_data(statements, tmp_path):
    lines, report = bench(tmp_path, "--only", "hub", "--skip-exports")
    parameters = report["parameters"]
    assert parameters["country"] == "IR"
    # Chosen by the statements of their sub-forums and sub-sub-themes.
    assert parameters["forum"] == "ecosoc"
    assert parameters["theme"] == "digital-infrastructure"
    assert (parameters["date_from"], parameters["date_to"]) == ("2010", "2014")
    assert parameters["common_word"] == "cooperation"
    assert parameters["rare_word"] == "serendipitously"
    assert parameters["phrase"] == '"on cooperation"'
    assert "country=IR" in next(line for line in lines if line.startswith("Parameters:"))


def test_a_chosen_value_replaces_the_one_from_the_data(statements, tmp_path):
    _, report = bench(tmp_path, "--only", "q rare", "--skip-exports", "--rare-word", "memorandum")
    assert report["parameters"]["rare_word"] == "memorandum"
    assert [page["path"] for page in report["scenarios"]] == [
        *(f"/{name}/?q=memorandum" for name in ("statements", "agreements", "events", "actors")),
        "/api/v1/statements/?q=memorandum",
    ]


def test_a_chosen_statement_page_replaces_the_newest(statements, tmp_path):
    oldest = Statement.objects.order_by("date", "id").first().get_absolute_url()
    _, report = bench(tmp_path, "--only", "statement page", "--skip-exports", "--statement", oldest)
    assert [page["path"] for page in report["scenarios"]] == [oldest]


def test_a_first_visit_is_to_a_statement_page_not_asked_for_before(statements, tmp_path):
    _, report = bench(tmp_path, "--only", "first visit", "--skip-exports")
    newest = Statement.objects.published().newest_first()
    visits = [statement.get_absolute_url() for statement in newest[1:101]]
    assert report["parameters"]["first_visits"] == visits
    [page] = report["scenarios"]
    assert (page["name"], page["path"], page["status"]) == (
        "first visit to a statement",
        visits[0],
        200,
    )


def test_a_scenario_of_several_pages_asks_for_each_in_turn(db):
    asked = []

    class Browser:
        def get(self, path):
            asked.append(path)
            return 200, 0.01

    measure(Browser(), "/a/", requests=3, warm_up=1, others=("/b/", "/c/", "/d/", "/e/", "/f/"))
    assert asked == ["/a/", "/b/", "/c/", "/d/", "/e/"]
    asked.clear()
    measure(Browser(), "/a/", requests=3, warm_up=0, others=("/b/",))
    assert asked == ["/a/", "/b/", "/a/", "/b/"]


def test_it_works_on_the_seed_data_without_any_filter_given(tmp_path):
    call_command("load_seed", stdout=io.StringIO())
    _, report = bench(tmp_path, "--only", "hub", "--skip-exports")
    assert all(value for value in report["parameters"].values())
    assert [(page["name"], page["status"]) for page in report["scenarios"]] == [
        ("country hub", 200),
        ("forum hub", 200),
        ("theme hub", 200),
        ("api country hub", 200),
    ]


def test_a_page_that_does_not_answer_200_is_an_error(statements, tmp_path):
    lines, report = bench(tmp_path, "--only", "country", "--skip-exports", "--country", "ZZ")
    [hub] = [page for page in report["scenarios"] if page["name"] == "country hub"]
    assert (hub["status"], hub["verdict"]) == (404, "ERROR 404")
    assert row(lines, "country hub").endswith("ERROR 404")
    assert "- error: country hub (/countries/ZZ/) answered 404" in lines
    # A list names the unknown code in a notice and still answers; a feed, like an export,
    # is not made from a wrong filter.
    statuses = {page["name"]: page["status"] for page in report["scenarios"] if page is not hub}
    assert (statuses.pop("statements feed country"), statuses.pop("country feed")) == (400, 404)
    assert (statuses.pop("api statements country"), statuses.pop("api country hub")) == (400, 404)
    assert set(statuses.values()) == {200}


def test_it_reports_scenarios_whose_query_count_changed(statements, tmp_path):
    _, first = bench(tmp_path, "--only", "statements country", "--skip-exports")
    first["scenarios"][0]["queries"] += 1
    previous = tmp_path / "previous.json"
    previous.write_text(json.dumps(first))
    lines, report = bench(
        tmp_path, "--only", "statements country", "--skip-exports", "--compare", str(previous)
    )
    queries = report["scenarios"][0]["queries"]
    assert (
        f"- query count differs: statements country makes {queries} queries, {queries + 1} "
        f"in {previous}"
    ) in lines


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")
def test_on_postgresql_it_reports_the_plan_of_each_list(statements, tmp_path):
    lines, report = bench(tmp_path, "--only", "statements", "--skip-exports")
    for page in report["scenarios"]:
        if page["name"] != "statement page":
            # From the root down to the node that reads the statements.
            assert "Scan (st" in page["plan"].split(" > ")[-1], page
            assert page["plan"].split(" > ")[0] in row(lines, page["name"])
    # On 150 rows PostgreSQL reads the table whole; each filtered list says so.
    [country] = [page for page in report["scenarios"] if page["name"] == "statements country"]
    if country["seq_scans"]:
        assert "- sequential scan of statements_statement: statements country" in lines
