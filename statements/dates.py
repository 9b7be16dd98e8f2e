"""Dates known to the day, the month or only the year.

A partial date is stored as the first day of the period it stands for plus its precision,
so "April 2025" is (2025-04-01, month). It is shown and exported as precisely as it is
known and never with an invented day.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"


ISO_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    value: datetime.date
    precision: str = Precision.DAY

    @classmethod
    def parse(cls, text):
        """Read "2025", "2025-04" or "2025-04-07"; raise ValueError otherwise."""
        match = ISO_PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        if day:
            return cls(datetime.date(int(year), int(month), int(day)), Precision.DAY)
        if month:
            return cls(datetime.date(int(year), int(month), 1), Precision.MONTH)
        return cls(datetime.date(int(year), 1, 1), Precision.YEAR)

    @property
    def start(self):
        if self.precision == Precision.YEAR:
            return self.value.replace(month=1, day=1)
        if self.precision == Precision.MONTH:
            return self.value.replace(day=1)
        return self.value

    @property
    def end(self):
        if self.precision == Precision.YEAR:
            return self.value.replace(month=12, day=31)
        if self.precision == Precision.MONTH:
            last = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=last)
        return self.value

    @property
    def iso(self):
        if self.precision == Precision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision == Precision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    def __str__(self):
        if self.precision == Precision.YEAR:
            return str(self.value.year)
        if self.precision == Precision.MONTH:
            return f"{calendar.month_name[self.value.month]} {self.value.year}"
        return f"{self.value.day} {calendar.month_name[self.value.month]} {self.value.year}"


@dataclass(frozen=True)
class Period:
    """A span of days, inclusive, such as an event's dates or a role's tenure."""

    start: datetime.date | None
    end: datetime.date | None

    @classmethod
    def between(cls, first, last=None):
        """The period from one partial date to another (or to the end of the first)."""
        first_day = first.start if first else None
        last = last or first
        return cls(first_day, last.end if last else None)

    def overlaps(self, other):
        starts_in_time = self.start is None or other.end is None or self.start <= other.end
        ends_in_time = self.end is None or other.start is None or self.end >= other.start
        return starts_in_time and ends_in_time

    def __str__(self):
        return f"{self.start or '…'} – {self.end or '…'}"


def partial(value, precision):
    return PartialDate(value, precision) if value else None
