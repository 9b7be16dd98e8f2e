"""The JSON records of an export written by PostgreSQL itself, for `COPY … TO STDOUT`.

Each expression gives the exact text that `json.dumps(value, ensure_ascii=False)` writes for
a key's value, with its default separators; a record is its keys' texts joined into an
object. `to_json(text)` escapes a string exactly as json.dumps does (quotes, backslashes and
control characters; nothing else), so strings are left to it. The Python records and these
are proven byte for byte the same by tests/test_export_copy.py.

The texts are joined with `||`, which is NULL as soon as one of its parts is: an object
built from a NULL value (a missing country, date or record) is NULL, and `or_null()`
writes it as null.
"""

import json

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from . import sql
from .kept import json_cell, keeps, kept_or_computed

# Between the items of a list and the pairs of an object, as json.dumps writes them.
ITEMS = ", "


class Joined(Func):
    """Texts joined with `||`. Unlike Concat, it does not turn NULL parts into ''."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()


def literal(text):
    return Value(text, output_field=TextField())


def or_null(expression):
    return Coalesce(expression, literal("null"), output_field=TextField())


def string(expression):
    """A string value: a field, or an expression giving text."""
    text = F(expression) if isinstance(expression, str) else expression
    return Cast(Func(text, function="to_json"), TextField())


def string_or_null(field):
    """Like `documents.or_null()`: the string, or null when it is empty."""
    return or_null(string(NullIf(F(field), Value(""))))


# A number and a boolean are the same text in JSON as in the CSV.


def integer(field):
    return sql.integer(field)


def boolean(field):
    return sql.boolean(field)


def json_object(*pairs):
    """The object of (name, JSON text) pairs; NULL when any value is."""
    pieces = []
    for name, value in pairs:
        opening = ITEMS if pieces else "{"
        pieces += [literal(opening + json.dumps(name, ensure_ascii=False) + ": "), value]
    return Joined(*pieces, literal("}"))


def dated(date_field, precision_field):
    """Like `documents.dated()`: {"date": …, "precision": …}, or null without a date."""
    return or_null(
        json_object(
            ("date", string(sql.date_iso(date_field, precision_field))),
            ("precision", string(precision_field)),
        )
    )


def country(relation):
    """Like `documents.country()`: {"code": …, "name": …}, or null."""
    return or_null(
        json_object(
            ("code", string(f"{relation}_id")),
            ("name", string(sql.country_name(relation))),
        )
    )


def address(base, folder, *fields):
    """The address of a page, base/folder/field/…/, as a string (see sql.address)."""
    return string(sql.address(f"{base}/{folder}/", *fields))


def reference(base, relation, folder, *pairs):
    """Like `documents.reference()`: the related record as {"id", "slug", "name", "url"} and
    `pairs`, its page being under `folder`; null when there is none or it is not published."""
    found = json_object(
        ("id", integer(f"{relation}_id")),
        ("slug", string(f"{relation}__slug")),
        ("name", string(f"{relation}__name")),
        ("url", address(base, folder, f"{relation}__slug")),
        *pairs,
    )
    return or_null(sql.if_published(relation, found))


def listing(model, relation, order_by, item, published=False):
    """The records of a many-to-many relation as a list, from one subquery per exported row;
    `item` gives the JSON text of a record from the relation's name."""
    records = sql.Listing(model, relation, order_by, published)
    items = StringAgg(
        records.shown(item(records.target), records.target), delimiter=ITEMS, order_by=records.order
    )
    # NULL when there is no record (the subquery finds no row) or none is shown.
    found = Joined(literal("["), records.aggregated(items), literal("]"))
    return Coalesce(found, literal("[]"), output_field=TextField())


def theme(relation):
    return json_object(("slug", string(f"{relation}__slug")), ("name", string(f"{relation}__name")))


def source(relation):
    """Like `documents.source()`."""
    return json_object(
        ("title", string(f"{relation}__title")),
        ("publisher", string(f"{relation}__publisher")),
        ("url", string(f"{relation}__url")),
        ("published", dated(f"{relation}__published_on", f"{relation}__published_precision")),
        ("accessed", or_null(string(sql.day_iso(f"{relation}__accessed_on")))),
    )


def copy_query(queryset, keys):
    """SQL (and params) giving the JSON text of each record of `queryset`, in its order: the
    one column of the queryset's own query, ORDER BY included. The lists kept for a record
    (see kept.py) are read, not computed."""
    keeping = keeps(queryset.model)

    def value(key):
        name = json_cell(key) if keeping else None
        return kept_or_computed(name, key.expression) if name else key.expression

    record = json_object(*((key.name, value(key)) for key in keys))
    inner = queryset.select_related(None).prefetch_related(None).annotate(json_record=record)
    return inner.values_list("json_record").query.sql_with_params()
