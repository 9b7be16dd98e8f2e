"""Reading the files back: a CSV cell, or a JSON value, into what a record holds. The kinds of
field (kinds.py) read their own columns with these; the importer reads the rows."""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from ..dates import When
from .format import SEPARATOR, neutralise, unneutralise


class RowProblems(Exception):
    """A row cannot be imported; the others still are checked."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems  # [(column, message)]


class Shape(Exception):
    """A JSON value is not of the shape the export writes."""


@dataclass
class Reader:
    """How one CSV column is read back: `parse(text)` gives {model field: value}, of
    many-to-many fields when `many`; it raises RowProblems or ValueError for a wrong cell."""

    column: str
    fields: tuple
    parse: object
    many: bool = False


def items(cell):
    """The values of a many-valued cell: text separated by SEPARATOR (CSV) or a list (JSON)."""
    if isinstance(cell, list):
        return [item.strip() for item in cell if item.strip()]
    return [unneutralise(item.strip()) for item in cell.split(SEPARATOR) if item.strip()]


def text(name):
    return lambda cell: {name: unneutralise(cell)}


def boolean(name):
    def parse(cell):
        if cell not in ("true", "false", ""):
            raise ValueError("Write true or false.")
        return {name: cell == "true"}

    return parse


def edtf_date(name):
    """An EDTF date, checked as the model checks it (its days follow when it is saved)."""

    def parse(cell):
        cell = cell.strip()
        if cell:
            When.parse(cell)
        return {name: cell}

    return parse


def lines(name):
    """Many values kept one per line in a text field."""
    return lambda cell: {name: "\n".join(items(cell))}


@dataclass
class Reference:
    """Related records named in a cell by a key: slug, alpha-2 code, or a source's title;
    never created."""

    column: str
    field: str
    model: type
    key: str = "slug"
    many: bool = False
    required: bool = False

    def __call__(self, cell):
        return {self.field: self.read(cell)}

    def read(self, cell):
        keys = items(cell) if self.many else [key for key in [cell.strip()] if key]
        if self.required and not keys:
            raise RowProblems([(self.column, "This column must not be empty.")])
        found = self.look_up(keys)
        unknown = [key for key in keys if key not in found]
        if unknown:
            noun = self.model._meta.verbose_name
            listed = ", ".join(map(repr, unknown))
            raise RowProblems(
                [(self.column, f"No {noun} with {self.key} {listed}; create it first.")]
            )
        records = [found[key] for key in keys]
        return records if self.many else (records[0] if records else None)

    def look_up(self, keys):
        """{key: record} of the records named; those found once while `remembering()` are
        not asked for again (a file names the same speakers and sources on many rows)."""
        memo = remembered.get()
        memo = {} if memo is None else memo.setdefault((self.model, self.key), {})
        known = {key: memo[key] for key in keys if key in memo}
        if wanted := [key for key in keys if key not in known]:
            for record in self.model.objects.filter(**{f"{self.key}__in": wanted}):
                known[getattr(record, self.key)] = memo[getattr(record, self.key)] = record
        return known

    def reader(self):
        return Reader(self.column, (self.field,), self, many=self.many)


remembered = contextvars.ContextVar("remembered", default=None)


@contextmanager
def remembering():
    """Within, records found by `Reference` are remembered: for one import."""
    token = remembered.set({})
    try:
        yield
    finally:
        remembered.reset(token)


# JSON values, as the cells of the CSV the export would have written.


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int):
        # Neutralised as the CSV export writes it, because rows are read as its cells.
        return neutralise(str(value))
    raise Shape("Write a string, a number, true or false, or null.")


def member(value, name, noun):
    """`value[name]` of a nested object, or "" when the object is null."""
    if value is None:
        return ""
    if not isinstance(value, dict) or not isinstance(value.get(name), str):
        raise Shape(f'Write {noun} as an object with its "{name}", or null.')
    return value[name]


def each(value, name, noun):
    """`item[name]` of each object of a list."""
    if not isinstance(value, list):
        raise Shape(f"Write a list of {noun}s.")
    return [member(item, name, f"each {noun}") for item in value]
