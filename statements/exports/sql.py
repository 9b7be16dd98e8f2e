"""The CSV cells of an export written by PostgreSQL itself, for `COPY … TO STDOUT`.

Each expression gives the exact text that `streaming.cell()` writes for a column's value,
formula neutralisation and separators included, or NULL where the cell is empty (COPY writes
NULL as an empty cell and an empty string as `""`, which Python's csv module does not).
A column offers such an expression next to its Python value; an export whose columns all do
is copied by PostgreSQL on that database (see `streaming.copied_lines`), and the two are
proven byte for byte the same by tests/test_export_copy.py.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Left, NullIf
from django.db.models.lookups import In

from ..dates import Precision
from ..querysets import Status
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


def if_published(relation, expression):
    """`expression` when the related record is published, else an empty cell."""
    return Case(
        When(Q(**{f"{relation}__status": Status.PUBLISHED}), then=expression),
        default=None,
        output_field=TextField(),
    )


def country_name(relation):
    """Like `str(country)`: its common name where it has one, else its name."""
    return Coalesce(
        NullIf(F(f"{relation}__common_name"), Value("")),
        F(f"{relation}__name"),
        output_field=TextField(),
    )


def date_iso(date_field, precision_field):
    """Like `PartialDate.iso`: 2025, 2025-04 or 2025-04-07."""
    formats = {Precision.YEAR: "YYYY", Precision.MONTH: "YYYY-MM", Precision.DAY: "YYYY-MM-DD"}
    return Case(
        *(
            When(
                **{precision_field: precision},
                then=Func(F(date_field), Value(pattern), function="to_char"),
            )
            for precision, pattern in formats.items()
        ),
        output_field=TextField(),
    )


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


def each(model, relation, attribute, order_by, published=False):
    """The non-empty `attribute` of each record of the many-to-many `relation`, neutralised,
    in `order_by` order, separated like `streaming.cell()` separates a list."""
    field = model._meta.get_field(relation)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    value = attribute(target) if callable(attribute) else F(f"{target}__{attribute}")
    rows = through.objects.filter(**{source: OuterRef("pk")})
    if published:
        rows = rows.filter(**{f"{target}__status": Status.PUBLISHED})
    items = rows.alias(item=value).exclude(item="").exclude(item=None)
    joined = items.values(source).annotate(
        cell=StringAgg(cell("item"), delimiter=SEPARATOR, order_by=f"{target}__{order_by}")
    )
    return Subquery(joined.values("cell"), output_field=TextField())
