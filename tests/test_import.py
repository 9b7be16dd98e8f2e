"""Bulk import from CSV: a dry run first, all or nothing, every error named, nothing twice."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.importers import load_seed
from statements.importers.rows import import_file
from statements.models import Actor, Event, Statement, Status

from .desk import member_of
from .factories import make_person, make_source, make_statement
from .files import csv_file, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def speaker():
    make_source(title="CSTD report")
    return make_person(name="Tahereh Jalili")


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(speaker):
    file = csv_file(
        "On WSIS,2020-06,month,written_submission,official_text,tahereh-jalili,e-government,"
        "CSTD report,x\r\n"
    )
    report = import_file("statements", file)
    assert (report.ok, report.applied, report.created) == (True, False, 1)
    assert report.preview == ["Row 2: a new statement, “On WSIS”."]
    assert not Statement.objects.filter(title="On WSIS").exists()


def test_a_speaker_or_source_named_on_many_rows_is_looked_up_once(speaker):
    rows = "".join(
        f"On WSIS {n},2020-06,month,speech,reported,tahereh-jalili,e-government,CSTD report,x\r\n"
        for n in range(5)
    )
    with CaptureQueriesContext(connection) as queries:
        report = import_file("statements", csv_file(rows))
    assert report.created == 5
    looked_up = [q["sql"] for q in queries if '"slug" IN' in q["sql"] or '"title" IN' in q["sql"]]
    assert len(looked_up) == 3  # the speaker, the theme and the source, once each


def test_applying_imports_every_row_as_a_draft_with_its_relations(speaker):
    file = csv_file(
        "On WSIS,2020-06,month,written_submission,official_text,tahereh-jalili,e-government,"
        "CSTD report,x\r\n",
        '"Commas, ""quotes""",2021,year,speech,reported,tahereh-jalili,,CSTD report,'
        "'=not a formula\r\n",
    )
    report = import_file("statements", file, apply=True, reason="Imported from test.csv")
    assert (report.applied, report.created) == (True, 2)
    first = Statement.objects.get(title="On WSIS")
    assert first.status == Status.DRAFT
    assert first.when.iso == "2020-06"
    assert [t.slug for t in first.themes.all()] == ["e-government"]
    assert [s.title for s in first.sources.all()] == ["CSTD report"]
    assert first.history.first().history_change_reason == "Imported from test.csv"
    assert Statement.objects.get(title='Commas, "quotes"').summary == "=not a formula"


def test_a_file_with_errors_changes_nothing_and_names_each_row_and_column(speaker):
    file = csv_file(
        "Fine,2020-06,month,speech,reported,tahereh-jalili,,CSTD report,\r\n",
        "Bad date,June 2020,month,speech,reported,tahereh-jalili,,,\r\n",
        "Nobody,2020,year,speech,reported,no-such-person,,,\r\n",
        "Bad kind,2020,year,sermon,reported,tahereh-jalili,,Unknown report,\r\n",
    )
    report = import_file("statements", file, apply=True)
    assert not report.applied and report.created == 1
    assert not Statement.objects.filter(title="Fine").exists()
    # Row 5's unknown source is reported; its kind is checked once its references resolve.
    assert [(row, column) for row, column, _ in report.errors] == [
        (3, "date"),
        (4, "speaker_slug"),
        (5, "source_titles"),
    ]
    messages = {column: message for _, column, message in report.errors}
    assert "no-such-person" in messages["speaker_slug"]
    assert "is not a date Demarche takes" in messages["date"]


