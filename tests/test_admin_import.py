"""The import page: a dry run with its report, then one click imports it all or nothing."""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from statements.models import Statement, Status

from .desk import member_of
from .factories import make_person, make_source
from .files import HEADER

pytestmark = pytest.mark.django_db

GOOD = "On WSIS,2020-06,month,written_submission,official_text,tahereh-jalili,,CSTD report,x\r\n"
BAD = "Nobody,2020,year,speech,reported,no-such-person,,,\r\n"


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.IMPORT_DIR = tmp_path
    make_source(title="CSTD report")
    make_person(name="Tahereh Jalili")


def upload(client, *rows, status="draft", content=None):
    data = (HEADER + "".join(rows)).encode() if content is None else content
    file = SimpleUploadedFile("statements.csv", data, content_type="text/csv")
    return client.post("/admin/import/", {"records": "statements", "file": file, "status": status})


def test_a_curator_checks_a_file_then_imports_it_as_drafts(client):
    client.force_login(member_of("curators", "carla"))
    response = upload(client, GOOD)
    page = response.content.decode()
    assert "1 would be new" in page and "Row 2: a new statement, “On WSIS”." in page
    assert not Statement.objects.exists()
    token = response.context["token"]
    response = client.post("/admin/import/", {"token": token}, follow=True)
    assert "Imported 1 rows of statements.csv: 1 new" in response.content.decode()
    statement = Statement.objects.get()
    assert statement.status == Status.DRAFT
    assert statement.history.first().history_change_reason == "Imported from statements.csv"
    # The same confirmation cannot be replayed.
    client.post("/admin/import/", {"token": token})
    assert Statement.objects.count() == 1


def test_the_dry_run_lists_each_error_and_offers_no_import(client):
    client.force_login(member_of("curators", "carla"))
    page = upload(client, GOOD, BAD).content.decode()
    assert "1 error:" in page
    assert "<td>3</td><td>speaker_slug</td>" in page
    assert "Import these rows" not in page
    assert not Statement.objects.exists()


def test_only_reviewers_may_import_into_publication(client):
    client.force_login(member_of("curators", "carla"))
    response = upload(client, GOOD, status="published")
    assert "status" in response.context["form"].errors
    client.force_login(member_of("reviewers", "rafael"))
    token = upload(client, GOOD, status="published").context["token"]
    client.post("/admin/import/", {"token": token})
    assert Statement.objects.get().status == Status.PUBLISHED


def test_an_oversized_or_malformed_upload_is_refused_with_a_clear_message(client, settings):
    client.force_login(member_of("curators", "carla"))
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    response = upload(client, content=b"x" * 2048)
    [error] = response.context["form"].errors["file"]
    assert error.startswith("The file is 2.0\xa0KB; uploads may be at most 1.0\xa0KB.")
    settings.IMPORT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    page = upload(client, content=b"\x00\x01binary").content.decode()
    assert "This is not a CSV file: it holds binary data. Nothing was imported." in page
    assert "Import these rows" not in page


def test_staff_without_the_right_to_add_cannot_import(client):
    client.force_login(User.objects.create_user("viewer", password="pw", is_staff=True))
    response = upload(client, GOOD)
    assert "You may not add statements." in response.content.decode()
    assert not Statement.objects.exists()


def test_the_report_says_the_whole_file_was_read(client):
    client.force_login(member_of("curators", "carla"))
    page = upload(client, GOOD, GOOD.replace("On WSIS", "On the CSTD")).content.decode()
    assert "The whole file read (" in page and "), 2 rows: 2 would be new" in page


def test_a_file_broken_midway_says_which_row_it_reached(client):
    client.force_login(member_of("curators", "carla"))
    page = upload(
        client, GOOD, GOOD, '"An unclosed quote,2020,year,speech,reported,x,,,\r\n'
    ).content
    page = page.decode()
    assert "The file is not valid CSV near line 4" in page and "Nothing was imported." in page
    assert "It was read up to row 3 (2 rows, about " in page
    assert not Statement.objects.exists()


def test_a_json_file_broken_midway_says_which_record_it_reached(client):
    client.force_login(member_of("reviewers", "rafael"))
    document = '{"about": {}, "results": [{"title": "On WSIS", "kind": "speech", '
    document += '"date": {"date": "2020-06", "precision": "month"}, '
    document += '"speaker": {"slug": "tahereh-jalili"}}, {"title": ]}'
    file = SimpleUploadedFile("statements.json", document.encode())
    data = {"records": "statements", "file": file, "status": "draft"}
    response = client.post("/admin/import/", data)
    page = response.content.decode()
    assert "(JSON)" in page and "not valid JSON at record 2" in page
    assert "It was read up to record 1 (1 record, about " in page
