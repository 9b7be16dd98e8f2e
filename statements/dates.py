"""Dates exactly as certain as their sources: Extended Date/Time Format values.

Every date of a curated record is an EDTF value (Library of Congress; ISO 8601-2, level 1): a
day, a month or a year (`2025-04-09`, `2025-04`, `2025`), uncertain (`2025-04?`), approximate
(`2024~`) or both (`2024-01%`), with unspecified digits (`201X`, `2004-XX`), a season
(`2024-21`, spring), or an interval between two of those, whose ends may be open (`..`) or
not known (empty): `2023-08/2024-07`, `../2024-01-24`, `2025-02/..`.

The `edtf` package parses and validates what a curator types; a value it accepts is kept as
typed, with its earliest and latest possible day in indexed columns (an open or unknown end
kept as the first or last day there is: see NO_EARLIEST), so that filters and sorts read
days. The days are those the value names: "about 2024" is 2024 for a filter, its uncertainty
is said in words. A stored value is shown in words from its own digits (parsing every date of
a list page again would cost more than the page).
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass

import edtf

# A day, a month or a year: the plain forms, and the only ones the list filters take.
PLAIN = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?")
# One date of a value, as the accepted EDTF forms write it.
PART = re.compile(
    r"(?P<year>\d{4}|\d{3}X|\d{2}XX)"
    r"(?:-(?P<month>0[1-9]|1[0-2]|2[1-4]|XX)(?:-(?P<day>0[1-9]|[12]\d|3[01]|XX))?)?"
    r"(?P<qualifier>[?~%])?"
)
# Every value Demarche takes, for the data package's checks.
ANY_DATE = re.sub(r"\?P<\w+>", "", PART.pattern)
EDTF_PATTERN = f"^({ANY_DATE}|\\.\\.)?(/({ANY_DATE}|\\.\\.)?)?$"
SEASONS = {"21": "spring", "22": "summer", "23": "autumn", "24": "winter"}
QUALIFIED = {"?": "probably {}", "~": "about {}", "%": "perhaps about {}"}
# A bound of an interval that is not a date: open (it goes on), or not known.
OPEN, UNKNOWN = "..", ""
# How a record keeps an open or unknown end in its day columns, so that a date range is one
# range of an index (earliest <= to, latest >= from) with no "or is null" beside it: the
# first and last days there are. Read back as None (`stored()`); the exports write them empty.
NO_EARLIEST, NO_LATEST = datetime.date.min, datetime.date.max
HELP = (
    "As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? "
    "(probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); "
    "2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later)."
)


class Precision:
    DAY, MONTH, YEAR = "day", "month", "year"
    CHOICES = (DAY, MONTH, YEAR)


# A value whose every date is known to the day, the month or the year (a season to the year),
# qualified or not; the exports' SQL tests the same patterns (PostgreSQL's ~ reads them alike).
ONE_DATE = {
    Precision.DAY: r"\d{4}-\d{2}-\d{2}",
    Precision.MONTH: r"\d{4}-(0[1-9]|1[0-2])",
    Precision.YEAR: r"\d{4}(-2[1-4])?",
}
PRECISION_PATTERNS = {
    precision: f"^{one}[?~%]?(/{one}[?~%]?)?$" for precision, one in ONE_DATE.items()
}


@dataclass(frozen=True)
class When:
    """An EDTF value and the days it may stand for (None for an open or unknown end)."""

    edtf: str
    earliest: datetime.date | None
    latest: datetime.date | None

    @classmethod
    def parse(cls, text):
        """Read an EDTF value of the accepted forms; raise ValueError saying what is wrong."""
        return parsed(text.strip())

    @property
    def parts(self):
        """The value's dates: one, or an interval's two (either may be OPEN or UNKNOWN)."""
        return self.edtf.split("/") if "/" in self.edtf else [self.edtf]

    @property
    def is_interval(self):
        return "/" in self.edtf

    @property
    def precision(self):
        """day, month or year when every date of the value is known to that (a season is
        known to the year), else None (a decade, an unspecified month, an open end)."""
        for precision, pattern in PRECISION_PATTERNS.items():
            if re.match(pattern, self.edtf):
                return precision
        return None

    @property
    def iso(self):
        """What an HTML <time> can carry: the digits of a single date, or "" for the rest."""
        if self.is_interval:
            return ""
        match = PART.fullmatch(self.edtf)
        year, month, day = match["year"], match["month"], match["day"]
        if "X" in year:
            return ""
        if month in SEASONS or month == "XX":
            return year
        if day == "XX":
            return f"{year}-{month}"
        return self.edtf.rstrip("?~%")

    def __str__(self):
        return in_words(self.edtf)


@functools.lru_cache(maxsize=4096)
def parsed(text):
    if not text:
        raise ValueError("a date is needed")
    if PLAIN.fullmatch(text):
        return plain(text)
    if not all(PART.fullmatch(part) for part in parts_of(text) if part not in (OPEN, UNKNOWN)):
        raise ValueError(f"“{text}” is not a date Demarche takes. {HELP}")
    if text in (OPEN, UNKNOWN, "/", "../..") or set(parts_of(text)) <= {OPEN, UNKNOWN}:
        raise ValueError("an interval needs at least one known end")
    try:
        value = edtf.parse_edtf(text)
    except edtf.EDTFParseException:
        raise ValueError(f"“{text}” is not a valid EDTF date. {HELP}") from None
    earliest, latest = bound(value, "lower"), bound(value, "upper")
    if earliest and latest and earliest > latest:
        raise ValueError(f"“{text}” ends before it begins")
    return When(text, earliest, latest)


def plain(text):
    """A day, a month or a year, read by the standard library: most dates are these."""
    try:
        if len(text) == 10:
            day = datetime.date.fromisoformat(text)
            return When(text, day, day)
        year = int(text[:4])
        first_month, last_month = (int(text[5:]),) * 2 if len(text) == 7 else (1, 12)
        first = datetime.date(year, first_month, 1)
        last = datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])
    except ValueError:
        raise ValueError(f"“{text}” is not a valid EDTF date. {HELP}") from None
    return When(text, first, last)


def parts_of(text):
    return text.split("/") if "/" in text else [text]


def bound(value, side):
    """The earliest ("lower") or latest ("upper") day of a parsed EDTF value, or None for an
    interval's open or unknown end."""
    if isinstance(value, edtf.Interval | edtf.Level1Interval):
        section = getattr(value, side)
        if isinstance(section, edtf.UnspecifiedIntervalSection):
            return None
    day = value.lower_strict() if side == "lower" else value.upper_strict()
    return datetime.date(*day[:3])


