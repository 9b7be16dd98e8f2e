"""The kinds of field an export holds, each knowing, once, how to write itself: as CSV cells
and as a JSON value, in Python and in SQL for PostgreSQL's COPY (copy.py), which related
records it needs read with the row, how the importer reads it back, and how it describes
itself (the data page, the Data Package).

A field (fields.py) is one datum of a record under one name: a kind, a meaning and an example.
Its kind gives it its CSV columns (one or several: a date and its precision, a record's slug
and name) and its JSON key (one value: a string, an object, a list).
"""

from dataclasses import dataclass, field

from django.db.models import Case, F, TextField, When
from django.db.models.functions import Coalesce
from django.utils.text import capfirst

from ..dates import EDTF_PATTERN, Precision
from ..dates import When as EDTFDate
from ..models import Actor, AgreementParty, Country, Searchable, Source, Theme
from ..querysets import Status, published_or_none
from . import copy, reading
from .copy import Item, RelatedRows
from .format import SEPARATOR
from .related import in_bulk, related

# Without the ^…$ anchors: Table Schema patterns must match the whole value.

# The examples of the themes' and the sources' columns.
THEMES = ("e-government; ict-security", "E-government; ICT security")
SOURCES = (
    "Tehran, Havana mull over expanding digital cooperation",
    "dolat.ir",
    "https://www.un.org/…",
    "news_report",
)

# How each shape of JSON value is written, for the data page.
SHAPES = {
    "integer": "a number",
    "string": "a string, empty when not known",
    "string or null": "a string, or null when not known",
    "boolean": "true or false",
    "date": '{"date": "2025-04?", "precision": "month", "earliest": "2025-04-01", "latest": '
    '"2025-04-30"}, or null: the date as precisely as its source gives it, in EDTF (see '
    "“Dates” above), the precision of its every part (day, month or year; null for the "
    "others), and the earliest and latest day it may stand for (YYYY-MM-DD; null for an open "
    "or unknown end)",
    "country": '{"code": "IR", "name": "Iran"}, or null: an ISO 3166-1 alpha-2 code and name',
    "record": '{"id": 12, "slug": "…", "name": "…", "url": "…"}, or null when there is none '
    "or it is not published",
    "speaker": 'a record with "title_on_the_day" besides, or null',
    "list of strings": '["…", "…"]',
    "list of countries": "a list of country objects",
    "list of themes": '[{"slug": "e-government", "name": "E-government"}, …]',
    "list of sources": '[{"title": "…", "publisher": "…", "url": "…", "published": a date '
    'object or null, "accessed": "YYYY-MM-DD" or null}, …]',
    "list of parties": '[{"country": a country object or null, "organisation": a record or '
    'null, "signatory": a record or null, "signatory_title": "…"}, …], in the agreement\'s '
    "order",
}


def nullable(schema):
    return {"oneOf": [schema, {"type": "null"}]}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def strings(*names):
    """An object of string properties, each always there."""
    properties = {name: {"type": "string"} for name in names}
    return {"type": "object", "properties": properties, "required": list(names)}


# The JSON Schema of each shape of value (the API's description, openapi.py), and of the
# objects they are made of, named as its components.
OBJECTS = {
    "Date": {
        "type": "object",
        "description": SHAPES["date"],
        "properties": {
            "date": {"type": "string", "pattern": EDTF_PATTERN},
            "precision": {"type": ["string", "null"], "enum": [*Precision.CHOICES, None]},
            "earliest": {"type": ["string", "null"], "format": "date"},
            "latest": {"type": ["string", "null"], "format": "date"},
        },
        "required": ["date", "precision", "earliest", "latest"],
    },
    "Country": {**strings("code", "name"), "description": "An ISO 3166-1 alpha-2 code and name"},
    "Record": {
        "type": "object",
        "description": "A related record, published",
        "properties": {
            "id": {"type": "integer"},
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
        },
        "required": ["id", "slug", "name", "url"],
    },
    "Speaker": {
        "allOf": [
            ref("Record"),
            {
                "type": "object",
                "properties": {"title_on_the_day": {"type": "string"}},
                "required": ["title_on_the_day"],
            },
        ]
    },
    "Theme": strings("slug", "name"),
    "Source": {
        "type": "object",
        "properties": {
            **strings("title", "publisher", "url")["properties"],
            "kind": {"type": "string", "enum": [kind.value for kind in Source.Kind]},
            "published": nullable(ref("Date")),
            "accessed": {"type": ["string", "null"], "format": "date"},
        },
        "required": ["title", "publisher", "url", "kind", "published", "accessed"],
    },
    "Party": {
        "type": "object",
        "properties": {
            "country": nullable(ref("Country")),
            "organisation": nullable(ref("Record")),
            "signatory": nullable(ref("Record")),
            "signatory_title": {"type": "string"},
        },
        "required": ["country", "organisation", "signatory", "signatory_title"],
    },
}
SHAPE_SCHEMAS = {
    "integer": {"type": "integer"},
    "string": {"type": "string"},
    "string or null": {"type": ["string", "null"]},
    "boolean": {"type": "boolean"},
    "date": nullable(ref("Date")),
    "country": nullable(ref("Country")),
    "record": nullable(ref("Record")),
    "speaker": nullable(ref("Speaker")),
    "list of strings": {"type": "array", "items": {"type": "string"}},
    "list of countries": {"type": "array", "items": ref("Country")},
    "list of themes": {"type": "array", "items": ref("Theme")},
    "list of sources": {"type": "array", "items": ref("Source")},
    "list of parties": {"type": "array", "items": ref("Party")},
}


