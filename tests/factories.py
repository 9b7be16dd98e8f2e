"""Small helpers that make valid, published records; pass keyword arguments to vary them.

Each keeps what derives from the record it made (statements/derived.py), as every path that
changes records does."""

import datetime
import itertools

import pytest
from django.db import transaction

from statements import derived
from statements.models import (
    Actor,
    Agreement,
    AgreementParty,
    Country,
    Event,
    Forum,
    Role,
    Source,
    Sourced,
    Statement,
    Status,
    Theme,
)

counter = itertools.count(1)
DEFAULT_SOURCE = "Default report"
DEFAULT_SPEAKER = "Default Speaker"


def made(record, **relations):
    """`record` saved with its many-to-many `relations` ({name: records}) as one entry of its
    history, its sources defaulting to one reused report, and what derives from it kept."""
    if isinstance(record, Sourced):
        relations.setdefault("sources", [default_source()])
    record.save_with_relations(relations)
    derived.after(record)
    return record


def default_source():
    """The source of records made without one: one report per test, reused."""
    return Source.objects.filter(title=DEFAULT_SOURCE).first() or make_source(title=DEFAULT_SOURCE)


def make_source(**kwargs):
    n = next(counter)
    kwargs.setdefault("title", f"Report {n}")
    kwargs.setdefault("url", f"https://news.example/report-{n}")
    kwargs.setdefault("published_on", "2025-04-12")
    kwargs.setdefault("language", "en")
    kwargs.setdefault("kind", Source.Kind.NEWS_REPORT)
    kwargs.setdefault("status", Status.PUBLISHED)
    return made(Source(**kwargs))


def make_forum(sources=None, **kwargs):
    kwargs.setdefault("name", f"Forum {next(counter)}")
    kwargs.setdefault("kind", Forum.Kind.COMMISSION)
    kwargs.setdefault("status", Status.PUBLISHED)
    return made(Forum(**kwargs), **with_sources(sources))


def with_sources(sources):
    return {} if sources is None else {"sources": sources}


def make_actor(sources=None, **kwargs):
    kwargs.setdefault("name", f"Ministry {next(counter)}")
    kwargs.setdefault("kind", Actor.Kind.MINISTRY)
    if "country" not in kwargs:
        kwargs.setdefault("country_id", "IR")
    kwargs.setdefault("status", Status.PUBLISHED)
    return made(Actor(**kwargs), **with_sources(sources))


def make_person(**kwargs):
    kwargs.setdefault("name", f"Person {next(counter)}")
    kwargs.setdefault("kind", Actor.Kind.PERSON)
    return make_actor(**kwargs)


def default_speaker():
    """The speaker of statements made without one: one person per test, reused."""
    return Actor.objects.filter(name=DEFAULT_SPEAKER).first() or make_person(name=DEFAULT_SPEAKER)


def make_role(person, sources=None, **kwargs):
    """A role held from 2020 on, unless its dates are given."""
    kwargs.setdefault("title", f"Head of Office {next(counter)}")
    kwargs.setdefault("start_date", "2020")
    kwargs.setdefault("status", Status.PUBLISHED)
    return made(Role(person=person, **kwargs), **with_sources(sources))


def make_event(sources=None, **kwargs):
    kwargs.setdefault("name", f"Session {next(counter)}")
    kwargs.setdefault("kind", Event.Kind.SESSION)
    kwargs.setdefault("start_date", "2025-04-07")
    kwargs.setdefault("end_date", "2025-04-11")
    kwargs.setdefault("status", Status.PUBLISHED)
    return made(Event(**kwargs), **with_sources(sources))


def make_statement(themes=(), mentioned_countries=(), sources=None, **kwargs):
    kwargs.setdefault("title", f"Statement {next(counter)}")
    if "speaker" not in kwargs and "speaker_id" not in kwargs:
        kwargs["speaker"] = default_speaker()
    kwargs.setdefault("date", "2025-04-08")
    kwargs.setdefault("kind", Statement.Kind.SPEECH)
    kwargs.setdefault("verification", Statement.Verification.REPORTED)
    kwargs.setdefault("language", "en")
    kwargs.setdefault("status", Status.PUBLISHED)
    relations = {"themes": themes, "mentioned_countries": mentioned_countries}
    return made(Statement(**kwargs), **relations, **with_sources(sources))


