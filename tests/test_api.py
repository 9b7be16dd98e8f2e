"""The JSON API: the lists paged by cursor, one record, the hubs' counts, HTTP as clients
expect it, and a description (OpenAPI 3.1) that the answers conform to."""

import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from statements.exports import EXPORTS
from statements.exports.fields import Field
from statements.exports.kinds import Text
from statements.filters import PublicFilterSet
from statements.models import Status

from .factories import (
    add_party,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_statement,
    theme,
)
from .files import api_records, json_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_ranked(monkeypatch):
    monkeypatch.setattr(PublicFilterSet, "ranked_matches", 3)


@pytest.fixture
def lists():
    """Statements and agreements with dates of every precision, undated agreements, rows
    sharing a date and a title, a search that matches most of them, and drafts."""
    forum = make_forum(name="Working group on the tests", slug="test-forum")
    for n in range(9):
        make_statement(
            title=f"Statement {n % 3}",
            summary="satellites " * (n % 4 + 1) + "and spectrum",
            date=["2024", "2024-05", "2024-05-02", "2025-01?", "2023/2024"][n % 5],
            on_behalf_of_country_id=["IR", "CU", "RS"][n % 3],
            event=make_event(forum=forum) if n % 2 else None,
            themes=[theme("ict-security")] if n % 3 == 0 else [],
        )
    make_statement(title="Drafted satellites", status=Status.DRAFT, on_behalf_of_country_id="IR")
    for n in range(7):
        make_agreement(
            title=f"Cyber pact {n % 2}",
            signed_on="" if n % 3 == 0 else f"2024-0{n % 4 + 1}",
            parties=("IR", "CU") if n % 2 else ("RS", "CU"),
        )
    make_agreement(title="Drafted cyber pact", status=Status.DRAFT)


def ids(records):
    return [record["id"] for record in records]


COMBINATIONS = [
    ("statements", ""),
    ("statements", "sort=date"),
    ("statements", "sort=title"),
    ("statements", "sort=-title"),
    ("statements", "country=IR&country=CU"),
    ("statements", "forum=test-forum&sort=date"),
    ("statements", "q=satellites"),
    ("statements", "q=satellites&sort=title"),
    ("statements", "q=satellites&sort=date"),
    ("statements", "date_from=2024-05&date_to=2024"),
    ("agreements", ""),
    ("agreements", "sort=date"),
    ("agreements", "q=cyber"),
    ("agreements", "q=cyber&sort=-title"),
    ("agreements", "country=IR"),
    ("events", ""),
    ("actors", "sort=-name"),
]


@pytest.mark.parametrize(("list_name", "query"), COMBINATIONS)
def test_the_pages_through_next_are_the_rows_of_the_json_export(
    client, lists, three_ranked, list_name, query
):
    """Relevance ranks three matches here, so that searches are read in parts (ranked, then
    the rest newest first, undated last), as a million rows are."""
    exported = json_results(client, f"/{list_name}/export.json?{query}")
    assert len(exported) > 2 or list_name in ("events", "actors")
    assert api_records(client, f"/api/v1/{list_name}/?{query}&limit=2") == exported


@pytest.mark.parametrize(("list_name", "query"), COMBINATIONS)
def test_previous_pages_are_the_next_pages_read_back(client, lists, three_ranked, list_name, query):
    forward, url = [], f"/api/v1/{list_name}/?{query}&limit=2"
    while url:
        page = client.get(url).json()
        forward.append(ids(page["results"]))
        url = page["next"]
    backward, url = [], page["previous"]
    while url:
        page = client.get(url).json()
        backward.append(ids(page["results"]))
        url = page["previous"]
    assert backward[::-1] == forward[:-1]


def test_drafts_are_never_listed_nor_nested_nor_found(client):
    hidden = make_person(name="Undisclosed Official", status=Status.DRAFT)
    shown = make_statement(title="Published", speaker=hidden, on_behalf_of_country_id="IR")
    draft = make_statement(title="Draft", status=Status.DRAFT, on_behalf_of_country_id="IR")
    pact = make_agreement(title="Pact")
    add_party(pact, signatory=hidden, signatory_title="Minister")
    [listed] = api_records(client, "/api/v1/statements/")
    assert listed["id"] == shown.pk and listed["speaker"] is None
    assert client.get(f"/api/v1/statements/{shown.pk}/").json()["speaker"] is None
    assert client.get(f"/api/v1/statements/{draft.pk}/").status_code == 404
    assert client.get(f"/api/v1/actors/{hidden.slug}/").status_code == 404
    assert all(
        party["signatory"] is None
        for party in api_records(client, "/api/v1/agreements/")[0]["parties"]
    )
    hub = client.get("/api/v1/countries/IR/").json()
    assert sum(year["statements"] for year in hub["years"]) == 1


