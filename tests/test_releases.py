"""Dated releases: every export, checksummed, reproducible, never written over, published only."""

import csv
import datetime
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command

from statements.models import Status

from .factories import make_agreement, make_statement

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 7)


@pytest.fixture
def releases(settings, tmp_path):
    settings.RELEASES_DIR = tmp_path / "releases"
    return settings.RELEASES_DIR


def release(day=DAY):
    call_command(
        "release",
        "--date",
        day.isoformat(),
        "--site",
        "https://demarche.example",
        stdout=io.StringIO(),
    )


def sums(folder):
    return (folder / "SHA256SUMS").read_text()


def test_a_release_holds_every_export_checksummed_and_counted(releases):
    make_statement(title="Published")
    make_statement(title="In draft", status=Status.DRAFT)
    make_agreement()
    release()
    folder = releases / "2026-12-07"
    names = {path.name for path in folder.iterdir()}
    assert names == {
        "statements.csv",
        "agreements.csv",
        "events.csv",
        "actors.csv",
        "datapackage.json",
        "README.md",
        "SHA256SUMS",
    }
    for line in sums(folder).splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    with open(folder / "statements.csv", encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["title"] for row in rows] == ["Published"]
    assert rows[0]["url"].startswith("https://demarche.example/statements/")
    assert "| statements.csv | 1 |" in (folder / "README.md").read_text()
    package = json.loads((folder / "datapackage.json").read_text())
    assert [resource["path"] for resource in package["resources"]] == [
        "statements.csv",
        "agreements.csv",
        "events.csv",
        "actors.csv",
    ]
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_two_releases_of_unchanged_data_are_identical(releases):
    make_statement(title="Said once")
    release(DAY)
    release(DAY + datetime.timedelta(days=1))
    assert sums(releases / "2026-12-07") == sums(releases / "2026-12-08")


def test_a_release_is_never_written_over(releases):
    make_statement(title="First")
    release()
    before = sums(releases / "2026-12-07")
    make_statement(title="Second")
    with pytest.raises(CommandError, match="never written over"):
        release()
    assert sums(releases / "2026-12-07") == before


def test_the_data_page_lists_releases_with_their_checksums_and_serves_their_files(client, releases):
    make_statement(title="Cited")
    release()
    page = client.get("/data/").content.decode()
    digest = hashlib.sha256((releases / "2026-12-07" / "statements.csv").read_bytes()).hexdigest()
    assert "Release of 7 December 2026" in page
    assert f'<code class="checksum">{digest}</code>' in page
    response = client.get("/data/releases/2026-12-07/statements.csv")
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == digest
    for missing in [
        "/data/releases/2026-12-07/secret.txt",
        "/data/releases/2026-12-08/statements.csv",
        "/data/releases/..%2F..%2Fsettings.py/x",
    ]:
        assert client.get(missing).status_code == 404, missing


def test_an_unfinished_release_is_not_listed(client, releases):
    (releases / ".2026-12-07.partial").mkdir(parents=True)
    (releases / "2026-12-06").mkdir()
    assert "No release has been made yet." in client.get("/data/").content.decode()
