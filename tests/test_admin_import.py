"""The import page: a dry run with its report, then one click imports it all or nothing."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from statements.importers import jobs
from statements.models import ImportJob, Statement, Status

from .desk import check_at_desk, import_checked, member_of, run_the_worker
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
    return tmp_path


def upload(client, *rows, status="draft", content=None):
    data = (HEADER + "".join(rows)).encode() if content is None else content
    file = SimpleUploadedFile("statements.csv", data, content_type="text/csv")
    return check_at_desk(client, {"records": "statements", "file": file, "status": status})


def test_a_curator_checks_a_file_then_imports_it_as_drafts(client, import_dir):
    client.force_login(member_of("curators", "carla"))
    file = SimpleUploadedFile("statements.csv", (HEADER + GOOD).encode())
    response = client.post(
        "/admin/import/", {"records": "statements", "file": file, "status": "draft"}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == f"/admin/import/{job.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert "Waiting for the worker to start" in waiting and 'http-equiv="refresh"' in waiting
    assert job.upload_path.exists()
    run_the_worker()
    response = client.get(f"/admin/import/{job.pk}/")
    page = response.content.decode()
    assert "1 would be new" in page and "Row 2: a new statement, “On WSIS”." in page
    assert 'http-equiv="refresh"' not in page
    assert not Statement.objects.exists()
    response = import_checked(client, response)
    assert "Imported 1 row: 1 new, 0 changed" in response.content.decode()
    statement = Statement.objects.get()
    assert statement.status == Status.DRAFT
    assert statement.history.first().history_change_reason == "Imported from statements.csv"
    assert list(import_dir.iterdir()) == []  # the upload is gone
    # The same confirmation cannot be replayed.
    import_checked(client, response)
    assert Statement.objects.count() == 1


def test_the_worker_reports_how_far_it_has_read(client, import_dir, monkeypatch):
    """Every thousand rows, the page learns how far the check has read."""
    client.force_login(member_of("curators", "carla"))
    seen = []
    real = jobs.write_progress

    def written(job, report):
        real(job, report)
        seen.append(client.get(f"/admin/import/{job.pk}/").content.decode())

    monkeypatch.setattr(jobs, "write_progress", written)
    rows = [GOOD.replace("On WSIS", f"On WSIS {n}") for n in range(2500)]
    page = upload(client, *rows).content.decode()
    assert "2500 rows: 2500 would be new" in page
    assert len(seen) == 3  # after each thousand rows, and after the last
    assert "1000 rows read so far, about " in seen[0] and "2000 rows read so far" in seen[1]
    assert "2500 rows read so far, about 100%" in seen[2]


def test_a_discarded_or_forgotten_upload_is_deleted(client, import_dir):
    client.force_login(member_of("curators", "carla"))
    discarded = import_checked(client, upload(client, GOOD), action="discard")
    assert discarded.status_code == 200 and ImportJob.objects.get().phase == "discarded"
    assert list(import_dir.iterdir()) == []
    forgotten = upload(client, GOOD).context["job"]
    assert forgotten.upload_path.exists()
    expiries = DBTaskResult.objects.filter(task_path__endswith="expire_upload")
    [expiry] = [task for task in expiries if task.args_kwargs["args"] == [str(forgotten.pk)]]
    assert expiry.run_after > timezone.now() + datetime.timedelta(hours=23)
    run_the_worker()  # not yet
    assert forgotten.upload_path.exists()
    # A day later, the worker deletes it.
    a_day_ago = timezone.now() - datetime.timedelta(hours=24, minutes=1)
    ImportJob.objects.filter(pk=forgotten.pk).update(updated_at=a_day_ago)
    DBTaskResult.objects.filter(pk=expiry.pk).update(run_after=timezone.now())
    run_the_worker()
    assert not forgotten.upload_path.exists()
    assert ImportJob.objects.get(pk=forgotten.pk).phase == "expired"
    # A file with errors cannot be imported: it is not kept at all.
    assert upload(client, BAD).context["job"].upload_path.exists() is False


def test_a_job_is_only_its_uploaders(client):
    client.force_login(member_of("curators", "carla"))
    job = upload(client, GOOD).context["job"]
    client.force_login(member_of("curators", "cora"))
    assert client.get(f"/admin/import/{job.pk}/").status_code == 404


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
    import_checked(client, upload(client, GOOD, status="published"))
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
    response = check_at_desk(client, data)
    page = response.content.decode()
    assert "(JSON)" in page and "not valid JSON at record 2" in page
    assert "It was read up to record 1 (1 record, about " in page
