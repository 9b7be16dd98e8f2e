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

from .columns import SEPARATOR
from .documents import document

CHUNK_SIZE = 500
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


def csv_lines(parts, columns):
    """The CSV file of the list `parts` (querysets read one after the other), line by line,
    as UTF-8 bytes: a header, then a row per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush():
        data = buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
        return data

    writer.writerow([column.name for column in columns])
    yield flush()
    for record in records(parts):
        writer.writerow([cell(column.value(record)) for column in columns])
        yield flush()


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