@dataclass
class Column:
    """A column of a CSV export."""

    name: str
    type: str  # the Table Schema type: integer, string or boolean
    description: str
    value: object  # record → value (format.cell() writes it)
    example: str
    many: bool = False  # a list, written as values separated by SEPARATOR
    choices: list = field(default_factory=list)  # the values it can take, when fixed
    # What the pages call each of those values ("remarks" reads "reported remarks").
    labels: dict = field(default_factory=dict)
    pattern: str = ""  # a regular expression every value matches
    required: bool = False
    expression: object = None  # the cell as PostgreSQL writes it (copy.py)

    def table_schema_field(self):
        """This column as a field of a Frictionless Table Schema (version 2)."""
        schema = {"name": self.name, "type": self.type, "description": self.description}
        if self.many:
            schema.update(type="list", delimiter=SEPARATOR, itemType=self.type)
        if self.type == "string" and self.name.endswith("url"):
            schema["format"] = "uri"
        if self.type == "boolean":
            schema.update(trueValues=["true"], falseValues=["false"])
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.choices:
            constraints["enum"] = list(self.choices)
        if self.pattern:
            constraints["pattern"] = self.pattern
        if constraints:
            schema["constraints"] = constraints
        schema["example"] = self.example
        return schema

    @property
    def shape(self):
        """What a value looks like, in words, for the data page."""
        if self.many:
            return f"list of {self.type}s, separated by “{SEPARATOR.strip()} ”"
        if self.pattern == EDTF_PATTERN:
            return "date in EDTF (see “Dates” above)"
        if self.type == "date":
            return "day: YYYY-MM-DD"
        if self.type == "boolean":
            return "true or false"
        return self.type


@dataclass
class Key:
    """A key of each record of a JSON export."""

    name: str
    shape: str  # one of SHAPES
    description: str
    value: object  # record → JSON value
    expression: object = None  # its JSON text as PostgreSQL writes it (copy.py)
    choices: list = field(default_factory=list)  # the values a string can take, when fixed
    labels: dict = field(default_factory=dict)  # what the pages call each of them


class Kind:
    """A kind of field; `attribute` names what it reads of the record (its field's name by
    default)."""

    shape = "string"

    def __init__(self, attribute=None):
        self.attribute = attribute

    def of(self, field):
        return self.attribute or field.name

    def select_for(self, field):
        """The related records read with the row (joined)."""
        return []

    def prefetch(self, model):
        """What each chunk of rows fetches of the related records, in one query."""
        return []

    def columns(self, field, model, base):
        raise NotImplementedError

    def key(self, field, model, base):
        raise NotImplementedError

    def readers(self, field, model):
        """How the importer reads the field's columns back (none, for what it only writes)."""
        return []

    def cells(self, field, value):
        """A JSON value of the field, as the CSV cells the export would have written."""
        return {field.column: reading.as_text(value)}


def single_column(field, type, value, expression, example=None, **kwargs):
    """The one CSV column of a field, named and described as the field is."""
    example = field.example if example is None else example
    return [
        Column(
            field.column, type, field.description, value, example, expression=expression, **kwargs
        )
    ]


def attribute(name):
    return lambda record: getattr(record, name)


