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
    looked_up = [
        q["sql"]
        for q in queries
        if ('"slug" IN' in q["sql"] or '"title" IN' in q["sql"])
        and 'FROM "statements_statement"' not in q["sql"]
    ]
    assert len(looked_up) == 3  # the speaker, the theme and the source, once each


def queries_to_import(rows, **options):
    """The queries of an import, and how many of them write rows (SQLite takes fewer rows
    in one INSERT than PostgreSQL)."""
    with CaptureQueriesContext(connection) as queries:
        report = import_file("statements", csv_file(rows), **options)
    assert report.ok, report.errors
    inserts = sum(query["sql"].startswith("INSERT") for query in queries)
    return len(queries) - inserts, inserts


def test_new_rows_are_found_checked_and_written_together(speaker):
    """However many new rows a chunk holds, they cost the same queries, history included:
    a file of thousands is written in bulk, not row by row."""

    def rows(count, title):
        return "".join(
            f"{title} {n},2020-06-{n % 28 + 1:02d},day,speech,reported,tahereh-jalili,"
            f"e-government,CSTD report,x\r\n"
            for n in range(count)
        )

    for apply in (False, True):
        reads, _ = queries_to_import(rows(5, "On CSTD"), apply=apply)
        reads_of_many, inserts = queries_to_import(rows(200, "On WSIS"), apply=apply)
        assert reads_of_many == reads
        assert inserts <= 30  # statements, their themes and sources, and their history
    assert Statement.objects.filter(title__startswith="On WSIS").count() == 200
    statement = Statement.objects.get(title="On WSIS 7")
    [entry] = statement.history.all()
    assert entry.history_type == "+"
    # Its relations as they were, as the history page reads them (through the kept rows).
    assert [row.theme.slug for row in entry.themes.all()] == ["e-government"]
    assert [row.source.title for row in entry.sources.all()] == ["CSTD report"]
    assert entry.history_change_reason == ""


def test_a_file_naming_a_new_record_twice_adds_it_then_finds_it(speaker):
    row = "On WSIS,2020-06,month,speech,reported,tahereh-jalili,,CSTD report,{}\r\n"
    same = import_file("statements", csv_file(row.format("x"), row.format("x")), apply=True)
    assert (same.created, same.changed, same.unchanged) == (1, 0, 1)
    edited = csv_file(row.format("x"), row.format("x"), row.format("y"))
    Statement.objects.all().delete()
    report = import_file("statements", edited, apply=True)
    assert (report.created, report.changed, report.unchanged) == (1, 1, 1)
    assert report.preview[0] == "Row 2: a new statement, “On WSIS”."
    assert report.preview[1].startswith("Row 4: statement ")
    assert Statement.objects.get().summary == "y"


def test_a_row_that_would_break_a_rule_of_publishing_is_named_among_rows_written_together(
    speaker,
):
    make_person(name="Draft Person", status=Status.DRAFT)
    rows = [
        f"Fine {n},2020-06,month,speech,reported,tahereh-jalili,,CSTD report,\r\n" for n in range(5)
    ]
    rows.insert(2, "Spoken by a draft,2020-06,month,speech,reported,draft-person,,CSTD report,\r\n")
    rows.append("Without a source,2020-06,month,speech,reported,tahereh-jalili,,,\r\n")
    reviewer = member_of("reviewers", "rita")
    report = import_file(
        "statements", csv_file(*rows), apply=True, status=Status.PUBLISHED, user=reviewer
    )
    assert not report.applied and report.created == 5
    assert [(row, message) for row, _, message in report.errors] == [
        (4, "Its actor “Draft Person” is not published: publish it first, or with it."),
        (8, "It needs at least one source."),
    ]
    assert not Statement.objects.exists()


def test_an_import_keeps_who_made_each_record_and_change(speaker):
    curator = member_of("curators", "carla")
    row = "On WSIS,2020-06,month,speech,reported,tahereh-jalili,,CSTD report,{}\r\n"
    import_file("statements", csv_file(row.format("x")), apply=True, user=curator)
    import_file("statements", csv_file(row.format("y")), apply=True, user=curator)
    entries = Statement.objects.get().history.order_by("history_date", "history_id")
    assert [(e.history_type, e.history_user, e.summary) for e in entries] == [
        ("+", curator, "x"),
        ("~", curator, "y"),
    ]


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
