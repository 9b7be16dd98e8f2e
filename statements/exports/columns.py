"""The columns of the CSV exports. They also write the `/data/` page and the Table Schemas of
`/data/datapackage.json`, so what is documented is what is exported.

A column's value is what the record holds: a string, an integer, a boolean or, for a
many-valued column, a list. Writing it as a CSV cell (separators, formula neutralisation)
is the streaming module's job.
"""

from dataclasses import dataclass, field

from ..dates import ISO_PATTERN, PartialDate, Precision
from ..models import Actor, Agreement, Event, Statement
from . import sql
from .related import related
from .streaming import SEPARATOR


@dataclass
class Column:
    name: str
    type: str  # the Table Schema type: integer, string or boolean
    description: str
    value: object  # record → value
    example: str
    many: bool = False  # a list, written as values separated by SEPARATOR
    choices: list = field(default_factory=list)  # the values it can take, when fixed
    pattern: str = ""  # a regular expression every value matches
    required: bool = False
    # The cell as PostgreSQL writes it for COPY (see sql.py); None where there is none.
    expression: object = None

    def table_schema_field(self):
        """This column as a field of a Frictionless Table Schema (version 2)."""
        description = self.description
        schema = {"name": self.name, "type": self.type, "description": description}
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
        if self.pattern:
            return "partial date: YYYY, YYYY-MM or YYYY-MM-DD"
        if self.type == "boolean":
            return "true or false"
        return self.type


def values_of(choices):
    return [value for value, _label in choices]


# Without the ^…$ anchors: Table Schema patterns must match the whole value.
DATE_PATTERN = ISO_PATTERN.pattern.removeprefix("^").removesuffix("$")


def date_columns(name, attribute, description, example, fields=None):
    """A date at its precision (2025, 2025-04, 2025-04-07), and its precision beside it.

    `fields` names the (date, precision) fields behind `attribute`, for the SQL cells.
    """

    def iso(record):
        when = getattr(record, attribute)
        return when.iso if when else ""

    def precision(record):
        when = getattr(record, attribute)
        return when.precision if when else ""

    return [
        Column(
            name,
            "string",
            description,
            iso,
            example,
            pattern=DATE_PATTERN,
            expression=sql.cell(sql.date_iso(*fields)) if fields else None,
        ),
        Column(
            f"{name}_precision",
            "string",
            f"How precisely the date in {name} is known",
            precision,
            PartialDate.parse(example).precision,
            choices=values_of(Precision.choices),
            expression=sql.cell(sql.if_dated(*fields)) if fields else None,
        ),
    ]


def public(relation, attribute):
    """An attribute of a related record; empty when that record is not published."""

    def value(record):
        related = getattr(record, relation)
        if related is None or not related.is_published:
            return ""
        return getattr(related, attribute)

    return value


def country_code(relation):
    return lambda record: getattr(record, f"{relation}_id") or ""


def country_name(relation):
    return lambda record: str(getattr(record, relation) or "")


def each(relation, attribute=None):
    """The non-empty `attribute` (or name) of each related record, in the prefetched order."""

    def value(record):
        found = related(record, relation)
        items = (getattr(item, attribute) if attribute else str(item) for item in found)
        return [str(item) for item in items if item]

    return value


def record_columns(prefix, relation, description, slug_example, name_example):
    """A related record's slug and name; both empty when it is not published."""
    return [
        Column(
            f"{prefix}_slug",
            "string",
            f"Slug of {description}",
            public(relation, "slug"),
            slug_example,
            expression=sql.if_published(relation, sql.cell(f"{relation}__slug")),
        ),
        Column(
            f"{prefix}_name",
            "string",
            f"Name of {description}",
            public(relation, "name"),
            name_example,
            expression=sql.if_published(relation, sql.cell(f"{relation}__name")),
        ),
    ]


def forum_columns():
    return record_columns(
        "forum",
        "forum",
        "the forum",
        "cstd",
        "Commission on Science and Technology for Development",
    )