class Id(Kind):
    def columns(self, field, model, base):
        return single_column(field, "integer", attribute("pk"), copy.integer("pk"), required=True)

    def key(self, field, model, base):
        return Key(field.name, "integer", field.description, attribute("pk"), copy.integer("pk"))


class Address(Kind):
    """The permanent address of the record's page: `view_name` of the URL configuration, with
    the record's `parts` (fields) in its arguments."""

    def __init__(self, view_name, *parts):
        super().__init__()
        self.view_name, self.parts = view_name, parts

    def columns(self, field, model, base):
        # An address starts with the site's scheme, or a slash: never what format.cell()
        # neutralises, so its cell is the address itself.
        address = copy.address(base, self.view_name, "", *self.parts)
        example = base + field.example
        return single_column(field, "string", self.url(base), address, example, required=True)

    def key(self, field, model, base):
        address = copy.string(copy.address(base, self.view_name, "", *self.parts))
        return Key(field.name, "string", field.description, self.url(base), address)

    @staticmethod
    def url(base):
        return lambda record: base + record.get_absolute_url()


class Text(Kind):
    """A text; in JSON a string, or with `null` null when it is empty."""

    def __init__(self, attribute=None, null=False, choices=None):
        super().__init__(attribute)
        self.null = null
        self.choices = [value for value, _label in choices or []]
        self.labels = {value: str(label) for value, label in choices or []}

    def columns(self, field, model, base):
        name = self.of(field)
        return single_column(
            field,
            "string",
            attribute(name),
            copy.cell(name),
            choices=self.choices,
            labels=self.labels,
            required=field.required,
        )

    def key(self, field, model, base):
        name = self.of(field)
        if self.null:
            value, shape, expression = or_none(name), "string or null", copy.string_or_null(name)
        else:
            value, shape, expression = attribute(name), "string", copy.string(name)
        return Key(
            field.name, shape, field.description, value, expression, self.choices, self.labels
        )

    def readers(self, field, model):
        name = self.of(field)
        return [reading.Reader(field.column, (name,), reading.text(name))]


def or_none(name):
    return lambda record: getattr(record, name) or None


class Boolean(Kind):
    def columns(self, field, model, base):
        name = self.of(field)
        return single_column(field, "boolean", attribute(name), copy.boolean(name))

    def key(self, field, model, base):
        name = self.of(field)
        return Key(field.name, "boolean", field.description, attribute(name), copy.boolean(name))

    def readers(self, field, model):
        name = self.of(field)
        return [reading.Reader(field.column, (name,), reading.boolean(name))]


class Date(Kind):
    """An EDTF date (dates.py) kept in the record's field `attribute`, with its days: in CSV,
    the value and its precision (DateDays puts the days at the end of the file, where columns
    are added); in JSON, one object with all four."""

    shape = "date"

    def columns(self, field, model, base):
        name = self.of(field)
        example = EDTFDate.parse(field.example)
        return [
            Column(
                field.column,
                "string",
                f"{field.description}, in EDTF",
                lambda record: getattr(record, name),
                field.example,
                pattern=EDTF_PATTERN,
                expression=copy.cell(name),
            ),
            Column(
                f"{field.column}_precision",
                "string",
                f"Whether every part of {field.column} is known to the day, the month or the "
                "year (empty for the others: a decade, an open end…)",
                lambda record: when.precision if (when := when_of(record, name)) else "",
                example.precision,
                choices=list(Precision.CHOICES),
                expression=copy.cell(copy.precision(name)),
            ),
        ]

    def key(self, field, model, base):
        name = self.of(field)
        value = lambda record: as_date(when_of(record, name))  # noqa: E731
        return Key(field.name, "date", field.description, value, copy.dated(name))

    def readers(self, field, model):
        name = self.of(field)
        return [reading.Reader(field.column, (name,), reading.edtf_date(name))]

    def cells(self, field, value):
        return {field.column: reading.member(value, "date", "a date")}


class DateDays(Kind):
    """The earliest and latest day an EDTF date (the record's field `attribute`) may stand
    for, as ISO days a spreadsheet reads: CSV only (JSON has them in the date), never read
    back (they follow from the date)."""

    def columns(self, field, model, base):
        name = self.of(field)
        example = EDTFDate.parse(field.example)
        return [
            Column(
                f"{field.column}_{side}",
                "date",
                f"The {side} day {field.column} may stand for (empty for an open or unknown end)",
                lambda record, side=side: getattr(record.when_of(name) or NO_DATE, side) or "",
                day.isoformat() if (day := getattr(example, side)) else "",
                expression=copy.cell(copy.known_day_iso(f"{name}_{side}")),
            )
            for side in ("earliest", "latest")
        ]


