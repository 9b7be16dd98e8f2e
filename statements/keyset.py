"""The rows of a list after a given row: keyset paging.

A list's order (a FilterSet's sort) is served by an index; the rows after a row are found by
starting the index there, not by skipping every row before it, so that rows deep in a
million cost what the first ones do. Undated records, which the date sorts put last (see
`querysets.dated_first`), are a second part read after the dated ones: a condition reaching
into both would not start the index anywhere.
"""

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import ExpressionWrapper, OrderBy, Q


@dataclass
class Column:
    field: str
    descending: bool


def columns(order):
    """The columns of `order`, and the field whose empty values it puts last, if any."""
    found, emptied_last = [], None
    for term in order:
        if isinstance(term, str):
            found.append(Column(term.lstrip("-"), term.startswith("-")))
        elif isinstance(term.expression, ExpressionWrapper):  # dated_first's "undated" key
            [(lookup, _)] = term.expression.expression.children
            emptied_last = lookup.removesuffix("__isnull")
        else:
            found.append(Column(term.expression.name, term.descending))
    return found, emptied_last


def key_of(model, order, pk):
    """The values of the row `pk` in the columns of `order`."""
    order_columns, _ = columns(order)
    fields = [column.field for column in order_columns]
    return model._default_manager.filter(pk=pk).values(*fields).get()


def rows_after(queryset, order, values, including=False):
    """Querysets whose rows, read one after the other, are those of `queryset` in `order`
    after the row whose columns hold `values` (or from it on, `including` it)."""
    order_columns, emptied_last = columns(order)
    if emptied_last and values[emptied_last] is None:
        rest = [column for column in order_columns if column.field != emptied_last]
        empty = queryset.filter(**{f"{emptied_last}__isnull": True})
        return [empty.filter(beyond(rest, values, including)).order_by(*order)]
    parts = [queryset.filter(beyond(order_columns, values, including)).order_by(*order)]
    if emptied_last:
        parts.append(queryset.filter(**{f"{emptied_last}__isnull": True}).order_by(*order))
    return parts


def rows_before(queryset, order, values):
    """Querysets whose rows, read one after the other, are those of `queryset` before the row
    whose columns hold `values`, nearest first: `order` backwards, on the same index read
    backwards."""
    backwards = reversed_order(order)
    order_columns, emptied_last = columns(order)
    before = [Column(column.field, not column.descending) for column in order_columns]
    if emptied_last and values[emptied_last] is None:
        rest = [column for column in before if column.field != emptied_last]
        empty = queryset.filter(**{f"{emptied_last}__isnull": True})
        dated = queryset.filter(**{f"{emptied_last}__isnull": False})
        return [
            empty.filter(beyond(rest, values, False)).order_by(*backwards),
            dated.order_by(*backwards),
        ]
    return [queryset.filter(beyond(before, values, False)).order_by(*backwards)]


def reversed_order(order):
    return [reversed_term(term) for term in order]


def reversed_term(term):
    if isinstance(term, str):
        return term[1:] if term.startswith("-") else f"-{term}"
    return OrderBy(term.expression, descending=not term.descending)


def beyond(order_columns, values, including):
    """The rows after `values` in the order of `order_columns` (or at them, `including`): the
    first column is also bounded on its own, so that the index's range starts there."""
    alternatives, same = [], Q()
    for column in order_columns:
        past = "lt" if column.descending else "gt"
        alternatives.append(same & Q(**{f"{column.field}__{past}": values[column.field]}))
        same &= Q(**{column.field: values[column.field]})
    if including:
        alternatives.append(same)
    first = order_columns[0]
    start = Q(**{f"{first.field}__{'lte' if first.descending else 'gte'}": values[first.field]})
    return start & reduce(operator.or_, alternatives)
