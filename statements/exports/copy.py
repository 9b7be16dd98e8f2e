"""PostgreSQL writes the files itself, for `COPY … TO STDOUT`: the SQL of each CSV cell and
each JSON value, and the queries that put them together.

A CSV cell's SQL gives the exact text that `format.cell()` writes for its value, formula
neutralisation and separators included, or NULL where the cell is empty (COPY writes NULL as
an empty cell and an empty string as `""`, which Python's csv module does not). A JSON
value's SQL gives the exact text that `json.dumps(value, ensure_ascii=False)` writes, with
its default separators: `to_json(text)` escapes a string exactly as json.dumps does (quotes,
backslashes and control characters; nothing else). The kinds of field (kinds.py) build their
cells and values from these; tests/test_export_copy.py proves both writers byte for byte the
same.

JSON texts are joined with `||`, which is NULL as soon as one of its parts is: an object built
from a NULL value (a missing country, date or record) is NULL, and `or_null()` writes it as
null.
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Left, NullIf
from django.db.models.lookups import In
from django.urls import reverse

from ..dates import NO_EARLIEST, NO_LATEST, PRECISION_PATTERNS
from ..models import StatementExportCells
from ..querysets import Status
from .format import FORMULA_STARTS, QUOTE, SEPARATOR

# Between the items of a list and the pairs of an object, as json.dumps writes them.
ITEMS = ", "


def of(relation, name):
    """The field `name` of the related record `relation`, or of the record itself ("")."""
    return f"{relation}__{name}" if relation else name


def text_of(expression):
    return F(expression) if isinstance(expression, str) else expression


# The CSV cells.


def cell(expression):
    """A text cell: neutralised like `format.neutralise()`, NULL when empty."""
    text = Cast(text_of(expression), TextField())
    neutralised = Case(
        When(
            In(Left(text, 1), [*FORMULA_STARTS, QUOTE]),
            then=Concat(Value(QUOTE), text, output_field=TextField()),
        ),
        default=text,
        output_field=TextField(),
    )
    return NullIf(neutralised, Value(""), output_field=TextField())


def boolean(field):
    """true or false: the same text in the CSV as in JSON."""
    return Case(
        When(**{field: True}, then=Value("true")), default=Value("false"), output_field=TextField()
    )


def integer(field):
    """A number: the same text in the CSV as in JSON."""
    return Cast(field, TextField())


def if_published(relation, expression):
    """`expression` when the related record (or the record itself) is published, else NULL."""
    return Case(
        When(Q(**{of(relation, "status"): Status.PUBLISHED}), then=expression),
        default=None,
        output_field=TextField(),
    )


def country_name(relation):
    """Like `str(country)`: its common name where it has one, else its name."""
    return Coalesce(
        NullIf(F(of(relation, "common_name")), Value("")),
        F(of(relation, "name")),
        output_field=TextField(),
    )


def precision(name):
    """Like `When.precision`, by the same patterns; empty for the others and for no date."""
    return Case(
        *(
            When(**{f"{name}__regex": pattern}, then=Value(precision))
            for precision, pattern in PRECISION_PATTERNS.items()
        ),
        default=Value(""),
        output_field=TextField(),
    )


def day_iso(date_field):
    """Like `date.isoformat()`: 2025-04-07."""
    return to_char(date_field, "YYYY-MM-DD")


def known_day_iso(date_field):
    """A kept earliest or latest day, NULL for an open end (dates.NO_EARLIEST, NO_LATEST)."""
    unknown = [Value(NO_EARLIEST), Value(NO_LATEST)]
    return Case(When(In(F(date_field), unknown), then=None), default=day_iso(date_field))


def to_char(date_field, pattern):
    return Func(F(date_field), Value(pattern), function="to_char", output_field=TextField())


def address(base, view_name, relation, *fields):
    """The address of a record's page: `base`, then the path the URL configuration gives
    `view_name` for the `fields` of the record (or of its `relation`), so that a changed route
    changes the files as it changes the site. NULL when the record is missing."""
    markers = [f"{9_000_000_000_000_000_001 + n}" for n in range(len(fields))]
    path = reverse(view_name, args=markers)
    pieces, text = [], base
    for marker, field in zip(markers, fields, strict=True):
        before, path = path.split(marker, 1)
        pieces += [literal(text + before), Cast(F(of(relation, field)), TextField())]
        text = ""
    return Joined(*pieces, literal(text + path))


class EachLine(Func):
    """The CSV cell of a text field's lines (kept one per line, see Actor.save()), each
    neutralised; NULL when there are none."""

    output_field = TextField()

    def __init__(self, field):
        super().__init__(F(field))

    def as_sql(self, compiler, connection, **extra_context):
        field, params = compiler.compile(self.source_expressions[0])
        starts = ", ".join(["%s"] * (len(FORMULA_STARTS) + 1))
        return (
            "(SELECT NULLIF(string_agg(CASE WHEN left(line, 1) IN ("
            f"{starts}) THEN %s || line ELSE line END, %s ORDER BY number), '') "
            f"FROM unnest(string_to_array({field}, E'\\n')) WITH ORDINALITY "
            "AS listed(line, number) WHERE line <> '')",
            (*FORMULA_STARTS, QUOTE, QUOTE, SEPARATOR, *params),
        )


# The JSON values.


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
    """A JSON string: a field, or an expression giving text."""
    return Cast(Func(text_of(expression), function="to_json"), TextField())


def string_or_null(field):
    """The string, or null when it is empty."""
    return or_null(string(NullIf(F(field), Value(""))))


def json_object(*pairs):
    """The object of (name, JSON text) pairs; NULL when any value is."""
    pieces = []
    for name, value in pairs:
        opening = ITEMS if pieces else "{"
        pieces += [literal(opening + json.dumps(name, ensure_ascii=False) + ": "), value]
    return Joined(*pieces, literal("}"))


def dated(name):
    """Like `kinds.as_date()`: {"date": …, "precision": …, "earliest": …, "latest": …}, or
    null without a date."""
    return or_null(
        json_object(
            ("date", string(NullIf(F(name), Value("")))),
            ("precision", or_null(string(NullIf(precision(name), Value(""))))),
            ("earliest", or_null(string(known_day_iso(f"{name}_earliest")))),
            ("latest", or_null(string(known_day_iso(f"{name}_latest")))),
        )
    )


def country(relation):
    """{"code": …, "name": …}, or null."""
    return or_null(
        json_object(
            ("code", string(f"{relation}_id")),
            ("name", string(country_name(relation))),
        )
    )


def reference(base, relation, view_name, *pairs):
    """The related record as {"id", "slug", "name", "url"} and `pairs`, its page the view
    `view_name`'s; null when there is none or it is not published."""
    found = json_object(
        ("id", integer(f"{relation}_id")),
        ("slug", string(of(relation, "slug"))),
        ("name", string(of(relation, "name"))),
        ("url", string(address(base, view_name, relation, "slug"))),
        *pairs,
    )
    return or_null(if_published(relation, found))


