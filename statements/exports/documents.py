"""The records of the JSON exports. Related records are nested objects; a related record that
is not published is null (or left out of a list), exactly as on the site.

Like the CSV columns, the keys are declared once and also write the `/data/` page.
"""

from dataclasses import dataclass

from ..models import Statement
from . import jsonsql
from .related import related

# How each kind of value is written, for the data page.
SHAPES = {
    "integer": "a number",
    "string": "a string, empty when not known",
    "string or null": "a string, or null when not known",
    "boolean": "true or false",
    "date": '{"date": "2025-04", "precision": "month"}, or null: the date as precisely '
    "as it is known (YYYY, YYYY-MM or YYYY-MM-DD) and that precision (year, month or day)",
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


@dataclass
class Key:
    name: str
    shape: str  # one of SHAPES
    description: str
    value: object  # record → JSON value
    # Its JSON text as PostgreSQL writes it for COPY (see jsonsql.py); None where there is none.
    expression: object = None

    @property
    def shape_description(self):
        return SHAPES[self.shape]


def document(keys, record):
    return {key.name: key.value(record) for key in keys}


def dated(when):
    return {"date": when.iso, "precision": when.precision} if when else None


def country(value):
    return {"code": value.code, "name": str(value)} if value else None


def reference(base):
    """A related record as a small object; None when there is none or it is not published."""

    def ref(record):
        if record is None or not record.is_published:
            return None
        return {
            "id": record.pk,
            "slug": record.slug,
            "name": record.name,
            "url": base + record.get_absolute_url(),
        }

    return ref


def attribute(name):
    return lambda record: getattr(record, name)


def date_of(name):
    return lambda record: dated(getattr(record, name))


def or_null(name):
    return lambda record: getattr(record, name) or None


def source(record):
    return {
        "title": record.title,
        "publisher": record.publisher,
        "url": record.url,
        "published": dated(record.published),
        "accessed": record.accessed_on.isoformat() if record.accessed_on else None,
    }


def identity_keys(noun, base, address=None):
    """The record's id and its page's address; `address` is the address's SQL (see
    jsonsql.address)."""
    return [
        Key(
            "id",
            "integer",
            f"Demarche's number for the {noun}; it never changes",
            attribute("pk"),
            expression=jsonsql.integer("pk"),
        ),
        Key(
            "url",
            "string",
            f"Permanent address of the {noun}'s page",
            lambda record: base + record.get_absolute_url(),
            expression=address,
        ),
    ]


def theme_key(model=None):
    """The published themes by name; `model` (whose themes they are) gives them their SQL."""
    return Key(
        "themes",
        "list of themes",
        "Its themes",
        lambda record: [{"slug": t.slug, "name": t.name} for t in related(record, "themes")],
        expression=jsonsql.listing(model, "themes", "name", jsonsql.theme, published=True)
        if model
        else None,
    )


def sources_key(model=None):
    """The published sources in the order they were recorded; `model` gives their SQL."""
    return Key(
        "sources",
        "list of sources",
        "Where its facts come from",
        lambda record: [source(item) for item in related(record, "sources")],
        expression=jsonsql.listing(model, "sources", "id", jsonsql.source, published=True)
        if model
        else None,
    )


def statement_keys(base):
    ref = reference(base)

    def speaker(statement):
        found = ref(statement.speaker)
        if found:
            found["title_on_the_day"] = statement.speaker_title
        return found

    def reference_sql(relation, folder, *pairs):
        return jsonsql.reference(base, relation, folder, *pairs)

    return [
        *identity_keys(
            "statement", base, address=jsonsql.address(base, "statements", "pk", "slug")
        ),
        Key("title", "string", "Title", attribute("title"), expression=jsonsql.string("title")),
        Key(
            "date",
            "date",
            "When it was said or published",
            date_of("when"),
            expression=jsonsql.dated("date", "date_precision"),
        ),
        Key(
            "kind",
            "string",
            "What kind of statement it is (see the CSV's kind)",
            attribute("kind"),
            expression=jsonsql.string("kind"),
        ),
        Key(
            "language",
            "string or null",
            "ISO 639-1 code of its language",
            or_null("language"),
            expression=jsonsql.string_or_null("language"),
        ),
        Key(
            "speaker",
            "speaker",
            "Who made it, with their title on the day",
            speaker,
            expression=reference_sql(
                "speaker", "actors", ("title_on_the_day", jsonsql.string("speaker_title"))
            ),
        ),
        Key(
            "country",
            "country",
            "The country it was made for: the one it was made on behalf of, or the speaker's",
            lambda s: country(s.country),
            expression=jsonsql.country("country"),
        ),
        Key(
            "on_behalf_of_group",
            "record",
            "The group or organisation it was made on behalf of",
            lambda s: ref(s.on_behalf_of_actor),
            expression=reference_sql("on_behalf_of_actor", "actors"),
        ),
        Key(
            "event",
            "record",
            "The event where it was made",
            lambda s: ref(s.event),
            expression=reference_sql("event", "events"),
        ),
        Key(
            "forum",
            "record",
            "The forum",
            lambda s: ref(s.forum),
            expression=reference_sql("forum", "forums"),
        ),
        theme_key(Statement),
        Key(
            "mentioned_countries",
            "list of countries",
            "The countries it mentions",
            lambda s: [country(c) for c in related(s, "mentioned_countries")],
            expression=jsonsql.listing(Statement, "mentioned_countries", "name", jsonsql.country),
        ),
        Key(
            "summary",
            "string",
            "A curator's summary",
            attribute("summary"),
            expression=jsonsql.string("summary"),
        ),
        Key(
            "text",
            "string",
            "Full text, or the passage that is known",
            attribute("text"),
            expression=jsonsql.string("text"),
        ),
        Key(
            "text_is_excerpt",
            "boolean",
            "true when the text is a passage, not the whole statement",
            attribute("text_is_excerpt"),
            expression=jsonsql.boolean("text_is_excerpt"),
        ),
        sources_key(Statement),
        Key(
            "on_behalf_of_country",
            "country",
            "The country it was made on behalf of, when a curator recorded one",
            lambda s: country(s.on_behalf_of_country),
            expression=jsonsql.country("on_behalf_of_country"),
        ),
    ]


def agreement_keys(base):
    ref = reference(base)

    def party(item):
        signatory = ref(item.signatory)
        return {
            "country": country(item.country),
            "organisation": ref(item.organisation),
            "signatory": signatory,
            "signatory_title": item.signatory_title if signatory else "",
        }

    return [
        *identity_keys("agreement", base),
        Key("title", "string", "Title", attribute("title")),
        Key(
            "kind", "string", "What kind of agreement it is (see the CSV's kind)", attribute("kind")
        ),
        Key(
            "status",
            "string",
            "Where it stands (see the CSV's status)",
            attribute("agreement_status"),
        ),
        Key("date_signed", "date", "When it was signed", date_of("signed")),
        Key("city", "string", "City where it was signed", attribute("city")),
        Key("signed_in", "country", "Country where it was signed", lambda a: country(a.signed_in)),
        Key(
            "parties",
            "list of parties",
            "The parties and who signed for each",
            lambda a: [party(item) for item in related(a, "parties")],
        ),
        Key("event", "record", "The event where it was signed", lambda a: ref(a.event)),
        theme_key(),
        Key("summary", "string", "A curator's summary", attribute("summary")),
        Key("text", "string", "Its text, when known", attribute("text")),
        sources_key(),
    ]


def event_keys(base):
    ref = reference(base)
    return [
        *identity_keys("event", base),
        Key("slug", "string", "Slug: the event's key in URLs and filters", attribute("slug")),
        Key("name", "string", "Name", attribute("name")),
        Key("kind", "string", "What kind of event it is (see the CSV's kind)", attribute("kind")),
        Key("start", "date", "First day", date_of("start")),
        Key("end", "date", "Last day; null for a one-day event", date_of("end")),
        Key("city", "string", "City", attribute("city")),
        Key("host_country", "country", "Host country", lambda e: country(e.host_country)),
        Key("attendance", "string", "in_person, virtual or hybrid", attribute("attendance")),
        Key("forum", "record", "The forum", lambda e: ref(e.forum)),
        Key("part_of", "record", "The larger event it took place at", lambda e: ref(e.part_of)),
        Key(
            "participating_countries",
            "list of countries",
            "The countries that took part",
            lambda e: [country(c) for c in related(e, "participating_countries")],
        ),
        Key("description", "string", "A curator's description", attribute("description")),
        sources_key(),
    ]


def actor_keys(base):
    ref = reference(base)
    return [
        *identity_keys("actor", base),
        Key("slug", "string", "Slug: the actor's key in URLs and filters", attribute("slug")),
        Key("name", "string", "Name", attribute("name")),
        Key("original_name", "string", "Name in its original script", attribute("original_name")),
        Key(
            "original_name_language",
            "string or null",
            "ISO 639-1 code of the original name's language",
            or_null("original_name_language"),
        ),
        Key(
            "other_names",
            "list of strings",
            "Other names and spellings",
            attribute("all_other_names"),
        ),
        Key("kind", "string", "What kind of actor it is (see the CSV's kind)", attribute("kind")),
        Key("country", "country", "Its country", lambda a: country(a.country)),
        Key("parent", "record", "The organisation it belongs to", lambda a: ref(a.parent)),
        Key("wikidata_id", "string or null", "Wikidata item", or_null("wikidata_id")),
        sources_key(),
    ]