def test_one_record_is_its_record_of_the_json_export(client, lists):
    for list_name in EXPORTS:
        for record in json_results(client, f"/{list_name}/export.json"):
            key = record["id"] if list_name in ("statements", "agreements") else record["slug"]
            response = client.get(f"/api/v1/{list_name}/{key}/")
            assert response.status_code == 200
            assert response.json() == record
            assert response.json()["url"].startswith("http://testserver/")


def test_a_deep_page_reads_as_many_queries_as_the_first(client, lists):
    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).json()
        return len(captured), page["next"]

    first, url = queries("/api/v1/statements/?limit=2&country=IR&country=CU&country=RS")
    counts = []
    while url:
        count, url = queries(url)
        counts.append(count)
    assert counts[:-1] == [first] * (len(counts) - 1)
    assert counts[-1] <= first  # the last page has no page after it to look for


def test_the_count_is_exact_up_to_a_bound_then_more_than(client, lists, monkeypatch):
    page = client.get("/api/v1/statements/?limit=2").json()
    assert page["count"] == {"value": 9, "exact": True}
    monkeypatch.setattr("statements.views.api.COUNT_LIMIT", 5)
    page = client.get("/api/v1/statements/?limit=2").json()
    assert page["count"] == {"value": 5, "exact": False}