class EachLineJson(EachLine):
    """The JSON list of a text field's lines."""

    def as_sql(self, compiler, connection, **extra_context):
        field, params = compiler.compile(self.source_expressions[0])
        return (
            "(SELECT '[' || COALESCE(string_agg(to_json(line)::text, %s ORDER BY number), '') "
            f"|| ']' FROM unnest(string_to_array({field}, E'\\n')) WITH ORDINALITY "
            "AS listed(line, number) WHERE line <> '')",
            (ITEMS, *params),
        )


# Many related records: the cells and the list of a relation, from one subquery per row.


@dataclass(frozen=True)
class RelatedRows:
    """The records of a relation of `model` (many-to-many, or the rows that point to it), in
    `order_by` order: the many-valued cells of one relation come from one subquery, one
    look-up per exported row."""

    model: type
    relation: str
    order_by: tuple
    published: bool = False

    def subquery(self, attributes):
        """An array of one cell per attribute: each record's non-empty value, neutralised,
        separated like `format.cell()` separates a list.

        The records are sorted once, in a subquery, and each cell's string_agg reads them in
        that order: PostgreSQL keeps the order of a sorted subquery for the aggregates over it
        (documented as what "will usually work"; tests/test_export_copy.py checks the order).
        An ORDER BY in each string_agg sorted the records once per cell: three times a row
        for the sources.
        """
        if self.field.related_model._meta.model_name in LOOKED_UP:
            return LookedUpCells(self, attributes)
        cells = self.cells(attributes, self.target)
        return SortedCells(self.records().annotate(**cells).values(*cells).order_by(*self.order))

    @property
    def through(self):
        """Whether the relation is many-to-many, through a table of links."""
        return self.field.many_to_many

    def records(self):
        """The rows (links, or related records) that belong to the exported row."""
        if self.through:
            source = self.field.m2m_field_name()
            return self.field.remote_field.through.objects.filter(**{source: OuterRef("pk")})
        return self.field.related_model._default_manager.filter(
            **{self.field.field.name: OuterRef("pk")}
        )

    def cells(self, attributes, relation):
        """{name: expression} of each attribute's cell for one related record (`relation`,
        or the record itself for ""): NULL when the value is empty, which string_agg leaves
        out, or when the record is not shown."""
        return {
            f"cell_{n}": self.shown(
                cell(attribute(relation) if callable(attribute) else of(relation, attribute)),
                relation,
            )
            for n, attribute in enumerate(attributes)
        }

    @property
    def field(self):
        return self.model._meta.get_field(self.relation)

    @property
    def target(self):
        """The name of the related record in the rows `records()` gives ("" for itself)."""
        return self.field.m2m_reverse_field_name() if self.through else ""

    @property
    def order(self):
        return [of(self.target, name) for name in self.order_by]

    def shown(self, expression, relation):
        """`expression` for a related record the public may see, else NULL, which string_agg
        leaves out.

        Not a condition on the records' status: PostgreSQL has no statistics on a table as
        small as the themes' (too few changes for autovacuum to analyse it), estimated one
        published theme, and looked up each row's themes once per published theme.
        """
        return if_published(relation, expression) if self.published else expression

    def aggregated(self, aggregate):
        """A subquery giving `aggregate` over the related records of each exported row."""
        source = self.field.m2m_field_name() if self.through else self.field.field.name
        grouped = self.records().values(source).annotate(aggregate=aggregate)
        return Subquery(grouped.values("aggregate"))

    def json_list(self, item):
        """The records as a JSON list; `item` gives a record's JSON from its name in the
        rows (`target`)."""
        items = StringAgg(
            self.shown(item(self.target), self.target), delimiter=ITEMS, order_by=self.order
        )
        # NULL when there is no record (the subquery finds no row) or none is shown.
        found = Joined(literal("["), self.aggregated(items), literal("]"))
        return Coalesce(found, literal("[]"), output_field=TextField())