def test_a_model_rule_is_reported_against_its_column(speaker):
    file = csv_file("Bad kind,2020,year,sermon,reported,tahereh-jalili,,CSTD report,\r\n")
    [(row, column, message)] = import_file("statements", file).errors
    assert (row, column) == (2, "kind") and "sermon" in message


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary data"),
        ("title,date,kind,speaker_slug\r\nSé,2020,speech,x\r\n".encode("latin-1"), "not UTF-8"),
        (b"", "empty"),
        (b"Title;Date\r\nx;y\r\n", "lacks title, date, kind, speaker_slug"),
        (b"title,date,kind,speaker_slug,colour\r\n", "Unknown columns: colour"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_with_a_clear_message(speaker, content, problem):
    make_statement(title="Untouched")
    report = import_file("statements", io.BytesIO(content), apply=True)
    assert problem in report.file_problem
    assert not report.applied
    assert list(Statement.objects.values_list("title", flat=True)) == ["Untouched"]


@pytest.mark.parametrize("name", ["statements", "actors", "events"])
def test_importing_an_export_changes_nothing(client, name):
    load_seed()
    model = {"statements": Statement, "actors": Actor, "events": Event}[name]
    before = model.history.count()
    report = import_file(name, export(client, name), apply=True)
    assert report.ok, report.errors
    assert (report.created, report.changed) == (0, 0)
    assert report.unchanged == model.objects.published().count() > 0
    assert model.history.count() == before


def test_an_edited_export_changes_what_was_edited_and_nothing_else(client):
    load_seed()
    rows = list(
        csv.DictReader(io.StringIO(export(client, "statements").read().decode("utf-8-sig")))
    )
    rows[0]["summary"] = "A corrected summary."
    edited = io.StringIO()
    writer = csv.DictWriter(edited, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    report = import_file("statements", io.BytesIO(edited.getvalue().encode()), apply=True)
    assert (report.created, report.changed, report.unchanged) == (0, 1, len(rows) - 1)
    assert report.preview == [
        f"Row 2: statement {rows[0]['id']}, “{rows[0]['title']}”: summary would change."
    ]
    assert Statement.objects.get(pk=rows[0]["id"]).summary == "A corrected summary."


def test_importing_the_same_file_twice_changes_nothing_the_second_time(speaker):
    row = "On WSIS,2020-06,month,written_submission,official_text,tahereh-jalili,,CSTD report,x\r\n"
    import_file("statements", csv_file(row), apply=True)
    report = import_file("statements", csv_file(row), apply=True)
    assert (report.created, report.changed, report.unchanged) == (0, 0, 1)
    assert Statement.objects.filter(title="On WSIS").count() == 1


def test_a_curator_cannot_change_a_published_record_or_import_into_publication(client, speaker):
    curator = member_of("curators", "carla")
    statement = make_statement(title="Published", speaker=speaker)
    rows = export(client, "statements").read().decode().replace("Published", "Rewritten")
    report = import_file("statements", io.BytesIO(rows.encode()), apply=True, user=curator)
    assert not report.applied and "only reviewers" in report.errors[0][2]
    statement.refresh_from_db()
    assert statement.title == "Published"
    report = import_file("statements", csv_file(), status=Status.PUBLISHED, user=curator)
    assert "Only reviewers" in report.file_problem


def test_the_command_runs_a_dry_run_unless_told_to_apply(speaker, tmp_path, capsys):
    path = tmp_path / "statements.csv"
    path.write_bytes(
        csv_file(
            "On WSIS,2020-06,month,speech,reported,tahereh-jalili,,CSTD report,\r\n"
        ).getvalue()
    )
    call_command("import_records", "statements", str(path))
    assert "A dry run; it would import 1 rows: 1 new" in capsys.readouterr().out
    assert not Statement.objects.exists()
    call_command("import_records", "statements", str(path), "--apply")
    assert Statement.objects.get().title == "On WSIS"


def test_the_command_lists_every_error_and_fails(speaker, tmp_path, capsys):
    path = tmp_path / "statements.csv"
    path.write_bytes(csv_file("Nobody,2020,year,speech,reported,no-such-person,,,\r\n").getvalue())
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_records", "statements", str(path), "--apply")
    assert "row 2, speaker_slug: No actor with slug 'no-such-person'" in capsys.readouterr().err
