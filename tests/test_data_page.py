"""The exports are documented: /data/ for people, /data/datapackage.json for machines, and both
say exactly what the files hold."""

import csv
import io
import json

import pytest
from frictionless import Package

from statements.importers import load_seed
from statements.models import Actor, AgreementParty, Status

from .factories import make_actor, make_agreement, make_event, make_person, make_statement, theme

pytestmark = pytest.mark.django_db

LISTS = ["statements", "agreements", "events", "actors"]


def body(response):
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content)


def csv_header(client, name):
    return next(
        csv.reader(io.StringIO(body(client.get(f"/{name}/export.csv")).decode("utf-8-sig")))
    )


def json_records(client, name):
    return json.loads(body(client.get(f"/{name}/export.json")))["results"]


@pytest.fixture
def awkward_records():
    """The seed dataset, plus records that test every corner of the format."""
    load_seed()
    speaker = make_person(name="'Abd al-Rahman", other_names="=SUM(A1)\nعبدالرحمن")
    make_statement(
        title="=1+1, said the delegate",
        summary='Commas, "quotes"\nand lines — ایران',
        speaker=speaker,
        date="2019",
        themes=[theme("digital-divide"), theme("satellites")],
        text_is_excerpt=True,
        mentioned_countries=["CU", "RS"],
    )
    make_statement(title="Made for a group", on_behalf_of_actor=make_actor(name="G77"))
    make_statement(title="Draft words", status=Status.DRAFT)
    agreement = make_agreement(parties=("IR",), signed_on="")
    AgreementParty.objects.create(
        agreement=agreement, organisation=make_actor(name="ITU"), position=1
    )
    make_event(name="A one-day visit", end_date="", kind="visit")
    make_actor(name="Hidden agency", status=Status.IN_REVIEW, kind=Actor.Kind.AGENCY)


def test_the_data_page_documents_every_column_of_every_csv_export(client, awkward_records):
    response = client.get("/data/")
    assert response.status_code == 200
    page = response.content.decode()
    documented = {export["spec"].name: export["columns"] for export in response.context["exports"]}
    assert sorted(documented) == sorted(LISTS)
    for name in LISTS:
        columns = documented[name]
        assert [column.name for column in columns] == csv_header(client, name)
        for column in columns:
            assert column.description and column.example and column.shape, column.name
            assert f"<code>{column.name}</code>" in page
        assert f'id="{name}-csv"' in page and f'href="/{name}/export.csv"' in page


def test_the_data_page_documents_every_key_of_every_json_export(client, awkward_records):
    response = client.get("/data/")
    shapes = response.context["shapes"]
    for export in response.context["exports"]:
        name = export["spec"].name
        documented = [key.name for key in export["keys"]]
        for record in json_records(client, name):
            assert list(record) == documented, name
        assert all(key.shape in shapes and key.description for key in export["keys"])


def test_the_data_page_explains_dates_many_valued_cells_and_formulas(client):
    page = client.get("/data/").content.decode()
    for words in [
        "<code>2025-04</code> (a month)",
        "separated by “<code>; </code>”",
        "<code>=</code>, <code>+</code>, <code>-</code>, <code>@</code>, a tab or a carriage",
        "removing one leading apostrophe",
        '<code>{"about": {"list": "statements", "url": "…", "license": {…}}, '
        '"results": [ … ]}</code>',
        "400 Bad Request",
    ]:
        assert words in page, words


def test_every_list_page_links_to_the_explanation_of_its_columns(client):
    for name in LISTS:
        page = client.get(f"/{name}/").content.decode()
        assert f'href="/data/#{name}"' in page