NO_DATE = EDTFDate("", None, None)


def when_of(record, name):
    return record.when_of(name)


def as_date(when):
    if when is None:
        return None
    days = (when.earliest, when.latest)
    earliest, latest = (day.isoformat() if day else None for day in days)
    return {"date": when.edtf, "precision": when.precision, "earliest": earliest, "latest": latest}


def as_country(country):
    return {"code": country.code, "name": str(country)} if country else None


def reference(base):
    """A related record as a small object; None when there is none or it is not published."""

    def ref(record):
        record = published_or_none(record)
        if record is None:
            return None
        return {
            "id": record.pk,
            "slug": record.slug,
            "name": record.name,
            "url": base + record.get_absolute_url(),
        }

    return ref


def public(relation, attribute):
    """An attribute of a related record; empty when that record is not published."""

    def value(record):
        found = published_or_none(getattr(record, relation))
        return getattr(found, attribute) if found else ""

    return value


class CountryOf(Kind):
    """A country the record names: its alpha-2 code and, unless `names` is False, its name."""

    shape = "country"

    def __init__(self, attribute=None, names=True):
        super().__init__(attribute)
        self.names = names

    def select_for(self, field):
        return [self.of(field)]

    def columns(self, field, model, base):
        relation = self.of(field)
        code, name = examples(field, 2)
        found = [
            Column(
                f"{field.column}_code",
                "string",
                f"Alpha-2 code of {field.description}",
                lambda record: getattr(record, f"{relation}_id") or "",
                code,
                expression=copy.cell(f"{relation}_id"),
            )
        ]
        if self.names:
            found.append(
                Column(
                    f"{field.column}_name",
                    "string",
                    f"Name of {field.description}",
                    lambda record: str(getattr(record, relation) or ""),
                    name,
                    expression=copy.cell(copy.country_name(relation)),
                )
            )
        return found

    def key(self, field, model, base):
        relation = self.of(field)
        return Key(
            field.name,
            "country",
            capfirst(field.description),
            lambda record: as_country(getattr(record, relation)),
            copy.country(relation),
        )

    def readers(self, field, model):
        code = reading.Reference(f"{field.column}_code", self.of(field), Country, key="code")
        return [code.reader()]

    def cells(self, field, value):
        return {f"{field.column}_code": reading.member(value, "code", "a country")}


def examples(field, count):
    """The field's example, one for each of its `count` columns."""
    found = field.example if isinstance(field.example, tuple) else (field.example,)
    return (*found, *[""] * (count - len(found)))


class Record(Kind):
    """A related record, shown only when it is published: its slug and, unless `names` is
    False, its name; in JSON an object with its page's address (`view_name`)."""

    shape = "record"

    def __init__(self, attribute=None, view_name="", names=True):
        super().__init__(attribute)
        self.view_name, self.names = view_name, names

    def select_for(self, field):
        return [self.of(field)]

    def columns(self, field, model, base):
        relation = self.of(field)
        slug, name = examples(field, 2)[:2]
        found = [
            Column(
                f"{field.column}_slug",
                "string",
                f"Slug of {field.description}",
                public(relation, "slug"),
                slug,
                expression=copy.if_published(relation, copy.cell(f"{relation}__slug")),
            )
        ]
        if self.names:
            found.append(
                Column(
                    f"{field.column}_name",
                    "string",
                    f"Name of {field.description}",
                    public(relation, "name"),
                    name,
                    expression=copy.if_published(relation, copy.cell(f"{relation}__name")),
                )
            )
        return found

    def key(self, field, model, base):
        relation, ref = self.of(field), reference(base)
        return Key(
            field.name,
            "record",
            capfirst(field.description),
            lambda record: ref(getattr(record, relation)),
            copy.reference(base, relation, self.view_name),
        )

    def readers(self, field, model):
        relation = self.of(field)
        related_model = model._meta.get_field(relation).related_model
        slug = reading.Reference(f"{field.column}_slug", relation, related_model)
        return [slug.reader()]

    def cells(self, field, value):
        return {f"{field.column}_slug": reading.member(value, "slug", "a record")}