def make_agreement(parties=("IR", "CU"), themes=(), sources=None, **kwargs):
    kwargs.setdefault("title", f"Memorandum {next(counter)}")
    kwargs.setdefault("kind", Agreement.Kind.MOU)
    kwargs.setdefault("agreement_status", Agreement.AgreementStatus.SIGNED)
    kwargs.setdefault("signed_on", "2024-11-24")
    kwargs.setdefault("status", Status.PUBLISHED)
    agreement = made(Agreement(**kwargs), themes=themes, **with_sources(sources))
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, country_id=code, position=position)
        for position, code in enumerate(parties)
    )
    derived.after(agreement)  # the countries its parties bind
    return agreement


def theme(slug):
    return Theme.objects.get(slug=slug)


def make_theme(**kwargs):
    kwargs.setdefault("name", f"Theme {next(counter)}")
    kwargs.setdefault("status", Status.PUBLISHED)
    return made(Theme(**kwargs))


def make_record(model, status=Status.PUBLISHED):
    """A valid record of any model the admin registers: a curated one in `status`, ready to be
    published (sources, parties), and any other with its required fields filled in."""
    curated = {
        Theme: lambda: make_theme(status=status),
        Source: lambda: make_source(status=status),
        Forum: lambda: make_forum(status=status),
        Actor: lambda: make_actor(status=status),
        Role: lambda: make_role(make_person(), status=status),
        Event: lambda: make_event(status=status),
        Statement: lambda: make_statement(status=status),
        Agreement: lambda: make_agreement(parties=("IR", "CU", "RS"), status=status),
    }
    if model in curated:
        return curated[model]()
    if model is Country:
        return Country.objects.get(code="IR")
    return make_row(model)


def make_row(model):
    """A row of a model no factory knows (another app's), its required fields filled in."""
    values = {}
    for field in model._meta.concrete_fields:
        optional = field.null or field.has_default() or field.blank and not field.is_relation
        if field.auto_created or optional or getattr(field, "auto_now_add", False):
            continue
        values[field.name] = value_for(field)
    return model._default_manager.create(**values)


def value_for(field):
    n = next(counter)
    if field.is_relation:
        return make_record(field.related_model)
    if field.choices:
        return field.choices[0][0]
    kind = field.get_internal_type()
    values = {
        "BooleanField": False,
        "GenericIPAddressField": "192.0.2.1",
        "DateTimeField": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        "DateField": datetime.date(2026, 1, 1),
        "JSONField": {},
    }
    if kind in values:
        return values[kind]
    if "Integer" in kind:
        return n
    return f"{field.name}-{n}"[: field.max_length]


def add_party(agreement, **fields):
    """A party added to `agreement`, kept as every path keeps it (derived.py)."""
    fields.setdefault("position", agreement.parties.count())
    party = AgreementParty(agreement=agreement, **fields)
    with derived.changing(party):
        party.save()
    return party


def change(record, **fields):
    """`record` with `fields` changed and saved, as every path that changes records does."""
    with derived.changing(record):
        for name, value in fields.items():
            setattr(record, name, value)
        record.save()
    return record


def relate(record, **relations):
    """`record`'s many-to-many `relations` set ({name: records}), kept as every path keeps
    them (derived.py)."""
    with derived.changing(record):
        for name, records in relations.items():
            getattr(record, name).set(records)
    return record


def built_once(build):
    """A fixture of data a module's tests only read: built once for the module (on each
    worker), inside a transaction rolled back after its last test; each test still runs in a
    savepoint of its own."""

    @pytest.fixture(scope="module")
    def data(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock(), transaction.atomic():
            yield build()
            transaction.set_rollback(True)

    return data