def country_columns(prefix, relation, description, code_example, name_example):
    return [
        Column(
            f"{prefix}_code",
            "string",
            f"Alpha-2 code of {description}",
            country_code(relation),
            code_example,
            expression=sql.cell(f"{relation}_id"),
        ),
        Column(
            f"{prefix}_name",
            "string",
            f"Name of {description}",
            country_name(relation),
            name_example,
            expression=sql.cell(sql.country_name(relation)),
        ),
    ]


def identity_columns(noun, base, example_id, example_path, address=None):
    """The record's id and its page's address; `address` gives the address's SQL from the
    site's base URL (see sql.address)."""

    def url(record):
        return base + record.get_absolute_url()

    return [
        Column(
            "id",
            "integer",
            f"Demarche's number for the {noun}; it never changes",
            lambda record: record.pk,
            example_id,
            required=True,
            expression=sql.integer("pk"),
        ),
        Column(
            "url",
            "string",
            f"Permanent address of the {noun}'s page",
            url,
            base + example_path,
            required=True,
            expression=sql.cell(address(base)) if address else None,
        ),
    ]


def theme_columns(model=None):
    """Themes by slug and name; `model` (whose themes they are) gives them their SQL."""

    def themes(attribute):
        return sql.each(model, "themes", attribute, "name", published=True) if model else None

    return [
        Column(
            "theme_slugs",
            "string",
            "Themes, by slug (see /themes/<slug>/)",
            each("themes", "slug"),
            "e-government; ict-security",
            many=True,
            expression=themes("slug"),
        ),
        Column(
            "theme_names",
            "string",
            "Themes, by name, in the same order",
            each("themes", "name"),
            "E-government; ICT security",
            many=True,
            expression=themes("name"),
        ),
    ]


def source_columns(model=None):
    """The sources' titles, publishers and addresses; `model` gives them their SQL."""

    def sources(attribute):
        return sql.each(model, "sources", attribute, "id", published=True) if model else None

    return [
        Column(
            "source_titles",
            "string",
            "Titles of the sources",
            each("sources", "title"),
            "Tehran, Havana mull over expanding digital cooperation",
            many=True,
            expression=sources("title"),
        ),
        Column(
            "source_publishers",
            "string",
            "Publishers of the sources that name one",
            each("sources", "publisher"),
            "dolat.ir",
            many=True,
            expression=sources("publisher"),
        ),
        Column(
            "source_urls",
            "string",
            "Addresses of the sources that have one",
            each("sources", "url"),
            "https://www.un.org/…",
            many=True,
            expression=sources("url"),
        ),
    ]


