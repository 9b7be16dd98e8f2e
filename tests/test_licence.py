"""The data's licence is one setting, stated wherever the data is taken from."""

import json

import pytest

from .factories import make_statement

pytestmark = pytest.mark.django_db
CC_BY = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def test_the_data_is_cc_by_by_default_on_the_data_page_and_in_the_footer(client):
    page = client.get("/data/").content.decode()
    assert 'rel="license" href="https://creativecommons.org/licenses/by/4.0/"' in page
    home = client.get("/").content.decode()
    assert "Creative Commons Attribution 4.0 International</a> (CC-BY-4.0)" in home


def test_the_data_package_and_every_json_export_name_the_licence(client):
    make_statement()
    assert client.get("/data/datapackage.json").json()["licenses"] == [CC_BY]
    for name in ["statements", "agreements", "events", "actors"]:
        about = json.loads(b"".join(client.get(f"/{name}/export.json").streaming_content))
        assert about["about"]["license"] == CC_BY, name


def test_the_licence_is_a_setting(client, settings):
    settings.DATA_LICENCE = {
        "name": "ODbL-1.0",
        "path": "https://opendatacommons.org/licenses/odbl/1-0/",
        "title": "Open Database License",
    }
    assert client.get("/data/datapackage.json").json()["licenses"][0]["name"] == "ODbL-1.0"
    assert "Open Database License" in client.get("/data/").content.decode()
