"""The CSV cells of an export written by PostgreSQL itself, for `COPY … TO STDOUT`.

Each expression gives the exact text that `streaming.cell()` writes for a column's value,
formula neutralisation and separators included, or NULL where the cell is empty (COPY writes
NULL as an empty cell and an empty string as `""`, which Python's csv module does not).
A column offers such an expression next to its Python value; an export whose columns all do
is copied by PostgreSQL on that database (see `streaming.copied_rows`), and the two are
proven byte for byte the same by tests/test_export_copy.py.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Expression,
    F,
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

from ..dates import Precision
from ..querysets import Status
from .kept import csv_cell, keeps, kept_or_computed
from .streaming import FORMULA_STARTS, QUOTE, SEPARATOR


def cell(expression):
    """A text cell: neutralised like `streaming.neutralise()`, NULL when empty."""
    text = Cast(F(expression) if isinstance(expression, str) else expression, TextField())
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
    return Case(
        When(**{field: True}, then=Value("true")), default=Value("false"), output_field=TextField()
    )


def integer(field):
    return Cast(field, TextField())


def of(relation, name):
    """The field `name` of the related record `relation`, or of the record itself ("")."""
    return f"{relation}__{name}" if relation else name


def if_published(relation, expression):
    """`expression` when the related record (or the record itself) is published, else an
    empty cell."""
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


def date_iso(date_field, precision_field):
    """Like `PartialDate.iso`: 2025, 2025-04 or 2025-04-07."""
    formats = {Precision.YEAR: "YYYY", Precision.MONTH: "YYYY-MM"}
    return Case(
        *(
            When(**{precision_field: precision}, then=to_char(date_field, pattern))
            for precision, pattern in formats.items()
        ),
        default=day_iso(date_field),
        output_field=TextField(),
    )


def day_iso(date_field):
    """Like `date.isoformat()`: 2025-04-07."""
    return to_char(date_field, "YYYY-MM-DD")


def to_char(date_field, pattern):
    return Func(F(date_field), Value(pattern), function="to_char", output_field=TextField())


def if_dated(date_field, precision_field):
    """The precision of a date, or empty when there is no date."""
    return Case(
        When(**{f"{date_field}__isnull": True}, then=Value("")),
        default=F(precision_field),
        output_field=TextField(),
    )


def address(start, *parts):
    """A record's address: `start`, then each part (a field) followed by a slash."""
    pieces = [Value(start)]
    for part in parts:
        pieces += [Cast(part, TextField()), Value("/")]
    return Concat(*pieces, output_field=TextField())


