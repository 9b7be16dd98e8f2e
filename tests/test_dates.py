import datetime

import pytest

from statements.dates import PartialDate, Period, Precision
from statements.models import Agreement, Event, Statement

from .factories import make_agreement, make_event, make_statement


@pytest.mark.parametrize(
    ("text", "value", "precision", "shown"),
    [
        ("2020-06-12", datetime.date(2020, 6, 12), Precision.DAY, "12 June 2020"),
        ("2025-04", datetime.date(2025, 4, 1), Precision.MONTH, "April 2025"),
        ("2024", datetime.date(2024, 1, 1), Precision.YEAR, "2024"),
    ],
)
def test_a_partial_date_reads_and_writes_at_its_precision(text, value, precision, shown):
    when = PartialDate.parse(text)
    assert (when.value, when.precision) == (value, precision)
    assert when.iso == text
    assert str(when) == shown


@pytest.mark.parametrize("text", ["", "2025-4", "April 2025", "2025-13", "2025-02-30", "20255"])
def test_a_malformed_date_is_refused(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_partial_date_spans_its_whole_period():
    february = PartialDate(datetime.date(2024, 2, 1), Precision.MONTH)
    assert (february.start, february.end) == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    year = PartialDate(datetime.date(2023, 1, 1), Precision.YEAR)
    assert (year.start, year.end) == (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))


def test_periods_overlap_when_they_share_a_day():
    session = Period(datetime.date(2025, 4, 7), datetime.date(2025, 4, 11))
    assert session.overlaps(Period.between(PartialDate.parse("2025-04")))
    assert session.overlaps(Period.between(PartialDate.parse("2025-04-11")))
    assert not session.overlaps(Period.between(PartialDate.parse("2025-04-12")))
    assert not session.overlaps(Period.between(PartialDate.parse("2025-03")))


@pytest.mark.django_db
def test_a_statement_date_known_to_the_month_round_trips_without_an_invented_day():
    statement = make_statement(date=datetime.date(2025, 4, 9), date_precision=Precision.MONTH)
    stored = Statement.objects.get(pk=statement.pk)
    assert stored.date == datetime.date(2025, 4, 1)
    assert (stored.when.iso, str(stored.when)) == ("2025-04", "April 2025")


@pytest.mark.django_db
def test_an_agreement_date_known_to_the_year_round_trips():
    agreement = make_agreement(signed_on=datetime.date(2024, 7, 3), signed_precision=Precision.YEAR)
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.signed.iso, str(stored.signed)) == ("2024", "2024")


@pytest.mark.django_db
def test_an_agreement_without_a_date_has_none():
    agreement = make_agreement(signed_on=None, agreement_status="proposed")
    assert Agreement.objects.get(pk=agreement.pk).signed is None


@pytest.mark.django_db
def test_event_dates_keep_their_own_precisions():
    event = make_event(
        start_date=datetime.date(2023, 12, 5),
        start_precision=Precision.MONTH,
        end_date=None,
    )
    stored = Event.objects.get(pk=event.pk)
    assert (stored.start.iso, stored.end) == ("2023-12", None)
    assert stored.period == Period(datetime.date(2023, 12, 1), datetime.date(2023, 12, 31))
