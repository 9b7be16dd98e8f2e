"""CSV and JSON exports: exactly the rows of a filtered list, all pages, in the list's order.

Rows stream from a database iterator: on PostgreSQL a server-side cursor read inside a
transaction (so the cursor is not holdable and rows leave as they are read), in chunks whose
related records are fetched in bulk. Nothing grows with the number of rows.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Prefetch
from django.utils.text import slugify

from .filters import ActorFilterSet, AgreementFilterSet, EventFilterSet, StatementFilterSet
from .models import AgreementParty, Source, Theme

CHUNK_SIZE = 500
SEPARATOR = "; "
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text):
    """Text a spreadsheet will not run: a leading formula character gets a `'` before it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def many(values):
    """A many-valued cell: a list, written to CSV as values separated by "; "."""
    return [value for value in values if value]


@dataclass
class Column:
    name: str
    kind: str  # integer, string, date, boolean: the Table Schema type
    description: str
    value: object  # record → value
    example: str = ""


def partial_date_columns(prefix, attribute, description):
    """An ISO date at its precision (2025, 2025-04, 2025-04-07) and the precision beside it."""

    def iso(record):
        when = getattr(record, attribute)
        return when.iso if when else ""

    def precision(record):
        when = getattr(record, attribute)
        return when.precision if when else ""

    return [
        Column(prefix, "string", f"{description}, as precisely as it is known", iso, "2025-04"),
        Column(f"{prefix}_precision", "string", "day, month or year", precision, "month"),
    ]


def published_names(records):
    return [record for record in records if record.is_published]


def permanent_url(base):
    return lambda record: base + record.get_absolute_url()


def statement_columns(base):
    return [
        Column("id", "integer", "Demarche's id of the statement", lambda s: s.pk, "4"),
        Column("url", "string", "Permanent URL of the statement", permanent_url(base)),
        Column("title", "string", "Title", lambda s: s.title),
        *partial_date_columns("date", "when", "Date"),
        Column("kind", "string", "speech, remarks, written_submission, …", lambda s: s.kind),
        Column("language", "string", "ISO 639-1 code, empty when unknown", lambda s: s.language),
        Column(
            "speaker_slug",
            "string",
            "Speaker's slug",
            lambda s: s.public_speaker.slug if s.public_speaker else "",
        ),
        Column(
            "speaker_name",
            "string",
            "Speaker's name",
            lambda s: s.public_speaker.name if s.public_speaker else "",
        ),
        Column(
            "speaker_title",
            "string",
            "Speaker's title on the day",
            lambda s: s.speaker_title if s.public_speaker else "",
        ),
        Column(
            "country_code",
            "string",
            "Alpha-2 code of the country it was made for",
            lambda s: s.country_id or "",
        ),
        Column("country_name", "string", "Name of that country", lambda s: str(s.country or "")),
        Column(
            "on_behalf_of_group_slug",
            "string",
            "Group or organisation it was made for",
            lambda s: (
                s.on_behalf_of_actor.slug
                if s.on_behalf_of_actor and s.on_behalf_of_actor.is_published
                else ""
            ),
        ),
        Column(
            "event_slug",
            "string",
            "Event's slug",
            lambda s: s.public_event.slug if s.public_event else "",
        ),
        Column(
            "event_name",
            "string",
            "Event's name",
            lambda s: s.public_event.name if s.public_event else "",
        ),
        Column(
            "forum_slug",
            "string",
            "Forum's slug",
            lambda s: s.public_forum.slug if s.public_forum else "",
        ),
        Column(
            "forum_name",
            "string",
            "Forum's name",
            lambda s: s.public_forum.name if s.public_forum else "",
        ),
        Column(
            "theme_slugs",
            "string",
            "Themes, by slug",
            lambda s: many(t.slug for t in s.themes.all()),
        ),
        Column(
            "theme_names",
            "string",
            "Themes, by name",
            lambda s: many(t.name for t in s.themes.all()),
        ),
        Column(
            "mentioned_country_codes",
            "string",
            "Countries it mentions",
            lambda s: many(c.code for c in s.mentioned_countries.all()),
        ),
        Column(
            "mentioned_country_names",
            "string",
            "Their names",
            lambda s: many(str(c) for c in s.mentioned_countries.all()),
        ),
        Column("summary", "string", "Summary", lambda s: s.summary),
        Column("text", "string", "Full text (or excerpt)", lambda s: s.text),
        Column(
            "text_is_excerpt",
            "boolean",
            "true when only a passage is known",
            lambda s: s.text_is_excerpt,
        ),
        Column(
            "source_urls", "string", "Sources' URLs", lambda s: many(x.url for x in s.sources.all())
        ),
        Column(
            "source_titles",
            "string",
            "Sources' titles",
            lambda s: many(x.title for x in s.sources.all()),
        ),
        Column(
            "source_publishers",
            "string",
            "Sources' publishers",
            lambda s: many(x.publisher for x in s.sources.all()),
        ),
    ]


