"""What a change to a record sets off: the data derived from records, each kept in step here.

Every path that changes records calls `changing()` around the change (or `before()` and
`after()` on either side of it, or `added()` after new records written together): the admin,
the importer, the workflow's moves and the seed loader. Inside a `batch()` each datum is
kept once, for every record changed, when the batch ends; all of it in the change's own
transaction, so that no reader sees a record out of step with what derives from it. A
change made any other way (raw SQL, `queryset.update()`, the synthetic data's bulk load)
keeps nothing: `manage.py keep_export_cells` and `manage.py keep_agreement_countries`
compute those again.

Each derived datum, where it is kept, and what keeps it:

- search text, in `search_document` of statements, agreements, events and actors (which
  the database indexes: a generated tsvector on PostgreSQL, FTS5 triggers on SQLite):
  `Searchable.save()` from the record's own text; `keep_spoken_by()` here when a
  statement's speaker's names change;
- a title on the day, in `Statement.speaker_title` and `AgreementParty.signatory_title`:
  `Statement.fill_derived_fields()` and `AgreementParty.save()`, once, when left empty,
  from the person's published role on that date;
- a statement's country, in `Statement.country`: `Statement.fill_derived_fields()` from its
  on-behalf-of country, else its published speaker's; `keep_spoken_by()` here when the
  speaker's country or status changes;
- a statement's forum, in `Statement.forum`: `Statement.fill_derived_fields()` from its
  event; `keep_held_at()` here when the event moves to another forum;
- the countries an agreement binds, in `AgreementCountry`: `agreement_countries.keep()`,
  from its parties and their published organisations;
- a statement's export cells, in `StatementExportCells` on PostgreSQL: `exports.cells.keep()`,
  from its sources and mentioned countries and the sources' fields;
- the counts of the home page and the hubs, in `CachedCounts`: `counts.forget()`, once per
  transaction, when it commits;
- the public pages kept for everyone, under `DataGeneration`: `page_cache.move_generation()`,
  once per transaction that changes a record the public sees or saw;
- the days an EDTF date may stand for, in `<date>_earliest` and `<date>_latest`:
  `Curated.keep_date_bounds()`, on every save, from the record's own date;
- a source's kept document, in the storage (`SourceCopy.file`): deleted with the source once
  the deletion commits, here (`forget_the_copy()`); a replaced one by the source's form;
- the earlier slugs of an actor, event, forum or theme, in `FormerSlug`:
  `Slugged.keep_former_slug()`, when a save changes the slug.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import OuterRef, Subquery

from . import agreement_countries, counts, page_cache
from .exports import cells
from .models import (
    Actor,
    Agreement,
    AgreementParty,
    Curated,
    Event,
    Source,
    SourceCopy,
    Statement,
)
from .querysets import Status

local = threading.local()


@dataclass
class Work:
    """What a batch of changes leaves to keep."""

    counts: bool = False
    public: bool = False  # whether what the public sees changed
    spoken_by: set = field(default_factory=set)  # actors whose statements follow them
    held_at: set = field(default_factory=set)  # events whose statements follow their forum
    agreements: set = field(default_factory=set)  # whose bound countries are kept
    statements: set = field(default_factory=set)  # whose export cells are kept


@contextmanager
def batch():
    """Keep what the changes made inside derive, once each, at the end (nothing if the block
    fails or its transaction is to be rolled back). Batches inside a batch join it."""
    if getattr(local, "work", None) is not None:
        yield
        return
    local.work = Work()
    try:
        yield
        connection = transaction.get_connection()
        if not (connection.in_atomic_block and connection.needs_rollback):
            keep(local.work)
    finally:
        local.work = None


@contextmanager
def changing(*records):
    """Around a change to `records` (saved, their relations or parties set, deleted)."""
    stored = [(record, before(record)) for record in records]
    with batch():
        yield
        for record, was in stored:
            after(record, was)


def before(record):
    """What of `record`, as stored, its change may leave behind: read before the change."""
    if record.pk is None:
        return {}
    if isinstance(record, Actor):
        fields = ("search_document", "status", "country_id")
        return Actor.objects.filter(pk=record.pk).values(*fields).first() or {}
    was = {}
    if isinstance(record, Curated):
        stored = type(record).objects.filter(pk=record.pk)
        was["status"] = stored.values_list("status", flat=True).first()
    if isinstance(record, Source):
        was["statements"] = set(cells.citing_ids(record))
        copy = SourceCopy.objects.filter(source=record).values_list("file", flat=True)
        was["copy"] = copy.first()
    if isinstance(record, AgreementParty):
        stored = AgreementParty.objects.filter(pk=record.pk)
        was["agreement"] = stored.values_list("agreement_id", flat=True).first()
    return was


def after(record, was=None, exists=None):
    """`record` has changed (or gone), from what `before()` read of it: note what follows.
    `exists`: whether it is still stored, when the caller knows (else it is read)."""
    was = was or {}
    with batch():
        work = local.work
        work.counts = True
        # A draft the public never saw, and still does not see, changes no public page.
        if not isinstance(record, Curated) or Status.PUBLISHED in (
            record.status,
            was.get("status"),
        ):
            work.public = True
        if exists is None:
            exists = type(record).objects.filter(pk=record.pk).exists()
        if isinstance(record, Statement) and exists:
            work.statements.add(record.pk)
        elif isinstance(record, Source):
            citing = set(cells.citing_ids(record)) if exists else set()
            work.statements |= citing | was.get("statements", set())
            if not exists and was.get("copy"):
                forget_the_copy(was["copy"])
        elif isinstance(record, Actor) and exists:
            now = (record.search_document, record.status, record.country_id)
            if was and now != (was["search_document"], was["status"], was["country_id"]):
                work.spoken_by.add(record.pk)
            work.agreements |= set(
                AgreementParty.objects.filter(organisation=record).values_list(
                    "agreement_id", flat=True
                )
            )
        elif isinstance(record, Event) and exists:
            work.held_at.add(record.pk)
        elif isinstance(record, Agreement) and exists:
            work.agreements.add(record.pk)
        elif isinstance(record, AgreementParty):
            work.agreements |= {record.agreement_id, was.get("agreement")} - {None}


def added(records):
    """New `records`, written together without save() (an import's new rows): what follows
    from each, as after() notes it."""
    with batch():
        for record in records:
            after(record, exists=True)


def forget_the_copy(name):
    """A deleted source's kept document leaves the storage once the deletion commits."""
    storage = SourceCopy._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(name))