def statement_columns(base):
    return [
        *identity_columns(
            "statement",
            base,
            "3",
            "/statements/3/iran-proposes-a-joint-committee/",
            address=lambda base: sql.address(f"{base}/statements/", "pk", "slug"),
        ),
        Column(
            "title",
            "string",
            "Title",
            lambda s: s.title,
            "Iran proposes a joint committee with Cuba",
            required=True,
            expression=sql.cell("title"),
        ),
        *date_columns(
            "date",
            "when",
            "When it was said or published",
            "2025-04",
            fields=("date", "date_precision"),
        ),
        Column(
            "kind",
            "string",
            "What kind of statement it is",
            lambda s: s.kind,
            "remarks",
            choices=values_of(Statement.Kind.choices),
            required=True,
            expression=sql.cell("kind"),
        ),
        Column(
            "language",
            "string",
            "ISO 639-1 code of its language; empty when not known",
            lambda s: s.language,
            "en",
            expression=sql.cell("language"),
        ),
        *record_columns(
            "speaker", "speaker", "the speaker", "mohammad-mohsen-sadr", "Mohammad-Mohsen Sadr"
        ),
        Column(
            "speaker_title",
            "string",
            "Speaker's title on the day",
            lambda s: s.speaker_title if s.public_speaker else "",
            "Head of the Information Technology Organization of Iran",
            expression=sql.if_published("speaker", sql.cell("speaker_title")),
        ),
        *country_columns(
            "country",
            "country",
            "the country it was made for: the one it was made on behalf of, or else the speaker's",
            "IR",
            "Iran",
        ),
        *record_columns(
            "on_behalf_of_group",
            "on_behalf_of_actor",
            "the group or organisation it was made on behalf of",
            "group-of-77-and-china",
            "Group of 77 and China",
        ),
        *record_columns(
            "event",
            "event",
            "the event where it was made",
            "28th-session-of-the-cstd",
            "28th session of the CSTD",
        ),
        *forum_columns(),
        *theme_columns(Statement),
        Column(
            "mentioned_country_codes",
            "string",
            "Alpha-2 codes of the countries it mentions",
            each("mentioned_countries", "code"),
            "CU; IR",
            many=True,
            expression=sql.each(Statement, "mentioned_countries", "code", "name"),
        ),
        Column(
            "mentioned_country_names",
            "string",
            "Their names, in the same order",
            each("mentioned_countries"),
            "Cuba; Iran",
            many=True,
            expression=sql.each(Statement, "mentioned_countries", sql.country_name, "name"),
        ),
        Column(
            "summary",
            "string",
            "A curator's summary",
            lambda s: s.summary,
            "Replying to Cuba's First Deputy Minister…",
            expression=sql.cell("summary"),
        ),
        Column(
            "text",
            "string",
            "Full text, or the passage that is known",
            lambda s: s.text,
            "Iran, as a part of the global information society…",
            expression=sql.cell("text"),
        ),
        Column(
            "text_is_excerpt",
            "boolean",
            "true when the text is a passage, not the whole statement",
            lambda s: s.text_is_excerpt,
            "true",
            expression=sql.boolean("text_is_excerpt"),
        ),
        *source_columns(Statement),
        Column(
            "on_behalf_of_country_code",
            "string",
            "Alpha-2 code of the country it was made on behalf of, when a curator recorded one "
            "(country_code falls back to the speaker's country)",
            country_code("on_behalf_of_country"),
            "IR",
            expression=sql.cell("on_behalf_of_country_id"),
        ),
    ]


def agreement_columns(base):
    def parties(record):
        return related(record, "parties")

    def party_names(record):
        names = []
        for party in parties(record):
            organisation = public("organisation", "name")(party)
            names.append(organisation or str(party.country or ""))
        return [name for name in names if name]

    def signatory(attribute):
        def value(record):
            found = (public("signatory", attribute)(party) for party in parties(record))
            return [item for item in found if item]

        return value

    return [
        *identity_columns("agreement", base, "1", "/agreements/1/iran-cuba-memorandum/"),
        Column(
            "title",
            "string",
            "Title",
            lambda a: a.title,
            "Iran–Cuba memorandum of understanding on postal services",
            required=True,
        ),
        Column(
            "kind",
            "string",
            "What kind of agreement it is",
            lambda a: a.kind,
            "mou",
            choices=values_of(Agreement.Kind.choices),
            required=True,
        ),
        Column(
            "status",
            "string",
            "Where the agreement stands",
            lambda a: a.agreement_status,
            "signed",
            choices=values_of(Agreement.AgreementStatus.choices),
            required=True,
        ),
        *date_columns(
            "date_signed", "signed", "When it was signed; empty when not known", "2024-11-24"
        ),
        Column("city", "string", "City where it was signed", lambda a: a.city, "Havana"),
        *country_columns("signed_in", "signed_in", "the country where it was signed", "CU", "Cuba"),
        Column(
            "party_country_codes",
            "string",
            "Alpha-2 codes of the parties' countries (an organisation's own country when "
            "the party is an organisation)",
            lambda a: [party.public_country for party in parties(a) if party.public_country],
            "IR; CU",
            many=True,
        ),
        Column(
            "party_names",
            "string",
            "The parties: a country's or an organisation's name, in the agreement's order",
            party_names,
            "Iran; Cuba",
            many=True,
        ),
        Column(
            "signatory_slugs",
            "string",
            "Slugs of the people who signed",
            signatory("slug"),
            "sattar-hashemi",
            many=True,
        ),
        Column(
            "signatory_names",
            "string",
            "Their names, in the same order",
            signatory("name"),
            "Sattar Hashemi",
            many=True,
        ),
        *record_columns(
            "event",
            "event",
            "the event where it was signed",
            "visit-to-cuba",
            "Visit to Cuba",
        ),
        *theme_columns(),
        Column(
            "summary",
            "string",
            "A curator's summary",
            lambda a: a.summary,
            "Signed during the Iranian ICT minister's visit…",
        ),
        Column("text", "string", "Its text, when known", lambda a: a.text, "Article 1…"),
        *source_columns(),
    ]


