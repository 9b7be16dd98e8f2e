"""Writing an export: rows read from a database iterator and sent as they are written.

On PostgreSQL the iterator is a server-side cursor read inside a transaction, so the cursor
is not holdable and rows leave as they are read; related records are fetched in bulk per
chunk. Nothing here grows with the number of rows.
"""

import csv
import datetime
import io
import json

from django.db import connection, transaction
from django.utils.text import slugify

from .documents import document

CHUNK_SIZE = 500
# Between the values of a many-valued cell.
SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text):
    """Text a spreadsheet will not run: a leading formula character gets a `'` before it.

    A text that starts with `'` gets one too, so that removing one leading `'` always gives
    back the text as recorded.
    """
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEPARATOR.join(neutralise(str(item)) for item in value)
    if isinstance(value, str):
        return neutralise(value)
    return value


def records(parts):
    """The rows of the querysets `parts`, one after the other, read through a cursor in
    chunks, related data per chunk."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Plan for reading every row, not the first 10% (the default for cursors).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        for queryset in parts:
            yield from queryset.iterator(chunk_size=CHUNK_SIZE)


def csv_lines(parts, columns, copy=None):
    """The CSV file of the list `parts` (querysets read one after the other), line by line,
    as UTF-8 bytes: a header, then a row per record.

    On PostgreSQL, when every column can be written in SQL, PostgreSQL writes the rows itself
    (`COPY … TO STDOUT`), several times faster than Python can; `copy` forces either way.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush():
        data = buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
        return data

    writer.writerow([column.name for column in columns])
    yield flush()
    if copy is None:
        copy = connection.vendor == "postgresql" and all(c.expression for c in columns)
    if copy:
        yield from copied_rows(parts, columns)
        return
    for record in records(parts):
        writer.writerow([cell(column.value(record)) for column in columns])
        yield flush()


def copied_rows(parts, columns):
    """The CSV rows of `parts` as PostgreSQL's COPY writes them from the columns' SQL."""
    from .sql import copy_query  # sql.py builds on the cell rules of this module

    line_ends = LineEnds()
    with transaction.atomic(), connection.cursor() as cursor:
        # Each row looks up its themes, countries and sources by key. With the default cost
        # of a random read (4, for disks) PostgreSQL rather scans the small tables of themes
        # and countries for every row, which made the export five times slower.
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        for part in parts:
            query, params = copy_query(part, columns)
            statement = f"COPY ({query}) TO STDOUT (FORMAT csv)"
            with cursor.cursor.copy(statement, params) as copy:
                for data in copy:
                    yield line_ends.crlf(bytes(data))


class LineEnds:
    """COPY ends its rows with LF, the documented format (RFC 4180, like Python's writer)
    with CR LF. A line break inside a quoted value is part of the value and stays as it is;
    quotes inside a value are doubled, so counting quotes tells inside from outside, even
    across the chunks COPY sends."""

    def __init__(self):
        self.quoted = False

    def crlf(self, data):
        pieces = data.split(b'"')
        first_outside = 1 if self.quoted else 0
        for index in range(first_outside, len(pieces), 2):
            pieces[index] = pieces[index].replace(b"\n", b"\r\n")
        self.quoted ^= (len(pieces) - 1) % 2 == 1
        return b'"'.join(pieces)


def json_chunks(parts, keys, about):
    """The JSON document `{"about": {...}, "results": [record, ...]}`, in pieces."""
    yield '{"about": ' + json.dumps(about, ensure_ascii=False) + ', "results": ['
    separator = "\n"
    for record in records(parts):
        yield separator + json.dumps(document(keys, record), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def file_name(export_name, filterset, extension, today=None):
    """demarche-statements-IR-digital-divide-2026-11-23.csv: what was exported, and when."""
    parts = ["demarche", export_name]
    for name, value in filterset.form.cleaned_data.items():
        if name in ("sort",) or value in (None, [], ""):
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if name == "q":
                parts.append("search")
            elif hasattr(item, "code"):
                parts.append(item.code)  # country codes keep their capitals
            else:
                key = getattr(item, "slug", None) or getattr(item, "iso", None) or str(item)
                parts.append(slugify(key)[:40])
    parts.append((today or datetime.date.today()).isoformat())
    name = "-".join(part for part in parts if part)
    return f"{name[:150]}.{extension}"