def agreement_columns(base):
    def parties(record):
        return list(record.parties.all())

    def party_names(record):
        names = []
        for party in parties(record):
            organisation = (
                party.organisation
                if party.organisation and party.organisation.is_published
                else None
            )
            names.append(organisation.name if organisation else str(party.country or ""))
        return many(names)

    return [
        Column("id", "integer", "Demarche's id of the agreement", lambda a: a.pk, "2"),
        Column("url", "string", "Permanent URL of the agreement", permanent_url(base)),
        Column("title", "string", "Title", lambda a: a.title),
        Column("kind", "string", "mou, agreement, joint_statement, …", lambda a: a.kind),
        Column(
            "status",
            "string",
            "proposed, signed, in_force or expired",
            lambda a: a.agreement_status,
        ),
        *partial_date_columns("date_signed", "signed", "Date signed, empty when not known"),
        Column("city", "string", "Where it was signed", lambda a: a.city),
        Column(
            "signed_in_code",
            "string",
            "Alpha-2 code of the country where signed",
            lambda a: a.signed_in_id or "",
        ),
        Column(
            "party_country_codes",
            "string",
            "Parties' countries (a party organisation's own country when the party has none)",
            lambda a: many(party.public_country or "" for party in parties(a)),
        ),
        Column("party_names", "string", "Parties, in order", party_names),
        Column(
            "event_slug",
            "string",
            "Event's slug",
            lambda a: a.public_event.slug if a.public_event else "",
        ),
        Column(
            "theme_slugs",
            "string",
            "Themes, by slug",
            lambda a: many(t.slug for t in a.themes.all()),
        ),
        Column(
            "theme_names",
            "string",
            "Themes, by name",
            lambda a: many(t.name for t in a.themes.all()),
        ),
        Column("summary", "string", "Summary", lambda a: a.summary),
        Column("text", "string", "Text", lambda a: a.text),
        Column(
            "source_urls", "string", "Sources' URLs", lambda a: many(x.url for x in a.sources.all())
        ),
        Column(
            "source_titles",
            "string",
            "Sources' titles",
            lambda a: many(x.title for x in a.sources.all()),
        ),
    ]


def event_columns(base):
    return [
        Column("id", "integer", "Demarche's id of the event", lambda e: e.pk),
        Column("url", "string", "Permanent URL of the event", permanent_url(base)),
        Column("slug", "string", "Slug", lambda e: e.slug),
        Column("name", "string", "Name", lambda e: e.name),
        Column("kind", "string", "session, meeting, visit, …", lambda e: e.kind),
        *partial_date_columns("start_date", "start", "First day"),
        *partial_date_columns("end_date", "end", "Last day, empty for a one-day event"),
        Column("city", "string", "City", lambda e: e.city),
        Column(
            "host_country_code",
            "string",
            "Alpha-2 code of the host",
            lambda e: e.host_country_id or "",
        ),
        Column("attendance", "string", "in_person, virtual or hybrid", lambda e: e.attendance),
        Column(
            "forum_slug",
            "string",
            "Forum's slug",
            lambda e: e.forum.slug if e.forum and e.forum.is_published else "",
        ),
        Column(
            "participating_country_codes",
            "string",
            "Participating countries",
            lambda e: many(c.code for c in e.participating_countries.all()),
        ),
        Column("description", "string", "Description", lambda e: e.description),
        Column(
            "source_urls", "string", "Sources' URLs", lambda e: many(x.url for x in e.sources.all())
        ),
    ]


