"""Dates exactly as certain as their sources: EDTF values, their days and their words."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from statements.dates import Period, When, plain_date
from statements.models import Agreement, Event, Role, Statement

from .factories import make_agreement, make_event, make_person, make_role, make_statement
from .files import csv_rows, json_results

day = datetime.date


@pytest.mark.parametrize(
    ("value", "earliest", "latest", "words", "machine"),
    [
        ("2025-04-09", day(2025, 4, 9), day(2025, 4, 9), "9 April 2025", "2025-04-09"),
        ("2025-04", day(2025, 4, 1), day(2025, 4, 30), "April 2025", "2025-04"),
        ("2025", day(2025, 1, 1), day(2025, 12, 31), "2025", "2025"),
        ("2024-02", day(2024, 2, 1), day(2024, 2, 29), "February 2024", "2024-02"),
        ("2025-04?", day(2025, 4, 1), day(2025, 4, 30), "probably April 2025", "2025-04"),
        ("2024~", day(2024, 1, 1), day(2024, 12, 31), "about 2024", "2024"),
        ("2024-01%", day(2024, 1, 1), day(2024, 1, 31), "perhaps about January 2024", "2024-01"),
        ("201X", day(2010, 1, 1), day(2019, 12, 31), "the 2010s", ""),
        ("19XX", day(1900, 1, 1), day(1999, 12, 31), "1900–1999", ""),
        ("2004-06-XX", day(2004, 6, 1), day(2004, 6, 30), "June 2004", "2004-06"),
        ("2004-XX", day(2004, 1, 1), day(2004, 12, 31), "sometime in 2004", "2004"),
        ("2024-21", day(2024, 3, 1), day(2024, 5, 31), "spring 2024", "2024"),
        (
            "2023-08/2024-07",
            day(2023, 8, 1),
            day(2024, 7, 31),
            "between August 2023 and July 2024",
            "",
        ),
        ("../2024-01-24", None, day(2024, 1, 24), "on or before 24 January 2024", ""),
        ("2025-02/..", day(2025, 2, 1), None, "February 2025 or later", ""),
        ("/2024", None, day(2024, 12, 31), "by 2024 (since when is not known)", ""),
    ],
)
def test_each_edtf_form_keeps_its_days_and_reads_in_words(value, earliest, latest, words, machine):
    when = When.parse(value)
    assert (when.edtf, when.earliest, when.latest) == (value, earliest, latest)
    assert str(when) == words
    assert when.iso == machine


@pytest.mark.parametrize(
    "value",
    ["2025-4", "April 2025", "2025-13", "2025-02-30", "20255", "..", "../..", "2025/2024"]
    + ["1985-04-12T23:20:30", "{2024,2025}", "[2024,2025]", "2024-?06", "-0100", "Y170000002"],
)
def test_what_is_not_an_edtf_date_of_the_forms_we_take_is_refused(value):
    with pytest.raises(ValueError):
        When.parse(value)


def test_the_list_filters_take_a_day_a_month_or_a_year_only():
    assert plain_date("2024-06").latest == day(2024, 6, 30)
    for text in ("2024~", "2024-06/2024-07", "201X"):
        with pytest.raises(ValueError):
            plain_date(text)


def test_periods_overlap_when_they_share_a_day():
    session = Period(day(2025, 4, 7), day(2025, 4, 11))
    assert session.overlaps(Period.between(When.parse("2025-04")))
    assert session.overlaps(Period.between(When.parse("2025-04-11")))
    assert not session.overlaps(Period.between(When.parse("2025-04-12")))
    assert not session.overlaps(Period.between(When.parse("2025-03")))
    assert session.overlaps(Period.between(When.parse("../2025-04-07")))


@pytest.mark.django_db
def test_a_statement_keeps_its_date_as_typed_and_its_days():
    statement = make_statement(date="2025-04?")
    stored = Statement.objects.get(pk=statement.pk)
    assert (stored.date, stored.date_earliest, stored.date_latest) == (
        "2025-04?",
        day(2025, 4, 1),
        day(2025, 4, 30),
    )
    assert str(stored.when) == "probably April 2025"


@pytest.mark.django_db
def test_a_statement_date_needs_a_known_beginning():
    statement = Statement(date="../2024-01-24")
    with pytest.raises(ValidationError) as raised:
        statement.full_clean()
    assert "known beginning" in " ".join(raised.value.message_dict["date"])


@pytest.mark.django_db
def test_a_malformed_date_is_a_message_on_its_field():
    event = Event(name="A visit", kind="visit", start_date="spring 2025")
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "is not a date Demarche takes" in " ".join(raised.value.message_dict["start_date"])


@pytest.mark.django_db
def test_an_agreement_set_up_before_a_day_keeps_an_open_start():
    agreement = make_agreement(signed_on="../2024-01-24")
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.signed.earliest, stored.signed.latest) == (None, day(2024, 1, 24))
    assert str(stored.signed) == "on or before 24 January 2024"
    # Kept as the first day there is, so that a date range is one range of an index.
    assert stored.signed_on_earliest == datetime.date.min


@pytest.mark.django_db
def test_open_ends_are_exported_empty_and_charted_nowhere(client):
    make_agreement(title="Set up before", signed_on="../2024-01-24")
    make_agreement(title="From then on", signed_on="2025-02/..")
    rows = {r["title"]: r for r in csv_rows(client, "/agreements/export.csv")}
    assert (
        rows["Set up before"]["date_signed_earliest"],
        rows["From then on"]["date_signed_latest"],
    ) == ("", "")
    assert rows["From then on"]["date_signed_earliest"] == "2025-02-01"
    records = {r["title"]: r for r in json_results(client, "/agreements/export.json")}
    assert records["Set up before"]["date_signed"]["earliest"] is None
    assert records["From then on"]["date_signed"]["latest"] is None
    chart = client.get("/countries/IR/").context["chart"]
    assert [year for year, _, signed in chart.years if signed] == [2025]


@pytest.mark.django_db
def test_an_agreement_without_a_date_has_none():
    agreement = make_agreement(signed_on="", agreement_status="proposed")
    assert Agreement.objects.get(pk=agreement.pk).signed is None


@pytest.mark.django_db
def test_event_dates_make_its_period():
    event = make_event(start_date="2023-12", end_date="")
    stored = Event.objects.get(pk=event.pk)
    assert (stored.start.edtf, stored.end) == ("2023-12", None)
    assert stored.period == Period(day(2023, 12, 1), day(2023, 12, 31))


@pytest.mark.django_db
def test_an_event_cannot_end_before_it_starts():
    event = make_event(start_date="2025-04-07", end_date="2025-03")
    with pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "end_date" in raised.value.message_dict


@pytest.mark.django_db
def test_a_roles_dates_are_edtf_too():
    role = make_role(make_person(), start_date="2019~", end_date="2023-08/2023-10")
    stored = Role.objects.get(pk=role.pk)
    assert stored.tenure == "about 2019 – between August 2023 and October 2023"
    assert stored.known_period == Period(day(2019, 1, 1), day(2023, 10, 31))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_every_day_month_and_year_as_an_edtf_value():
    """Dates kept as a first day and a precision become EDTF values with both their days, and
    statements get how their words are known from their text and sources."""
    executor = MigrationExecutor(connection)
    before = [("statements", "0020_export_cells_keep_source_kinds")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    speaker = old.get_model("statements", "Actor").objects.create(
        name="Sadr", slug="sadr", kind="person"
    )
    statements = old.get_model("statements", "Statement").objects
    official = old.get_model("statements", "Source").objects.create(
        title="CSTD contribution", language="en", kind="official_document"
    )
    for title, first_day, precision, text in [
        ("Day", day(2020, 6, 12), "day", "In the name of God"),
        ("Month", day(2024, 2, 1), "month", "Quoted words"),
        ("Year", day(2024, 1, 1), "year", ""),
    ]:
        statement = statements.create(
            title=title,
            speaker=speaker,
            date=first_day,
            date_precision=precision,
            kind="speech",
            verification="summary",
            text=text,
        )
        if title == "Day":
            statement.sources.add(official)
    # An event with foreign keys and two dates: the migration updates its row twice, then
    # alters its table in the same transaction.
    forum = old.get_model("statements", "Forum").objects.create(name="CSTD", slug="cstd")
    event = old.get_model("statements", "Event").objects.create(
        name="Session",
        slug="session",
        kind="session",
        forum=forum,
        start_date=day(2025, 4, 1),
        start_precision="month",
        end_date=day(2025, 4, 11),
    )
    old.get_model("statements", "Agreement").objects.create(
        title="MoU",
        kind="mou",
        agreement_status="signed",
        event=event,
        signed_on=day(2024, 1, 1),
        signed_precision="year",
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    migrated = {
        s.title: (s.date, s.date_earliest, s.date_latest, s.verification)
        for s in Statement.objects.all()
    }
    assert migrated == {
        "Day": ("2020-06-12", day(2020, 6, 12), day(2020, 6, 12), "official_text"),
        "Month": ("2024-02", day(2024, 2, 1), day(2024, 2, 29), "reported"),
        "Year": ("2024", day(2024, 1, 1), day(2024, 12, 31), "summary"),
    }
    assert [(e.start_date, e.start_date_latest, e.end_date) for e in Event.objects.all()] == [
        ("2025-04", day(2025, 4, 30), "2025-04-11")
    ]
    assert [(a.signed_on, a.signed_on_latest) for a in Agreement.objects.all()] == [
        ("2024", day(2024, 12, 31))
    ]