def event_columns(base):
    return [
        *identity_columns("event", base, "2", "/events/28th-session-of-the-cstd/"),
        Column(
            "slug",
            "string",
            "Slug: the event's key in URLs and filters",
            lambda e: e.slug,
            "28th-session-of-the-cstd",
            required=True,
        ),
        Column(
            "name", "string", "Name", lambda e: e.name, "28th session of the CSTD", required=True
        ),
        Column(
            "kind",
            "string",
            "What kind of event it is",
            lambda e: e.kind,
            "session",
            choices=values_of(Event.Kind.choices),
            required=True,
        ),
        *date_columns("start_date", "start", "First day", "2025-04-07"),
        *date_columns("end_date", "end", "Last day; empty for a one-day event", "2025-04-11"),
        Column("city", "string", "City", lambda e: e.city, "Geneva"),
        *country_columns("host_country", "host_country", "the host country", "CH", "Switzerland"),
        Column(
            "attendance",
            "string",
            "How people took part",
            lambda e: e.attendance,
            "in_person",
            choices=values_of(Event.Attendance.choices),
        ),
        *forum_columns(),
        Column(
            "part_of_slug",
            "string",
            "Slug of the larger event it took place at",
            public("part_of", "slug"),
            "28th-session-of-the-cstd",
        ),
        Column(
            "participating_country_codes",
            "string",
            "Alpha-2 codes of the countries that took part",
            each("participating_countries", "code"),
            "CU; IR",
            many=True,
        ),
        Column(
            "participating_country_names",
            "string",
            "Their names, in the same order",
            each("participating_countries"),
            "Cuba; Iran",
            many=True,
        ),
        Column(
            "description",
            "string",
            "A curator's description",
            lambda e: e.description,
            "Its themes included…",
        ),
        *source_columns(),
    ]


def actor_columns(base):
    return [
        *identity_columns("actor", base, "20", "/actors/eduardo-martinez-diaz/"),
        Column(
            "slug",
            "string",
            "Slug: the actor's key in URLs and filters",
            lambda a: a.slug,
            "eduardo-martinez-diaz",
            required=True,
        ),
        Column("name", "string", "Name", lambda a: a.name, "Eduardo Martínez Díaz", required=True),
        Column(
            "original_name",
            "string",
            "Name in its original script",
            lambda a: a.original_name,
            "سازمان فناوری اطلاعات ایران",
        ),
        Column(
            "original_name_language",
            "string",
            "ISO 639-1 code of the original name's language",
            lambda a: a.original_name_language,
            "fa",
        ),
        Column(
            "other_names",
            "string",
            "Other names and spellings",
            lambda a: a.all_other_names,
            "Eduardo Martinez Diaz",
            many=True,
        ),
        Column(
            "kind",
            "string",
            "What kind of actor it is",
            lambda a: a.kind,
            "person",
            choices=values_of(Actor.Kind.choices),
            required=True,
        ),
        *country_columns("country", "country", "its country", "CU", "Cuba"),
        *record_columns(
            "parent",
            "parent",
            "the organisation it belongs to",
            "university-of-belgrade",
            "University of Belgrade",
        ),
        Column("wikidata_id", "string", "Wikidata item", lambda a: a.wikidata_id, "Q5284"),
        *source_columns(),
    ]
