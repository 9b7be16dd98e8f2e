"""What each list exports: one line per field, in the order of the files. The CSV columns and
JSON keys, both writers, the importer's reading and the descriptions (the data page, the Data
Package) all come from these lines; a new field is added at the end of its list, because
columns keep their names and order.
"""

from dataclasses import dataclass

from django.urls import reverse

from ..filters import ActorFilterSet, AgreementFilterSet, EventFilterSet, StatementFilterSet
from ..models import Actor, Agreement, Event, Statement
from . import kinds
from .kinds import (
    Address,
    Boolean,
    Countries,
    CountryOf,
    Date,
    DateDays,
    Field,
    Id,
    Names,
    Parties,
    Record,
    Speaker,
    Text,
    prepared,
)

ACTOR_PAGE = "statements:actor_detail"
EVENT_PAGE = "statements:event_detail"
FORUM_PAGE = "statements:forum_detail"


def identity(noun, view_name, example_id, example_path, *parts):
    return [
        Field("id", Id(), f"Demarche's number for the {noun}; it never changes", example_id),
        Field(
            "url",
            Address(view_name, *parts),
            f"Permanent address of the {noun}'s page",
            example_path,
        ),
    ]


def sources():
    return Field("sources", kinds.sources(), "Where its facts come from")


def themes():
    return Field("themes", kinds.themes(), "Its themes")


def source_kinds():
    meaning = "Where its facts come from: the kind of each source"
    return Field("source_kinds", kinds.source_kinds(), meaning, derived=True, in_json=False)


def days(name, csv, example):
    meaning = f"The days {csv} may stand for"
    kind = DateDays(name)
    return Field(f"{name}_days", kind, meaning, example, csv=csv, derived=True, in_json=False)


def how_we_know(example):
    meaning = (
        "How a fact was inferred from the sources, or where a fact they do not contain comes from"
    )
    return Field("how_we_know", Text(), meaning, example)


def slug(noun, example):
    return Field(
        "slug", Text(), f"Slug: the {noun}'s key in URLs and filters", example, required=True
    )


def kind(model, noun, example):
    meaning = f"What kind of {noun} it is"
    return Field("kind", Text(choices=model.Kind.choices), meaning, example, required=True)


def forum():
    return Field(
        "forum",
        Record(view_name=FORUM_PAGE),
        "the forum",
        ("cstd", "Commission on Science and Technology for Development"),
    )


STATEMENTS = [
    *identity(
        "statement",
        "statements:statement_detail",
        "3",
        "/statements/3/iran-proposes-a-joint-committee/",
        "pk",
        "slug",
    ),
    Field("title", Text(), "Title", "Iran proposes a joint committee with Cuba", required=True),
    Field("date", Date(), "When it was said or published", "2025-04"),
    kind(Statement, "statement", "remarks"),
    Field("language", Text(null=True), "ISO 639-1 code of its language, when it is known", "en"),
    Field(
        "speaker",
        Speaker("speaker_title", ACTOR_PAGE),
        "the speaker",
        (
            "mohammad-mohsen-sadr",
            "Mohammad-Mohsen Sadr",
            "Head of the Information Technology Organization of Iran",
        ),
    ),
    Field(
        "country",
        CountryOf(),
        "the country it was made for: the one it was made on behalf of, or else the speaker's",
        ("IR", "Iran"),
        derived=True,
    ),
    Field(
        "on_behalf_of_group",
        Record("on_behalf_of_actor", ACTOR_PAGE),
        "the group or organisation it was made on behalf of",
        ("group-of-77-and-china", "Group of 77 and China"),
    ),
    Field(
        "event",
        Record(view_name=EVENT_PAGE),
        "the event where it was made",
        ("28th-session-of-the-cstd", "28th session of the CSTD"),
    ),
    forum(),
    themes(),
    Field(
        "mentioned_countries",
        Countries("mentioned_countries"),
        "the countries it mentions",
        ("CU; IR", "Cuba; Iran"),
        csv="mentioned_country",
    ),
    Field("summary", Text(), "A curator's summary", "Replying to Cuba's First Deputy Minister…"),
    Field(
        "text",
        Text(),
        "Full text, or the passage that is known",
        "Iran, as a part of the global information society…",
    ),
    Field(
        "text_is_excerpt",
        Boolean(),
        "true when the text is a passage, not the whole statement",
        "true",
    ),
    sources(),
    Field(
        "on_behalf_of_country",
        CountryOf(names=False),
        "the country it was made on behalf of, when a curator recorded one "
        "(country_code falls back to the speaker's country)",
        "IR",
    ),
    Field(
        "verification",
        Text(choices=Statement.Verification.choices),
        "How its words are known: "
        + "; ".join(
            f"{choice} ({meaning})" for choice, meaning in Statement.VERIFICATION_MEANINGS.items()
        ),
        "reported",
        required=True,
    ),
    source_kinds(),
    how_we_know("The article names the minister but not the day; the date is its publication's."),
    days("date", "date", "2025-04"),
]