def keep(work):
    if work.spoken_by:
        keep_spoken_by(work.spoken_by)
    if work.held_at:
        keep_held_at(work.held_at)
    if work.agreements:
        agreement_countries.keep(work.agreements)
    if work.statements:
        cells.keep(Statement.objects.filter(pk__in=work.statements))
    if work.counts:
        counts.forget()
    if work.public:
        page_cache.move_generation()


def keep_spoken_by(actors):
    """The search text and country of the statements of `actors` (ids), whose names, country
    or status changed: statements are found by their speaker's names, and made for their
    speaker's country when no other, once the speaker is published."""
    statements = list(Statement.objects.filter(speaker__in=actors).select_related("speaker"))
    for statement in statements:
        statement.search_document = statement.search_text()
    Statement.objects.bulk_update(statements, ["search_document"], batch_size=500)
    published_speaker = Actor.objects.filter(pk=OuterRef("speaker"), status=Status.PUBLISHED)
    Statement.objects.filter(speaker__in=actors, on_behalf_of_country__isnull=True).update(
        country=Subquery(published_speaker.values("country")[:1])
    )


def keep_held_at(events):
    """The forum of the statements made at `events` (ids): their event's, where it has one."""
    forum = Event.objects.filter(pk=OuterRef("event")).values("forum")[:1]
    Statement.objects.filter(event__in=events, event__forum__isnull=False).exclude(
        forum=Subquery(forum)
    ).update(forum=Subquery(forum))