class Speaker(Record):
    """The speaker of a statement, with their title on the day (`title`): a column of its own
    in the CSV, a key of the speaker's object in JSON."""

    shape = "speaker"

    def __init__(self, title, view_name):
        super().__init__(view_name=view_name)
        self.title = title

    def columns(self, field, model, base):
        relation, title = self.of(field), self.title
        return [
            *super().columns(field, model, base),
            Column(
                f"{field.column}_title",
                "string",
                f"{capfirst(field.description)}'s title on the day",
                lambda record: getattr(record, title) if public(relation, "pk")(record) else "",
                examples(field, 3)[2],
                expression=copy.if_published(relation, copy.cell(title)),
            ),
        ]

    def key(self, field, model, base):
        relation, ref = self.of(field), reference(base)

        def speaker(record):
            found = ref(getattr(record, relation))
            if found:
                found["title_on_the_day"] = getattr(record, self.title)
            return found

        title = ("title_on_the_day", copy.string(self.title))
        return Key(
            field.name,
            "speaker",
            f"{capfirst(field.description)}, with their title on the day",
            speaker,
            copy.reference(base, relation, self.view_name, title),
        )

    def readers(self, field, model):
        # A statement has a speaker: the column is never empty.
        slug = reading.Reference(f"{field.column}_slug", self.of(field), Actor, required=True)
        title = reading.Reader(f"{field.column}_title", (self.title,), reading.text(self.title))
        return [slug.reader(), title]

    def cells(self, field, value):
        slug = reading.member(value, "slug", "the speaker")
        title = value.get("title_on_the_day") or "" if slug else ""
        if not isinstance(title, str):
            raise reading.Shape('Write the speaker\'s "title_on_the_day" as a string.')
        return {f"{field.column}_slug": slug, f"{field.column}_title": reading.neutralise(title)}


def each(relation, attribute=None):
    """The non-empty `attribute` (or name) of each related record, in the prefetched order."""

    def value(record):
        found = related(record, relation)
        items = (getattr(item, attribute) if attribute else str(item) for item in found)
        return [str(item) for item in items if item]

    return value


def listed(name, description, value, example, expression):
    """A many-valued column of text."""
    return Column(name, "string", description, value, example, many=True, expression=expression)


def attribute_columns(rows, relation, columns):
    """A list column for each (column name, attribute, description, example) of `columns`: the
    attribute of each of the related records, in their order."""
    return [
        listed(name, description, each(relation, attribute), example, Item(rows, attribute))
        for name, attribute, description, example in columns
    ]


class Countries(Kind):
    """Countries the record names, by alpha-2 code and by name, in the order of their names."""

    shape = "list of countries"

    def prefetch(self, model):
        return [in_bulk(self.attribute)]

    def related_rows(self, model):
        return RelatedRows(model, self.attribute, ("name",))

    def columns(self, field, model, base):
        codes, names = examples(field, 2)
        rows, relation = self.related_rows(model), self.attribute
        return [
            listed(
                f"{field.column}_codes",
                f"Alpha-2 codes of {field.description}",
                each(relation, "code"),
                codes,
                Item(rows, "code"),
            ),
            listed(
                f"{field.column}_names",
                "Their names, in the same order",
                each(relation),
                names,
                Item(rows, copy.country_name),
            ),
        ]

    def key(self, field, model, base):
        relation = self.attribute
        return Key(
            field.name,
            "list of countries",
            capfirst(field.description),
            lambda record: [as_country(country) for country in related(record, relation)],
            self.related_rows(model).json_list(copy.country),
        )

    def readers(self, field, model):
        codes = f"{field.column}_codes"
        return [reading.Reference(codes, self.attribute, Country, key="code", many=True).reader()]

    def cells(self, field, value):
        return {f"{field.column}_codes": reading.each(value, "code", "country")}