def part_in_words(part):
    match = PART.fullmatch(part)
    year, month, day = match["year"], match["month"], match["day"]
    if year.endswith("XX"):
        words = f"{year.replace('X', '0')}–{year.replace('X', '9')}"
    elif "X" in year:
        words = f"the {year.replace('X', '0')}s"
    elif month in SEASONS:
        words = f"{SEASONS[month]} {year}"
    elif not month or month == "XX":
        words = year if not month else f"sometime in {year}"
    elif not day or day == "XX":
        words = f"{calendar.month_name[int(month)]} {year}"
    else:
        words = f"{int(day)} {calendar.month_name[int(month)]} {year}"
    qualifier = match["qualifier"]
    return QUALIFIED[qualifier].format(words) if qualifier else words


@functools.lru_cache(maxsize=4096)
def in_words(value):
    """ "April 2025", "about 2024", "probably April 2025", "before 24 January 2024",
    "between August 2023 and July 2024"…"""
    if "/" not in value:
        return part_in_words(value)
    first, last = value.split("/")
    if first == OPEN:
        return f"on or before {part_in_words(last)}"
    if first == UNKNOWN:
        return f"by {part_in_words(last)} (since when is not known)"
    if last == OPEN:
        return f"{part_in_words(first)} or later"
    if last == UNKNOWN:
        return f"from {part_in_words(first)} (until when is not known)"
    return f"between {part_in_words(first)} and {part_in_words(last)}"


def stored(value, earliest, latest):
    """The When of a record's stored columns, or None when it has no date."""
    if not value:
        return None
    earliest = None if earliest == NO_EARLIEST else earliest
    return When(value, earliest, None if latest == NO_LATEST else latest)


def kept_days(when):
    """The days a record keeps for `when` (see NO_EARLIEST), or (None, None) for no date."""
    if when is None:
        return None, None
    return when.earliest or NO_EARLIEST, when.latest or NO_LATEST


def edtf_of(day, precision):
    """The EDTF value of a date kept as the first day of its period and its precision."""
    if precision == Precision.YEAR:
        return f"{day.year:04d}"
    if precision == Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


@dataclass(frozen=True)
class Period:
    """A span of days, inclusive, such as an event's dates or a role's tenure; None for an
    open or unknown end."""

    start: datetime.date | None
    end: datetime.date | None

    @classmethod
    def between(cls, first, last=None):
        """The period from one date to another (or to the end of the first)."""
        last = last or first
        return cls(first.earliest if first else None, last.latest if last else None)

    def overlaps(self, other):
        starts_in_time = self.start is None or other.end is None or self.start <= other.end
        ends_in_time = self.end is None or other.start is None or self.end >= other.start
        return starts_in_time and ends_in_time

    def covers(self, other):
        """Whether every day `other` may stand for is in this period."""
        if other.start is None or other.end is None:
            return False
        starts_before = self.start is None or self.start <= other.start
        ends_after = self.end is None or self.end >= other.end
        return starts_before and ends_after

    def __str__(self):
        return f"{self.start or '…'} – {self.end or '…'}"


def plain_date(text):
    """A day, a month or a year (YYYY-MM-DD, YYYY-MM, YYYY), as the list filters take them;
    raise ValueError otherwise."""
    if not PLAIN.fullmatch(text):
        raise ValueError(f"“{text}” is not of the form YYYY-MM-DD, YYYY-MM or YYYY")
    return When.parse(text)
