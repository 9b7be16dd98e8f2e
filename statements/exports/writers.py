"""Writing an export: rows read from a database iterator and sent as they are written.

Python writes the rows from a server-side cursor read inside a transaction (on PostgreSQL the
cursor is not holdable and rows leave as they are read), related records fetched in bulk per
chunk. On PostgreSQL, PostgreSQL writes them itself (`COPY … TO STDOUT`, from the SQL of
copy.py) and they leave as COPY sends them. Nothing here grows with the number of rows.
"""

import codecs
import csv
import datetime
import io
import json

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.utils.text import slugify

from . import cells
from .copy import can_copy, csv_query, json_query, keeps, looked_up_by_key
from .format import cell

CHUNK_SIZE = 500


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


# The file's first bytes say it is UTF-8: without them, Excel reads a double-clicked CSV in the
# computer's legacy code page and garbles "Rodríguez" and every Persian name. pandas and R's
# readr skip them; Python's csv module reads them with encoding="utf-8-sig" (see the data page).
UTF8_MARK = codecs.BOM_UTF8


def csv_file(parts, columns, copy=None):
    """The CSV file as it is downloaded: the UTF-8 mark, then its lines (csv_lines)."""
    yield UTF8_MARK
    yield from csv_lines(parts, columns, copy)


def csv_lines(parts, columns, copy=None):
    """The CSV file of the list `parts` (querysets read one after the other), line by line,
    as UTF-8 bytes: a header, then a row per record.

    On PostgreSQL, PostgreSQL writes the rows itself (`COPY … TO STDOUT`), several times
    faster than Python can; `copy` forces either way.
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
        copy = can_copy(columns)
    if copy:
        yield from copied_rows(parts, columns)
        return
    for record in records(parts):
        writer.writerow([cell(column.value(record)) for column in columns])
        yield flush()


def copied_rows(parts, columns):
    """The CSV rows of `parts` as PostgreSQL's COPY writes them from the columns' SQL."""

    def statement(part):
        query, params = csv_query(part, columns, kept=kept_cells(part))
        return f"COPY ({query}) TO STDOUT (FORMAT csv)", params

    line_ends = LineEnds()
    for data in copied(parts, statement):
        yield line_ends.crlf(data)


def copied(parts, statement):
    """What the COPY `statement(part)` (SQL and params) of each of `parts` sends, in pieces."""
    with transaction.atomic(), connection.cursor() as cursor, looked_up_by_key(cursor):
        for part in parts:
            try:
                sql, params = statement(part)
            except EmptyResultSet:
                continue  # no row can match (pk__in=[]): Django would not query either
            with cursor.cursor.copy(sql, params) as copy:
                for data in copy:
                    yield bytes(data)


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


def json_chunks(parts, keys, about, copy=None):
    """The JSON document `{"about": {...}, "results": [record, ...]}`, in pieces, as UTF-8
    bytes.

    On PostgreSQL, PostgreSQL writes the records itself, as for the CSV (see csv_lines);
    `copy` forces either way.
    """
    yield ('{"about": ' + json.dumps(about, ensure_ascii=False) + ', "results": [').encode()
    if copy is None:
        copy = can_copy(keys)
    yield from copied_records(parts, keys) if copy else written_records(parts, keys)
    yield b"\n]}\n"


def written_records(parts, keys):
    separator = "\n"
    for record in records(parts):
        yield (separator + json_document(record, keys)).encode()
        separator = ",\n"


def json_document(record, keys):
    """A record's JSON text, written by Python."""
    return json.dumps({key.name: key.value(record) for key in keys}, ensure_ascii=False)


def copied_records(parts, keys):
    """The JSON records of `parts` as PostgreSQL's COPY writes them from the keys' SQL.

    Each row is one column, its record's JSON text, which never holds a line break (JSON
    escapes them) nor the bytes \\x01 and \\x02: with these as delimiter and quote, COPY's
    CSV writes each record as it is, and a line break after it. (COPY's text format would
    double every backslash.)
    """

    def statement(part):
        query, params = json_query(part, keys, kept=kept_cells(part))
        options = r"FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02'"
        return f"COPY ({query}) TO STDOUT ({options})", params

    separators = RecordSeparators()
    for data in copied(parts, statement):
        yield separators.between(data)


def json_records(export, ids, base):
    """The JSON text of each record `ids` of `export`'s list, in that order, as the JSON
    export writes it: by PostgreSQL from the keys' SQL when it can, else by Python."""
    keys = export.keys(base)
    rows = export.model._default_manager.filter(pk__in=ids)
    if not ids:
        return []
    if can_copy(keys):
        query, params = json_query(rows.order_by(), keys, kept=kept_cells(rows), with_pk=True)
        with transaction.atomic(), connection.cursor() as cursor, looked_up_by_key(cursor):
            cursor.execute(query, params)
            texts = dict(cursor.fetchall())
    else:
        texts = {record.pk: json_document(record, keys) for record in export.prepare(rows)}
    return [texts[pk] for pk in ids]


class RecordSeparators:
    """COPY ends each record with a line break; in the document a line break comes before
    the first and ",\n" between the others, as `written_records()` writes them. A piece that
    ends a record leaves its separator owed, to the next piece, so that the last record is
    followed by nothing, whatever the chunks COPY sends."""

    def __init__(self):
        self.owed = b"\n"

    def between(self, data):
        if not data:
            return data
        ends_a_record = data.endswith(b"\n")
        if ends_a_record:
            data = data[:-1]
        written = self.owed + data.replace(b"\n", b",\n")
        self.owed = b",\n" if ends_a_record else b""
        return written


def kept_cells(queryset):
    """The fingerprint of the cells kept for the rows of `queryset` (see cells.py), if any."""
    return cells.fingerprint() if keeps(queryset.model) else None


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