class Cited(Kind):
    """The published records of a many-to-many relation (themes, sources), in `order_by`
    order: a list column for each (column, attribute, meaning, example) of `columns`, read
    back by the first, and in JSON a list of `item`s (in Python and in SQL)."""

    def __init__(self, relation, model, order_by, columns, item, item_sql, shape):
        super().__init__(relation)
        self.model, self.order_by, self.column_specs = model, order_by, columns
        self.item, self.item_sql, self.shape = item, item_sql, shape

    def prefetch(self, model):
        return [in_bulk(self.attribute, self.model.objects.published().order_by(self.order_by))]

    def related_rows(self, model):
        return RelatedRows(model, self.attribute, (self.order_by,), published=True)

    def columns(self, field, model, base):
        return attribute_columns(self.related_rows(model), self.attribute, self.column_specs)

    def key(self, field, model, base):
        relation, item = self.attribute, self.item
        items = self.related_rows(model).json_list(self.item_sql)
        return Key(
            field.name,
            self.shape,
            field.description,
            lambda record: [item(cited) for cited in related(record, relation)],
            items,
        )

    def readers(self, field, model):
        column, key = self.column_specs[0][:2]
        return [reading.Reference(column, self.attribute, self.model, key=key, many=True).reader()]

    def cells(self, field, value):
        column, key = self.column_specs[0][:2]
        noun = self.model._meta.verbose_name
        return {column: reading.each(value, key, noun)}


def theme_sql(relation):
    return copy.json_object(
        ("slug", copy.string(copy.of(relation, "slug"))),
        ("name", copy.string(copy.of(relation, "name"))),
    )


def as_source(record):
    return {
        "title": record.title,
        "publisher": record.publisher,
        "url": record.url,
        "kind": record.kind,
        "published": as_date(record.published),
        "accessed": record.accessed_on.isoformat() if record.accessed_on else None,
    }


def source_sql(relation):
    accessed = copy.or_null(copy.string(copy.day_iso(copy.of(relation, "accessed_on"))))
    return copy.json_object(
        ("title", copy.string(copy.of(relation, "title"))),
        ("publisher", copy.string(copy.of(relation, "publisher"))),
        ("url", copy.string(copy.of(relation, "url"))),
        ("kind", copy.string(copy.of(relation, "kind"))),
        ("published", copy.dated(copy.of(relation, "published_on"))),
        ("accessed", accessed),
    )


def themes():
    """The record's published themes, by slug and by name, in the order of their names."""
    columns = [
        ("theme_slugs", "slug", "Themes, by slug (see /themes/<slug>/)", THEMES[0]),
        ("theme_names", "name", "Themes, by name, in the same order", THEMES[1]),
    ]

    def item(theme):
        return {"slug": theme.slug, "name": theme.name}

    return Cited("themes", Theme, "name", columns, item, theme_sql, "list of themes")


def sources():
    """The record's published sources, in the order they were recorded."""
    columns = [
        ("source_titles", "title", "Titles of the sources", SOURCES[0]),
        ("source_publishers", "publisher", "Publishers of the sources that name one", SOURCES[1]),
        ("source_urls", "url", "Addresses of the sources that have one", SOURCES[2]),
    ]
    return Cited("sources", Source, "id", columns, as_source, source_sql, "list of sources")


def source_kinds():
    """What kind of document each of the record's published sources is (CSV only: in JSON,
    each source says it)."""
    meaning = "Kinds of the sources, in their order: " + ", ".join(Source.Kind)
    columns = [("source_kinds", "kind", meaning, SOURCES[3])]
    return Cited("sources", Source, "id", columns, as_source, source_sql, "list of sources")


def party_country(party):
    """The party's country, or else its published organisation's (a code, or None)."""
    return party.public_country


def party_name(party):
    """A party's name: its published organisation's, else its country's."""
    return public("organisation", "name")(party) or str(party.country or "")


def of_each_party(value):
    """An agreement's parties' non-empty `value`s, in the parties' order."""
    return lambda agreement: [v for v in map(value, related(agreement, "parties")) if v]


def constant(expression):
    """A party's cell: `expression`, on the party's own row."""
    return lambda relation: expression