AGREEMENTS = [
    *identity(
        "agreement",
        "statements:agreement_detail",
        "1",
        "/agreements/1/iran-cuba-memorandum/",
        "pk",
        "slug",
    ),
    Field(
        "title",
        Text(),
        "Title",
        "Iran–Cuba memorandum of understanding on postal services",
        required=True,
    ),
    kind(Agreement, "agreement", "mou"),
    Field(
        "status",
        Text("agreement_status", choices=Agreement.AgreementStatus.choices),
        "Where the agreement stands",
        "signed",
        required=True,
    ),
    Field(
        "date_signed",
        Date("signed_on"),
        "When it was signed, when it is known",
        "2024-11-24",
    ),
    Field("city", Text(), "City where it was signed", "Havana"),
    Field("signed_in", CountryOf(), "the country where it was signed", ("CU", "Cuba")),
    Field("parties", Parties(), "The parties and who signed for each"),
    Field(
        "event",
        Record(view_name=EVENT_PAGE),
        "the event where it was signed",
        ("visit-to-cuba", "Visit to Cuba"),
    ),
    themes(),
    Field(
        "summary", Text(), "A curator's summary", "Signed during the Iranian ICT minister's visit…"
    ),
    Field("text", Text(), "Its text, when known", "Article 1…"),
    sources(),
    source_kinds(),
    how_we_know("The article says the group was set up, not when; it was published on 24 January."),
    days("signed_on", "date_signed", "2024-11"),
]

EVENTS = [
    *identity("event", EVENT_PAGE, "2", "/events/28th-session-of-the-cstd/", "slug"),
    slug("event", "28th-session-of-the-cstd"),
    Field("name", Text(), "Name", "28th session of the CSTD", required=True),
    kind(Event, "event", "session"),
    Field(
        "start",
        Date("start_date"),
        "First day",
        "2025-04-07",
        csv="start_date",
    ),
    Field(
        "end",
        Date("end_date"),
        "Last day, unless it lasted one day",
        "2025-04-11",
        csv="end_date",
    ),
    Field("city", Text(), "City", "Geneva"),
    Field("host_country", CountryOf(), "the host country", ("CH", "Switzerland")),
    Field(
        "attendance", Text(choices=Event.Attendance.choices), "How people took part", "in_person"
    ),
    forum(),
    Field(
        "part_of",
        Record(view_name=EVENT_PAGE, names=False),
        "the larger event it took place at",
        "28th-session-of-the-cstd",
    ),
    Field(
        "participating_countries",
        Countries("participating_countries"),
        "the countries that took part",
        ("CU; IR", "Cuba; Iran"),
        csv="participating_country",
    ),
    Field("description", Text(), "A curator's description", "Its themes included…"),
    sources(),
    source_kinds(),
    how_we_know("The op-ed gives the visit's first day only."),
    days("start_date", "start_date", "2025-04-07"),
    days("end_date", "end_date", "2025-04-11"),
]

ACTORS = [
    *identity("actor", ACTOR_PAGE, "20", "/actors/eduardo-martinez-diaz/", "slug"),
    slug("actor", "eduardo-martinez-diaz"),
    Field("name", Text(), "Name", "Eduardo Martínez Díaz", required=True),
    Field("original_name", Text(), "Name in its original script", "سازمان فناوری اطلاعات ایران"),
    Field(
        "original_name_language",
        Text(null=True),
        "ISO 639-1 code of the original name's language",
        "fa",
    ),
    Field("other_names", Names(), "Other names and spellings", "Eduardo Martinez Diaz"),
    kind(Actor, "actor", "person"),
    Field("country", CountryOf(), "its country", ("CU", "Cuba")),
    Field(
        "parent",
        Record(view_name=ACTOR_PAGE),
        "the organisation it belongs to",
        ("university-of-belgrade", "University of Belgrade"),
    ),
    Field("wikidata_id", Text(null=True), "Wikidata item", "Q5284"),
    sources(),
    source_kinds(),
    how_we_know("The original-script name is from the organisation's own site."),
]


@dataclass
class Export:
    """What one list exports: its FilterSet, and its fields."""

    name: str
    filterset_class: type
    fields: list

    @property
    def model(self):
        return self.filterset_class._meta.model

    @property
    def prepare(self):
        """queryset → queryset with the related records its fields read."""
        return prepared(self.model, self.fields)

    def columns(self, base):
        """The CSV columns, whose addresses start with `base`."""
        return [column for field in self.fields for column in field.columns(self.model, base)]

    def keys(self, base):
        """The keys of each JSON record."""
        return [field.key(self.model, base) for field in self.fields if field.in_json]

    @property
    def list_url(self):
        return reverse(f"statements:{self.name.removesuffix('s')}_list")

    @property
    def parameters(self):
        return list(self.filterset_class.base_filters)


EXPORTS = {
    export.name: export
    for export in [
        Export("statements", StatementFilterSet, STATEMENTS),
        Export("agreements", AgreementFilterSet, AGREEMENTS),
        Export("events", EventFilterSet, EVENTS),
        Export("actors", ActorFilterSet, ACTORS),
    ]
}