@pytest.mark.parametrize(
    ("query", "parameters"),
    [
        ("country=ZZ", ["country"]),
        ("date_from=yesterday&kind=poem", ["kind", "date_from"]),
        ("limit=0", ["limit"]),
        ("limit=501", ["limit"]),
        ("limit=ten", ["limit"]),
        ("cursor=not-a-cursor", ["cursor"]),
        ("page=2", ["page"]),
        ("colour=blue", ["colour"]),
        ("sort=relevance", ["sort"]),
    ],
)
def test_a_wrong_parameter_is_a_400_naming_it(client, query, parameters):
    response = client.get(f"/api/v1/statements/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["status"] == 400
    assert [error["parameter"] for error in body["errors"]] == parameters


def test_a_cursor_holds_only_for_the_sort_it_was_given_for_and_cannot_be_changed(client, lists):
    next_url = client.get("/api/v1/statements/?limit=2&sort=title").json()["next"]
    cursor = re.search(r"cursor=([^&]+)", next_url)[1]
    response = client.get(f"/api/v1/statements/?limit=2&cursor={cursor}")
    assert response.status_code == 400
    assert "sorted by title" in response.json()["errors"][0]["problem"]
    tampered = cursor[:10] + ("A" if cursor[10] != "A" else "B") + cursor[11:]
    response = client.get(f"/api/v1/statements/?limit=2&sort=title&cursor={tampered}")
    assert response.status_code == 400


def test_errors_under_the_api_are_json(client):
    for path in [
        "/api/v1/nothing-here/",
        "/api/v1/statements/12345/",
        "/api/v1/countries/ZZ/",
        "/api/v1/countries/IRN/",
        "/api/v1/forums/no-such-forum/",
        "/api/v2/",
    ]:
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["status"] == 404
    response = client.post("/api/v1/statements/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["status"] == 405


def test_any_origin_may_read_the_api_and_revalidate(client, lists):
    response = client.get("/api/v1/statements/?limit=2", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert response["API-Version"] == "1"
    assert response["Link"].endswith('rel="next"')
    again = client.get("/api/v1/statements/?limit=2", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["API-Version"] == "1"
    preflight = client.options(
        "/api/v1/statements/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]


def test_the_api_is_kept_for_everyone_until_the_published_data_changes(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = make_statement(title="First")
    assert ids(client.get("/api/v1/statements/").json()["results"]) == [first.pk]
    kept = client.get("/api/v1/statements/")
    assert "Last-Modified" in kept and kept["Cache-Control"] == "public, no-cache"
    second = make_statement(title="Second", date="2025-05-01")
    assert ids(client.get("/api/v1/statements/").json()["results"]) == [second.pk, first.pk]


def test_hubs_give_the_counts_their_pages_draw(client, lists):
    page = client.get("/countries/IR/").context
    hub = client.get("/api/v1/countries/ir/").json()
    assert hub["code"] == "IR" and hub["url"] == "http://testserver/countries/IR/"
    assert [(f["slug"], f["statements"]) for f in hub["statements_by_forum"]] == [
        (forum.slug, forum.count) for forum in page["by_forum"]
    ]
    assert [(p["code"], p["agreements"]) for p in hub["agreement_partners"]] == [
        (partner.code, count) for partner, count in page["partners"]
    ]
    assert [[y["year"], y["statements"], y["agreements"]] for y in hub["years"]] == [
        list(year) for year in page["chart"].years
    ]
    assert api_records(client, hub["statements"].removeprefix("http://testserver")) == (
        json_results(client, "/statements/export.json?country=IR")
    )
    forum = client.get("/api/v1/forums/test-forum/").json()
    forum_page = client.get("/forums/test-forum/").context
    assert [(c["code"], c["statements"]) for c in forum["statements_by_country"]] == [
        (country.code, country.count) for country in forum_page["by_country"]
    ]
    themed = client.get("/api/v1/themes/ict-security/").json()
    assert sum(c["statements"] for c in themed["statements_by_country"]) == 3


# The description, and the answers read against it.


def described(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_description_is_valid_openapi_3_1(client, lists):
    description = described(client)
    assert description["openapi"] == "3.1.0"
    validate(description)


def test_every_described_address_is_one_the_api_answers(client, lists):
    examples = {"{id}": "1", "{slug}": "no-such-record", "{code}": "IR"}
    for path in described(client)["paths"]:
        for name, value in examples.items():
            path = path.replace(name, value)
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert "There is nothing at" not in response.json().get("message", ""), path


def test_every_filter_of_every_list_is_described_with_its_values(client):
    description = described(client)
    for name, export in EXPORTS.items():
        operation = description["paths"][f"/api/v1/{name}/"]["get"]
        parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
        assert list(parameters) == [*export.filterset_class.base_filters, "limit", "cursor"]
        for parameter in parameters.values():
            assert parameter["description"] and parameter["schema"]
    statements = description["paths"]["/api/v1/statements/"]["get"]["parameters"]
    country, kind, date_from, sort = (
        next(p for p in statements if p["name"] == name)
        for name in ("country", "kind", "date_from", "sort")
    )
    assert country["schema"]["type"] == "array" and country["explode"]
    assert country["schema"]["items"]["pattern"] == "^[A-Za-z]{2}$"
    assert "remarks" in kind["schema"]["items"]["enum"]
    assert re.fullmatch(date_from["schema"]["pattern"], "2025-04")
    assert sort["schema"]["enum"] == ["-date", "date", "title", "-title", "relevance"]


def test_a_field_declared_for_the_exports_is_in_the_api_and_its_description(
    client, lists, monkeypatch
):
    added = Field("summary_again", Text("summary"), "The summary, once more", "…")
    monkeypatch.setattr(EXPORTS["statements"], "fields", [*EXPORTS["statements"].fields, added])
    [record, *_] = client.get("/api/v1/statements/").json()["results"]
    assert record["summary_again"] == record["summary"]
    schema = described(client)["components"]["schemas"]["Statement"]
    assert schema["properties"]["summary_again"]["description"] == "The summary, once more"
    assert "summary_again" in schema["required"]


def conforms(description, schema_name, data):
    """Whether `data` is valid against a schema of the description's components."""
    registry = Registry().with_resource("urn:api", DRAFT202012.create_resource(description))
    validator = Draft202012Validator(
        {"$ref": f"urn:api#/components/schemas/{schema_name}"}, registry=registry
    )
    errors = [f"{list(error.path)}: {error.message}" for error in validator.iter_errors(data)]
    assert not errors, errors[:5]


def test_the_answers_conform_to_their_schemas(client, awkward_records, lists):
    description = described(client)
    for name, export in EXPORTS.items():
        record = export.model.__name__
        conforms(description, f"{record}Page", client.get(f"/api/v1/{name}/?limit=500").json())
    conforms(description, "CountryHub", client.get("/api/v1/countries/IR/").json())
    conforms(description, "ForumHub", client.get("/api/v1/forums/test-forum/").json())
    conforms(description, "ThemeHub", client.get("/api/v1/themes/ict-security/").json())
    conforms(description, "Error", client.get("/api/v1/statements/?country=ZZ").json())


class ExampleLinks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.paths = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("class") == "api-example":
            self.paths.append(attrs["href"])


def test_the_documentation_examples_answer_as_they_say(client, lists):
    page = client.get("/api/")
    assert page.status_code == 200
    links = ExampleLinks()
    links.feed(page.content.decode())
    assert len(links.paths) >= 7
    description = described(client)
    models = {name: export.model.__name__ for name, export in EXPORTS.items()}
    for path in links.paths:
        response = client.get(path)
        kind, *key = path.removeprefix("/api/v1/").split("?")[0].strip("/").split("/")
        if "ZZ" in path:
            assert response.status_code == 400
            schema = "Error"
        elif kind in models:
            schema = models[kind] if key else f"{models[kind]}Page"
        else:
            schema = {"countries": "CountryHub", "forums": "ForumHub", "themes": "ThemeHub"}[kind]
        assert response.status_code in (200, 400), path
        conforms(description, schema, response.json())


def test_the_documented_loop_reads_every_row(client, lists):
    """The loop of the documentation: follow next until it is null."""
    rows, url = [], "/api/v1/statements/?country=IR&limit=1"
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"] and page["next"].removeprefix("http://testserver")
    assert rows == json_results(client, "/statements/export.json?country=IR")
    assert len(rows) == 3