@dataclass(frozen=True)
class Listing:
    """The records of a many-to-many `relation` of `model`, in `order_by` order: the many-valued
    columns about one relation are written from one subquery, one look-up per exported row."""

    model: type
    relation: str
    order_by: str
    published: bool = False

    def subquery(self, attributes):
        """An array of one cell per attribute: each record's non-empty value, neutralised,
        separated like `streaming.cell()` separates a list.

        The records are sorted once, in a subquery, and each cell's string_agg reads them in
        that order: PostgreSQL keeps the order of a sorted subquery for the aggregates over it
        (documented as what "will usually work"; tests/test_export_copy.py checks the order).
        An ORDER BY in each string_agg sorted the records once per cell: three times a row
        for the sources.
        """
        if self.field.related_model._meta.model_name in LOOKED_UP:
            return LookedUpCells(self, attributes)
        cells = self.cells(attributes, self.target)
        return SortedCells(self.records().annotate(**cells).values(*cells).order_by(self.order))

    def records(self):
        """The rows of the relation's table that belong to the exported row."""
        source = self.field.m2m_field_name()
        return self.field.remote_field.through.objects.filter(**{source: OuterRef("pk")})

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
        """The name of the related record in the rows of the relation's table."""
        return self.field.m2m_reverse_field_name()

    @property
    def order(self):
        return f"{self.target}__{self.order_by}"

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
        source = self.field.m2m_field_name()
        grouped = self.records().values(source).annotate(aggregate=aggregate)
        return Subquery(grouped.values("aggregate"))


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
    """What `Listing.subquery()` gives, for a relation to a small table: each related
    record's cells are looked up by id in a map of every record of that table, made once per
    query ({id: [sort key, cell, …]}), instead of joining the table for each exported row,
    which cost as much as writing the rest of the row."""

    output_field = TextField()

    def __init__(self, listing, attributes):
        super().__init__()
        self.listing, self.attributes = listing, attributes

    def as_sql(self, compiler, connection):
        listing = self.listing
        cells = listing.cells(self.attributes, "")
        every = listing.field.related_model._default_manager.order_by().annotate(
            sort_key=F(listing.order_by), **cells
        )
        every_sql, params = every.values_list("pk", "sort_key", *cells).query.sql_with_params()
        entry = ", ".join(f"every.{name}" for name in ["sort_key", *cells])
        through = listing.field.remote_field.through._meta.db_table
        owner = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        pk = compiler.query.model._meta.pk.column
        aggregates = ", ".join(
            f"string_agg(listed.entry ->> {n}, %s)" for n in range(1, len(cells) + 1)
        )
        sql = (
            f"(SELECT ARRAY[{aggregates}] FROM (SELECT found.entry FROM ("
            f"SELECT (SELECT jsonb_object_agg(every.pk, jsonb_build_array({entry})) "
            f"FROM ({every_sql}) AS every) -> (records.{listing.field.m2m_reverse_name()})::text"
            f" AS entry FROM {through} AS records "
            f"WHERE records.{listing.field.m2m_column_name()} = {owner}.{pk}) AS found "
            "ORDER BY found.entry ->> 0) AS listed)"
        )
        return sql, (*[SEPARATOR] * len(cells), *params)


@dataclass(frozen=True)
class Item:
    """The cell of one attribute (a field, or a function of the relation's name giving an
    expression) of the records of a `Listing`."""

    listing: Listing
    attribute: object


def each(model, relation, attribute, order_by, published=False):
    return Item(Listing(model, relation, order_by, published), attribute)


def copy_query(queryset, columns, kept=True):
    """SQL (and params) giving the CSV cells of `columns` for each row of `queryset`, in its
    order: scalar cells straight from the query, list cells from one array per relation, or
    from the cells kept for the row (see kept.py) unless `kept` is False.

    The outer SELECT only picks array items; PostgreSQL does not merge a subquery that has an
    ORDER BY into the query around it, so the rows keep the order of the list.
    """
    keeping = kept and keeps(queryset.model)
    annotations, picks, listings = {}, [], {}
    for index, column in enumerate(columns):
        if keeping and (name := csv_cell(column)):
            computed = column.expression.listing.subquery([column.expression.attribute])
            annotations[f"cell_{index}"] = kept_or_computed(name, FirstItem(computed))
            picks.append(f"cell_{index}")
        elif isinstance(column.expression, Item):
            attributes = listings.setdefault(column.expression.listing, [])
            attributes.append(column.expression.attribute)
            picks.append((column.expression.listing, len(attributes)))
        else:
            annotations[f"cell_{index}"] = column.expression
            picks.append(f"cell_{index}")
    names = {listing: f"list_{n}" for n, listing in enumerate(listings)}
    for listing, attributes in listings.items():
        annotations[names[listing]] = listing.subquery(attributes)
    inner = queryset.select_related(None).prefetch_related(None).annotate(**annotations)
    query, params = inner.values_list(*annotations).query.sql_with_params()
    selected = [
        f"rows.{pick}" if isinstance(pick, str) else f"rows.{names[pick[0]]}[{pick[1]}]"
        for pick in picks
    ]
    return f"SELECT {', '.join(selected)} FROM ({query}) AS rows", params


class FirstItem(Func):
    """The first item of an array, such as the one cell of `Listing.subquery([attribute])`."""

    template = "(%(expressions)s)[1]"
    output_field = TextField()