class Parties(Kind):
    """An agreement's parties in their order: countries and organisations, and who signed."""

    shape = "list of parties"

    def prefetch(self, model):
        parties = AgreementParty.objects.select_related("country", "organisation", "signatory")
        deferred = ["organisation__search_document", "signatory__search_document"]
        return [in_bulk("parties", parties.defer(*deferred))]

    def related_rows(self, model):
        return RelatedRows(model, "parties", ("position", "id"))

    def columns(self, field, model, base):
        rows = self.related_rows(model)
        organisation_country = copy.if_published("organisation", F("organisation__country_id"))
        party_name_sql = Case(
            When(organisation__status=Status.PUBLISHED, then=F("organisation__name")),
            default=copy.country_name("country"),
            output_field=TextField(),
        )
        # (column, what it holds, a party's value in Python and in SQL, an example)
        cells = [
            (
                "party_country_codes",
                "Alpha-2 codes of the parties' countries (an organisation's own country when "
                "the party is an organisation)",
                party_country,
                Coalesce(F("country_id"), organisation_country, output_field=TextField()),
                "IR; CU",
            ),
            (
                "party_names",
                "The parties: a country's or an organisation's name, in the agreement's order",
                party_name,
                party_name_sql,
                "Iran; Cuba",
            ),
            (
                "signatory_slugs",
                "Slugs of the people who signed",
                public("signatory", "slug"),
                copy.if_published("signatory", F("signatory__slug")),
                "sattar-hashemi",
            ),
            (
                "signatory_names",
                "Their names, in the same order",
                public("signatory", "name"),
                copy.if_published("signatory", F("signatory__name")),
                "Sattar Hashemi",
            ),
        ]
        return [
            listed(name, description, of_each_party(value), example, Item(rows, constant(sql)))
            for name, description, value, sql, example in cells
        ]

    def key(self, field, model, base):
        ref, view_name = reference(base), "statements:actor_detail"

        def party(item):
            signatory = ref(item.signatory)
            return {
                "country": as_country(item.country),
                "organisation": ref(item.organisation),
                "signatory": signatory,
                "signatory_title": item.signatory_title if signatory else "",
            }

        def party_sql(relation):
            title = Case(
                When(signatory__status=Status.PUBLISHED, then=copy.string("signatory_title")),
                default=copy.literal('""'),
            )
            return copy.json_object(
                ("country", copy.country("country")),
                ("organisation", copy.reference(base, "organisation", view_name)),
                ("signatory", copy.reference(base, "signatory", view_name)),
                ("signatory_title", title),
            )

        return Key(
            field.name,
            "list of parties",
            field.description,
            lambda record: [party(item) for item in related(record, "parties")],
            self.related_rows(model).json_list(party_sql),
        )

    # The importer reads the parties itself (importers/parties.py): they are rows of their
    # own, replaced together, and read back only when they differ from what was exported.

    def cells(self, field, value):
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise reading.Shape('Write a list of parties, each {"country": …, "organisation": …}.')
        return {field.name: value}


class Names(Kind):
    """Names kept one per line in a text field (an actor's other names)."""

    shape = "list of strings"

    def columns(self, field, model, base):
        names = attribute("all_other_names")
        return single_column(field, "string", names, copy.EachLine(self.of(field)), many=True)

    def key(self, field, model, base):
        names, expression = attribute("all_other_names"), copy.EachLineJson(self.of(field))
        return Key(field.name, "list of strings", field.description, names, expression)

    def readers(self, field, model):
        name = self.of(field)
        return [reading.Reader(field.column, (name,), reading.lines(name))]

    def cells(self, field, value):
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise reading.Shape("Write a list of strings.")
        return {field.column: value}


@dataclass
class Field:
    """One datum of an exported record: its JSON key `name` (and CSV column, or columns'
    prefix, unless `csv` gives another), its kind, what it means and an example (a tuple, one
    for each of its CSV columns, where it has several)."""

    name: str
    kind: Kind
    description: str
    example: object = ""
    required: bool = False
    csv: str = ""
    derived: bool = False  # kept from other records: written, never read back
    in_json: bool = True  # False for CSV columns of what JSON nests elsewhere

    def readers(self, model):
        return [] if self.derived else self.kind.readers(self, model)

    @property
    def column(self):
        return self.csv or self.name

    def columns(self, model, base):
        return self.kind.columns(self, model, base)

    def key(self, model, base):
        return self.kind.key(self, model, base)

    @property
    def select(self):
        return self.kind.select_for(self)


def prepared(model, fields):
    """A queryset of `model` → the same with what `fields` read of related records: joined
    ones (without the text kept only for search) and fetched ones."""
    relations = [relation for field in fields for relation in field.select]
    # Two fields of one relation (the sources, and their kinds) fetch it once.
    prefetches = {}
    for each in fields:
        for prefetch in each.kind.prefetch(model):
            prefetches.setdefault(getattr(prefetch, "prefetch_to", prefetch), prefetch)

    def prepare(queryset):
        deferred = [
            f"{name}__search_document"
            for name in relations
            if issubclass(model._meta.get_field(name).related_model, Searchable)
        ]
        if issubclass(model, Searchable):
            deferred.append("search_document")
        joined = queryset.select_related(*relations).defer(*deferred)
        return joined.prefetch_related(*prefetches.values())

    return prepare