class SortedCells(Subquery):
    """An array of the string_agg of each column of `queryset`, in its order."""

    output_field = TextField()

    def as_sql(self, compiler, connection, template=None, **extra_context):
        query = self.query
        names = list(query.annotation_select)
        sql, params = super().as_sql(compiler, connection, **extra_context)
        joined = ", ".join(f"string_agg(listed.{name}, %s)" for name in names)
        return (
            f"(SELECT ARRAY[{joined}] FROM {sql} AS listed)",
            (*[SEPARATOR] * len(names), *params),
        )


# Related tables small enough to read whole once per export: see LookedUpCells. (For the
# countries the map was no faster than the join on their primary key.)
LOOKED_UP = {"theme"}


class LookedUpCells(Expression):
    """What `RelatedRows.subquery()` gives, for a relation to a small table: each related
    record's cells are looked up by id in a map of every record of that table, made once per
    query ({id: [sort key, cell, …]}), instead of joining the table for each exported row,
    which cost as much as writing the rest of the row."""

    output_field = TextField()

    def __init__(self, rows, attributes):
        super().__init__()
        self.rows, self.attributes = rows, attributes

    def as_sql(self, compiler, connection):
        rows = self.rows
        cells = rows.cells(self.attributes, "")
        [order_by] = rows.order_by
        every = rows.field.related_model._default_manager.order_by().annotate(
            sort_key=F(order_by), **cells
        )
        every_sql, params = every.values_list("pk", "sort_key", *cells).query.sql_with_params()
        entry = ", ".join(f"every.{name}" for name in ["sort_key", *cells])
        through = rows.field.remote_field.through._meta.db_table
        owner = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        pk = compiler.query.model._meta.pk.column
        aggregates = ", ".join(
            f"string_agg(listed.entry ->> {n}, %s)" for n in range(1, len(cells) + 1)
        )
        sql = (
            f"(SELECT ARRAY[{aggregates}] FROM (SELECT found.entry FROM ("
            f"SELECT (SELECT jsonb_object_agg(every.pk, jsonb_build_array({entry})) "
            f"FROM ({every_sql}) AS every) -> (records.{rows.field.m2m_reverse_name()})::text"
            f" AS entry FROM {through} AS records "
            f"WHERE records.{rows.field.m2m_column_name()} = {owner}.{pk}) AS found "
            "ORDER BY found.entry ->> 0) AS listed)"
        )
        return sql, (*[SEPARATOR] * len(cells), *params)


@dataclass(frozen=True)
class Item:
    """The cell of one attribute (a field, or a function of the relation's name giving an
    expression) of the records of a `RelatedRows`."""

    rows: RelatedRows
    attribute: object