def actor_columns(base):
    return [
        Column("id", "integer", "Demarche's id of the actor", lambda a: a.pk),
        Column("url", "string", "Permanent URL of the actor", permanent_url(base)),
        Column("slug", "string", "Slug", lambda a: a.slug),
        Column("name", "string", "Name", lambda a: a.name),
        Column("original_name", "string", "Name in the original script", lambda a: a.original_name),
        Column(
            "original_name_language",
            "string",
            "ISO 639-1 code of that name",
            lambda a: a.original_name_language,
        ),
        Column("other_names", "string", "Other names", lambda a: many(a.all_other_names)),
        Column("kind", "string", "person, ministry, agency, …", lambda a: a.kind),
        Column(
            "country_code", "string", "Alpha-2 code of its country", lambda a: a.country_id or ""
        ),
        Column(
            "parent_slug",
            "string",
            "Parent organisation's slug",
            lambda a: a.parent.slug if a.parent and a.parent.is_published else "",
        ),
        Column("wikidata_id", "string", "Wikidata id", lambda a: a.wikidata_id),
        Column(
            "source_urls", "string", "Sources' URLs", lambda a: many(x.url for x in a.sources.all())
        ),
    ]


def dated(when):
    return {"date": when.iso, "precision": when.precision} if when else None


def country_ref(country):
    return {"code": country.code, "name": str(country)} if country else None


def ref(record, base, name_field="name"):
    """A published related record as a small object; None when it is not published."""
    if record is None or not record.is_published:
        return None
    return {
        "id": record.pk,
        "slug": record.slug,
        "name": getattr(record, name_field),
        "url": base + record.get_absolute_url(),
    }


def sources_of(record):
    return [
        {
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
            "published": dated(source.published),
            "accessed": source.accessed_on.isoformat() if source.accessed_on else None,
        }
        for source in record.sources.all()
    ]


def themes_of(record):
    return [{"slug": theme.slug, "name": theme.name} for theme in record.themes.all()]


def statement_document(statement, base):
    speaker = ref(statement.speaker, base)
    if speaker:
        speaker["title_on_the_day"] = statement.speaker_title
    return {
        "id": statement.pk,
        "url": base + statement.get_absolute_url(),
        "title": statement.title,
        "date": dated(statement.when),
        "kind": statement.kind,
        "language": statement.language or None,
        "speaker": speaker,
        "country": country_ref(statement.country),
        "on_behalf_of_group": ref(statement.on_behalf_of_actor, base),
        "event": ref(statement.event, base),
        "forum": ref(statement.forum, base),
        "themes": themes_of(statement),
        "mentioned_countries": [country_ref(c) for c in statement.mentioned_countries.all()],
        "summary": statement.summary,
        "text": statement.text,
        "text_is_excerpt": statement.text_is_excerpt,
        "sources": sources_of(statement),
    }


def agreement_document(agreement, base):
    return {
        "id": agreement.pk,
        "url": base + agreement.get_absolute_url(),
        "title": agreement.title,
        "kind": agreement.kind,
        "status": agreement.agreement_status,
        "date_signed": dated(agreement.signed),
        "city": agreement.city,
        "signed_in": country_ref(agreement.signed_in),
        "parties": [
            {
                "country": country_ref(party.country),
                "organisation": ref(party.organisation, base),
                "signatory": ref(party.signatory, base),
                "signatory_title": party.signatory_title
                if party.signatory and party.signatory.is_published
                else "",
            }
            for party in agreement.parties.all()
        ],
        "event": ref(agreement.event, base),
        "themes": themes_of(agreement),
        "summary": agreement.summary,
        "text": agreement.text,
        "sources": sources_of(agreement),
    }


def event_document(event, base):
    return {
        "id": event.pk,
        "url": base + event.get_absolute_url(),
        "slug": event.slug,
        "name": event.name,
        "kind": event.kind,
        "start": dated(event.start),
        "end": dated(event.end),
        "city": event.city,
        "host_country": country_ref(event.host_country),
        "attendance": event.attendance,
        "forum": ref(event.forum, base),
        "participating_countries": [country_ref(c) for c in event.participating_countries.all()],
        "description": event.description,
        "sources": sources_of(event),
    }