def descriptor(client):
    response = client.get("/data/datapackage.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_data_package_describes_each_csv_export_with_its_columns(client):
    package = descriptor(client)
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert sorted(resources) == sorted(LISTS)
    for name, resource in resources.items():
        assert resource["path"] == f"http://testserver/{name}/export.csv"
        fields = [field["name"] for field in resource["schema"]["fields"]]
        assert fields == csv_header(client, name)
    Package.from_descriptor(package)  # raises when the descriptor breaks the profile


def package_of_real_exports(client, tmp_path):
    """The data package with each resource pointing at its export, downloaded just now."""
    package = descriptor(client)
    for resource in package["resources"]:
        file = tmp_path / f"{resource['name']}.csv"
        file.write_bytes(body(client.get(f"/{resource['name']}/export.csv")))
        resource["path"] = file.name
    return package


def errors_of(package, tmp_path):
    report = Package.from_descriptor(package, basepath=str(tmp_path)).validate()
    fields = ["rowNumber", "fieldName", "type", "note"]
    return [(task.name, *error) for task in report.tasks for error in task.flatten(fields)]


def test_real_exports_are_valid_against_the_data_package(client, awkward_records, tmp_path):
    package = package_of_real_exports(client, tmp_path)
    assert errors_of(package, tmp_path) == []
    rows = list(csv.DictReader(io.StringIO((tmp_path / "statements.csv").read_text())))
    assert len(rows) == 11  # nine seed statements and two more; the draft is left out


def test_the_data_package_catches_a_file_that_breaks_the_format(client, awkward_records, tmp_path):
    package = package_of_real_exports(client, tmp_path)
    file = tmp_path / "statements.csv"
    text = file.read_text()
    file.write_text(text.replace(",2019,year,", ",in 2019,yearly,", 1))
    problems = errors_of(package, tmp_path)
    assert [(p[0], p[2], p[3]) for p in problems] == [
        ("statements", "date", "constraint-error"),
        ("statements", "date_precision", "constraint-error"),
    ]


def test_the_data_package_reads_many_valued_cells_as_lists(client, awkward_records, tmp_path):
    package = package_of_real_exports(client, tmp_path)
    statements = Package.from_descriptor(package, basepath=str(tmp_path)).get_resource("statements")
    rows = statements.read_rows()
    [row] = [row for row in rows if row["title"] == "'=1+1, said the delegate"]
    assert row["theme_slugs"] == ["digital-divide", "satellites"]
    assert row["mentioned_country_codes"] == ["CU", "RS"]
    assert row["date"] == "2019" and row["date_precision"] == "year"
    assert row["text_is_excerpt"] is True
    assert row["speaker_name"] == "''Abd al-Rahman"


def test_a_leading_apostrophe_is_doubled_so_that_one_removal_restores_the_text(
    client, awkward_records
):
    rows = csv.DictReader(io.StringIO(body(client.get("/actors/export.csv")).decode("utf-8-sig")))
    [row] = [row for row in rows if row["name"].endswith("Abd al-Rahman")]
    assert row["name"] == "''Abd al-Rahman"
    assert row["other_names"] == "'=SUM(A1); عبدالرحمن"


# Analysts' scripts read these names: a column may be added at the end, never renamed or moved.
COLUMNS = {
    "statements": "id url title date date_precision kind language speaker_slug speaker_name "
    "speaker_title country_code country_name on_behalf_of_group_slug on_behalf_of_group_name "
    "event_slug event_name forum_slug forum_name theme_slugs theme_names mentioned_country_codes "
    "mentioned_country_names summary text text_is_excerpt source_titles source_publishers "
    "source_urls on_behalf_of_country_code verification source_kinds how_we_know date_earliest "
    "date_latest",
    "agreements": "id url title kind status date_signed date_signed_precision city "
    "signed_in_code signed_in_name party_country_codes party_names signatory_slugs "
    "signatory_names event_slug event_name theme_slugs theme_names summary text source_titles "
    "source_publishers source_urls source_kinds how_we_know date_signed_earliest "
    "date_signed_latest",
    "events": "id url slug name kind start_date start_date_precision end_date "
    "end_date_precision city host_country_code host_country_name attendance forum_slug "
    "forum_name part_of_slug participating_country_codes participating_country_names "
    "description source_titles source_publishers source_urls source_kinds how_we_know "
    "start_date_earliest start_date_latest end_date_earliest end_date_latest",
    "actors": "id url slug name original_name original_name_language other_names kind "
    "country_code country_name parent_slug parent_name wikidata_id source_titles "
    "source_publishers source_urls source_kinds how_we_know",
}


@pytest.mark.parametrize("name", LISTS)
def test_csv_columns_keep_their_names_and_order(client, name):
    assert csv_header(client, name) == COLUMNS[name].split()


def test_the_data_page_gives_each_code_the_words_the_pages_use(client):
    page = client.get("/data/").content.decode()
    assert "<code>remarks</code> (reported remarks)" in page
    assert "<code>summary</code> (summary only)" in page