# The queries.

# The cells of a statement kept ready written (cells.py): CSV columns, and JSON keys with this
# suffix.
JSON_SUFFIX = "_json"
KEPT = {f.name for f in StatementExportCells._meta.concrete_fields if not f.primary_key}


def kept_or_computed(name, computed):
    """The kept cell `name` of the exported statement, when it has cells computed by today's
    code (joined as `kept`, see with_kept_cells()), or else `computed`."""
    return Case(When(kept__isnull=True, then=computed), default=F(f"kept__{name}"))


def with_kept_cells(queryset, fingerprint):
    """`queryset` joined to the cells kept for its rows by the code of `fingerprint`."""
    computed_now = FilteredRelation(
        "export_cells", condition=Q(export_cells__computed_by=fingerprint)
    )
    return queryset.annotate(kept=computed_now)


def keeps(model):
    """Whether the cells of `model`'s rows are kept (cells.py)."""
    return model is StatementExportCells._meta.get_field("statement").related_model


def csv_query(queryset, columns, kept=None):
    """SQL (and params) giving the CSV cells of `columns` for each row of `queryset`, in its
    order: scalar cells straight from the query, list cells from one array per relation, or
    from the cells kept for the row by the code of fingerprint `kept` (see cells.py).

    The outer SELECT only picks array items; PostgreSQL does not merge a subquery that has an
    ORDER BY into the query around it, so the rows keep the order of the list.
    """
    annotations, picks, relations = {}, [], {}
    for index, column in enumerate(columns):
        if kept and column.name in KEPT:
            computed = column.expression.rows.subquery([column.expression.attribute])
            annotations[f"cell_{index}"] = kept_or_computed(column.name, FirstItem(computed))
            picks.append(f"cell_{index}")
        elif isinstance(column.expression, Item):
            attributes = relations.setdefault(column.expression.rows, [])
            attributes.append(column.expression.attribute)
            picks.append((column.expression.rows, len(attributes)))
        else:
            annotations[f"cell_{index}"] = column.expression
            picks.append(f"cell_{index}")
    names = {related: f"list_{n}" for n, related in enumerate(relations)}
    for related, attributes in relations.items():
        annotations[names[related]] = related.subquery(attributes)
    inner = queryset.select_related(None).prefetch_related(None)
    inner = (with_kept_cells(inner, kept) if kept else inner).annotate(**annotations)
    query, params = inner.values_list(*annotations).query.sql_with_params()
    selected = [
        f"rows.{pick}" if isinstance(pick, str) else f"rows.{names[pick[0]]}[{pick[1]}]"
        for pick in picks
    ]
    return f"SELECT {', '.join(selected)} FROM ({query}) AS rows", params


class FirstItem(Func):
    """The first item of an array, such as the one cell of `RelatedRows.subquery([attribute])`."""

    template = "(%(expressions)s)[1]"
    output_field = TextField()


def json_query(queryset, keys, kept=None, with_pk=False):
    """SQL (and params) giving the JSON text of each record of `queryset`, in its order: the
    one column of the queryset's own query, ORDER BY included (after the record's id,
    `with_pk`). The lists kept for a record by the code of fingerprint `kept` (see cells.py)
    are read, not computed."""

    def value(key):
        name = key.name + JSON_SUFFIX
        if kept and name in KEPT:
            return kept_or_computed(name, key.expression)
        return key.expression

    record = json_object(*((key.name, value(key)) for key in keys))
    inner = queryset.select_related(None).prefetch_related(None)
    inner = (with_kept_cells(inner, kept) if kept else inner).annotate(json_record=record)
    selected = ["pk", "json_record"] if with_pk else ["json_record"]
    return inner.values_list(*selected).query.sql_with_params()


@contextmanager
def looked_up_by_key(cursor):
    """For a query whose every row looks up its themes, countries and sources by key, in a
    transaction. With the default cost of a random read (4, for disks) PostgreSQL rather
    scans the small tables of themes and countries for every row, which made the export
    five times slower and keeping the export cells three times slower."""
    cursor.execute("SELECT current_setting('random_page_cost')")
    (default,) = cursor.fetchone()
    cursor.execute("SELECT set_config('random_page_cost', '1.1', true)")
    try:
        yield
    finally:
        cursor.execute("SELECT set_config('random_page_cost', %s, true)", [default])


def can_copy(fields):
    """Whether PostgreSQL can write every one of `fields` (columns or keys) here."""
    return connection.vendor == "postgresql" and all(field.expression for field in fields)