def actor_document(actor, base):
    return {
        "id": actor.pk,
        "url": base + actor.get_absolute_url(),
        "slug": actor.slug,
        "name": actor.name,
        "original_name": actor.original_name,
        "original_name_language": actor.original_name_language or None,
        "other_names": actor.all_other_names,
        "kind": actor.kind,
        "country": country_ref(actor.country),
        "parent": ref(actor.parent, base),
        "wikidata_id": actor.wikidata_id or None,
        "sources": sources_of(actor),
    }


def published_sources():
    return Prefetch("sources", queryset=Source.objects.published().order_by("id"))


def published_themes():
    return Prefetch("themes", queryset=Theme.objects.published().order_by("name"))


@dataclass
class Export:
    """What one list exports: its FilterSet, the related data each row needs, its columns."""

    name: str
    filterset_class: type
    prepare: object  # queryset → queryset with its relations
    columns: object  # base URL → [Column] of the CSV
    document: object  # (record, base URL) → dict for the JSON


EXPORTS = {
    "statements": Export(
        "statements",
        StatementFilterSet,
        lambda qs: qs.select_related(
            "speaker", "country", "on_behalf_of_actor", "event", "forum"
        ).prefetch_related(published_themes(), "mentioned_countries", published_sources()),
        statement_columns,
        statement_document,
    ),
    "agreements": Export(
        "agreements",
        AgreementFilterSet,
        lambda qs: qs.select_related("event", "signed_in").prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related(
                    "country", "organisation", "signatory"
                ),
            ),
            published_themes(),
            published_sources(),
        ),
        agreement_columns,
        agreement_document,
    ),
    "events": Export(
        "events",
        EventFilterSet,
        lambda qs: qs.select_related("forum", "host_country").prefetch_related(
            "participating_countries", published_sources()
        ),
        event_columns,
        event_document,
    ),
    "actors": Export(
        "actors",
        ActorFilterSet,
        lambda qs: qs.select_related("country", "parent").prefetch_related(published_sources()),
        actor_columns,
        actor_document,
    ),
}


def records(queryset):
    """The rows of `queryset`, read through a cursor in chunks, related data per chunk."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Plan for reading every row, not the first 10% (the default for cursors).
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL cursor_tuple_fraction = 1")
        yield from queryset.iterator(chunk_size=CHUNK_SIZE)


def cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return SEPARATOR.join(neutralise(str(item)) for item in value)
    if isinstance(value, str):
        return neutralise(value)
    return value


def csv_lines(queryset, columns):
    """The CSV file, line by line, as UTF-8 bytes: a header, then a row per record."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush():
        data = buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
        return data

    writer.writerow([column.name for column in columns])
    yield flush()
    for record in records(queryset):
        writer.writerow([cell(column.value(record)) for column in columns])
        yield flush()


def json_chunks(queryset, document, about):
    """The JSON document `{"about": {...}, "results": [record, ...]}`, in pieces."""
    yield '{"about": ' + json.dumps(about, ensure_ascii=False) + ', "results": ['
    separator = "\n"
    for record in records(queryset):
        yield separator + json.dumps(document(record), ensure_ascii=False)
        separator = ",\n"
    yield "\n]}\n"


def file_name(export_name, filterset, extension, today=None):
    """demarche-statements-IR-digital-divide-2026-11-23.csv: what was exported, and when."""
    parts = ["demarche", export_name]
    for name, value in filterset.form.cleaned_data.items():
        if name in ("sort",) or value in (None, [], ""):
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if name == "q":
                parts.append("search")
            elif hasattr(item, "code"):
                parts.append(item.code)  # country codes keep their capitals
            else:
                key = getattr(item, "slug", None) or getattr(item, "iso", None) or str(item)
                parts.append(slugify(key)[:40])
    parts.append((today or datetime.date.today()).isoformat())
    name = "-".join(part for part in parts if part)
    return f"{name[:150]}.{extension}"
