"""Pages of a list by cursor, for the API: the rows after (or before) a given row.

A cursor names a row of the list: its part (see PublicFilterSet.parts) and the values of the
part's order columns in that row, or, among the matches ranked by relevance (at most a
thousand), its place. The next page reads the rows after it on the order's index, so a page
deep in a million rows costs what the first does, and the pages read one after the other are
exactly the rows of the list's export, in its order.

Cursors are signed (without a time: the same page always links to the same next page): a
client can only hand back one the API gave, and a changed or truncated one is a 400, never a
query with values of the wrong type.
"""

import datetime
from dataclasses import dataclass

from django.core import signing

from .keyset import columns

DEFAULT_LIMIT = 50
MOST = 500
SALT = "statements.cursors"


class BadCursor(Exception):
    pass


@dataclass(frozen=True)
class Position:
    """A row of the list: the part it is in, and its key in the part's order (its place
    among the ranked matches, which are ordered by relevance)."""

    part: int
    key: dict | None = None
    place: int | None = None


@dataclass
class CursorPage:
    ids: list  # of the page's rows, in the list's order
    first: Position | None  # where the previous page ends, if there is one
    last: Position | None  # where the next page starts, if there is one


def encode(sort, position, backwards):
    """The cursor of the rows after `position` (before it, `backwards`) in a list sorted
    by `sort`."""
    data = {"sort": sort, "part": position.part, "backwards": backwards}
    if position.place is not None:
        data["place"] = position.place
    else:
        data["key"] = {name: json_value(value) for name, value in position.key.items()}
    return signing.Signer(salt=SALT).sign_object(data, compress=True)


def json_value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def decode(cursor, sort):
    """The position and direction a cursor of a list sorted by `sort` names."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(cursor)
    except signing.BadSignature as error:
        raise BadCursor(
            "is not a cursor this API gave; follow the next and previous links"
        ) from error
    if data.get("sort") != sort:
        raise BadCursor(
            f"was given for a list sorted by {data.get('sort')}, not {sort}; keep the "
            "parameters of the link"
        )
    position = Position(data["part"], data.get("key"), data.get("place"))
    return position, data["backwards"]


def read(filterset, limit, position=None, backwards=False):
    """The page of `limit` rows after `position` (from the first row when None), or the page
    before it, `backwards`; a page backwards that reaches the first row is the first page."""
    if backwards:
        found = rows_before(filterset, position, limit + 1)
        if len(found) <= limit:
            return read(filterset, limit)
        found = found[:limit][::-1]
        has_previous, has_next = True, True
    else:
        found = rows_after(filterset, position, limit + 1)
        has_previous, has_next = position is not None, len(found) > limit
        found = found[:limit]
    first, last = edges(filterset, found) if found else (None, None)
    return CursorPage(
        [pk for _, pk, _ in found],
        first if has_previous else None,
        last if has_next else None,
    )


def rows_after(filterset, after, wanted):
    """[(part, id, place)] of up to `wanted` rows after `after`."""
    found, parts = [], filterset.parts()
    start = after.part if after else 0
    for index in range(start, len(parts)):
        if len(found) == wanted:
            break
        here = after if after and after.part == index else None
        need = wanted - len(found)
        if filterset.part_order(index) is None:
            first = here.place + 1 if here else 0
            ids = filterset.read_ids(index, first, first + need)
            found += [(index, pk, first + n) for n, pk in enumerate(ids)]
        else:
            ids = filterset.read_ids_beside(index, here.key if here else None, need)
            found += [(index, pk, None) for pk in ids]
    return found


def rows_before(filterset, before, wanted):
    """[(part, id, place)] of up to `wanted` rows before `before`, nearest first."""
    found, parts = [], filterset.parts()
    for index in range(min(before.part, len(parts) - 1), -1, -1):
        if len(found) == wanted:
            break
        here = before if before.part == index else None
        need = wanted - len(found)
        if filterset.part_order(index) is None:
            end = here.place if here else parts[index].count()
            first = max(0, end - need)
            ids = filterset.read_ids(index, first, end)
            found += [(index, pk, first + n) for n, pk in enumerate(ids)][::-1]
        else:
            ids = filterset.read_ids_beside(index, here.key if here else None, need, backwards=True)
            found += [(index, pk, None) for pk in ids]
    return found


def edges(filterset, found):
    """The positions of the first and the last of the rows `found`: their keys in their parts'
    orders, read in one query, or their places among the ranked matches."""
    ends = [found[0], found[-1]]
    orders = {
        pk: columns(filterset.part_order(part))[0] for part, pk, place in ends if place is None
    }
    fields = {column.field for order_columns in orders.values() for column in order_columns}
    rows = filterset.queryset.model._default_manager.filter(pk__in=orders)
    keys = {row["pk"]: row for row in rows.values("pk", *fields)} if orders else {}

    def position(part, pk, place):
        if place is not None:
            return Position(part, place=place)
        return Position(part, key={column.field: keys[pk][column.field] for column in orders[pk]})

    return [position(*end) for end in ends]


def requested_limit(value):
    """The number of rows a page holds, from the `limit` parameter; ValueError names what is
    wrong with it."""
    if value is None:
        return DEFAULT_LIMIT
    if not value.isdigit() or not 1 <= int(value) <= MOST:
        raise ValueError(f"must be a whole number from 1 to {MOST}")
    return int(value)
