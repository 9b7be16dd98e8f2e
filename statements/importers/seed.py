"""Loading curated data into Demarche.

The seed loader reads `data/seed.toml`, the curated dataset built from the five documents
Demarche was conceived from. Every record goes through the model's own validation
(`full_clean`), the same rules the admin applies.
"""

import tomllib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import derived
from ..models import (
    Actor,
    Agreement,
    AgreementParty,
    Country,
    Event,
    Forum,
    Role,
    SeededRecord,
    Source,
    Statement,
    Status,
    Theme,
)

SEED_FILE = Path(__file__).resolve().parent.parent / "data" / "seed.toml"


class SeedError(Exception):
    pass


class Section:
    """How one table of the seed file becomes records of one model."""

    def __init__(self, name, model, refs=(), countries=(), dates=None, m2m_countries=()):
        self.name = name
        self.model = model
        self.refs = dict(refs)  # field → model of the seed entry it names
        self.countries = countries  # fields holding an alpha-2 code
        self.dates = dates or {}  # seed key → EDTF date field
        self.m2m_countries = m2m_countries


SECTIONS = [
    Section("sources", Source, dates={"published": "published_on"}),
    Section("forums", Forum, refs={"parent": Forum}),
    Section("actors", Actor, refs={"parent": Actor}, countries=("country",)),
    Section(
        "roles",
        Role,
        refs={"person": Actor, "organisation": Actor},
        dates={"start": "start_date", "end": "end_date"},
    ),
    Section(
        "events",
        Event,
        refs={"forum": Forum, "part_of": Event},
        countries=("host_country",),
        dates={"start": "start_date", "end": "end_date"},
        m2m_countries=("participating_countries",),
    ),
    Section(
        "statements",
        Statement,
        refs={"speaker": Actor, "on_behalf_of_actor": Actor, "event": Event, "forum": Forum},
        countries=("on_behalf_of_country",),
        dates={"date": "date"},
        m2m_countries=("mentioned_countries",),
    ),
    Section(
        "agreements",
        Agreement,
        refs={"event": Event},
        countries=("signed_in",),
        dates={"signed": "signed_on"},
    ),
]


class SeedLoader:
    def __init__(self):
        self.loaded = {entry.key: entry.object_id for entry in SeededRecord.objects.order_by("key")}
        self.created = {}

    def load(self, data):
        fresh = set()
        for section in SECTIONS:
            for entry in data.get(section.name, []):
                if entry["key"] not in self.loaded:
                    self.load_entry(section, dict(entry))
                    fresh.add(entry["key"])
        entries = {
            entry["key"]: (section, entry)
            for section in SECTIONS
            for entry in data.get(section.name, [])
        }
        for correction in data.get("corrections", []):
            if correction["key"] in self.loaded and correction["key"] not in fresh:
                self.correct(*entries[correction["key"]], correction["was"])
        return self.created

    def correct(self, section, entry, was):
        """Give a record loaded from an earlier seed its entry's values of the fields the
        entry has since corrected, when it still holds all of the values they `was`: a record
        a curator has edited since keeps the edit."""
        key = entry["key"]
        record = section.model.objects.filter(pk=self.loaded[key]).first()
        if record is None:  # deleted since: the deletion stands
            return
        if any(
            self.stored(section, record, name) != self.seeded(section, name, value, key)
            for name, value in was.items()
        ):
            return
        related = {}
        for name, old in was.items():
            value = entry.get(name, [] if isinstance(old, list) else "")
            if name == "sources":
                related["sources"] = self.resolve_all(value, Source, key)
            else:
                self.set_value(section, record, name, value, key)
        self.validate(record, key)
        with derived.changing(record):
            record.save_with_relations(related, "Corrected from the seed dataset")
        if problems := record.publication_problems():
            raise SeedError(f"{key} cannot be published: {' '.join(problems)}")
        self.created.setdefault("corrected", []).append(record)

    def stored(self, section, record, name):
        """The record's value of the seed field `name`, as the seed writes it."""
        if name in section.dates:
            return getattr(record, section.dates[name])
        if name in section.refs or name in section.countries:
            return getattr(record, f"{name}_id")
        if name == "sources":
            return set(record.sources.values_list("pk", flat=True))
        return getattr(record, name)

    def seeded(self, section, name, value, key):
        """A seed value of the field `name`, as `stored()` reads it from a record."""
        if name in section.refs:
            return self.resolve(value, section.refs[name], key).pk if value else None
        if name in section.countries:
            return value or None
        if name == "sources":
            return {source.pk for source in self.resolve_all(value, Source, key)}
        if name == "other_names":
            return "\n".join(value)
        return value

    def load_entry(self, section, entry):
        key = entry.pop("key")
        sources = entry.pop("sources", [])
        themes = entry.pop("themes", [])
        parties = entry.pop("parties", [])
        m2m_countries = {field: entry.pop(field, []) for field in section.m2m_countries}
        record = section.model(status=Status.PUBLISHED)
        for name, value in entry.items():
            self.set_value(section, record, name, value, key)
        self.validate(record, key)
        related = {field: self.countries(codes, key) for field, codes in m2m_countries.items()}
        if sources:
            related["sources"] = self.resolve_all(sources, Source, key)
        if themes:
            related["themes"] = self.themes(themes, key)
        with derived.changing(record):
            record.save_with_relations(related, "Loaded from the seed dataset")
            for position, party in enumerate(parties):
                self.add_party(record, party, position, key)
        if problems := record.publication_problems():
            raise SeedError(f"{key} cannot be published: {' '.join(problems)}")
        SeededRecord.objects.create(key=key, model=section.model.__name__, object_id=record.pk)
        self.loaded[key] = record.pk
        self.created.setdefault(section.name, []).append(record)

    def set_value(self, section, record, name, value, key):
        if value == "" and (name in section.refs or name in section.countries):
            setattr(record, name, None)
        elif name in section.dates:
            setattr(record, section.dates[name], value)
        elif name in section.refs:
            setattr(record, name, self.resolve(value, section.refs[name], key))
        elif name in section.countries:
            setattr(record, name, self.country(value, key))
        elif name == "other_names":
            record.other_names = "\n".join(value)
        elif hasattr(record, name):
            setattr(record, name, value)
        else:
            raise SeedError(f"{key}: {section.model.__name__} has no field {name!r}.")

    def add_party(self, agreement, party, position, key):
        record = AgreementParty(agreement=agreement, position=position)
        if "country" in party:
            record.country = self.country(party["country"], key)
        for field in ("organisation", "signatory"):
            if field in party:
                setattr(record, field, self.resolve(party[field], Actor, key))
        self.validate(record, key)
        record.save()

    def resolve(self, ref, model, key):
        if ref not in self.loaded:
            raise SeedError(f"{key} refers to {ref}, which is not loaded (yet).")
        try:
            return model.objects.get(pk=self.loaded[ref])
        except model.DoesNotExist:
            raise SeedError(f"{key} refers to {ref}, whose record was deleted.") from None

    def resolve_all(self, refs, model, key):
        return [self.resolve(ref, model, key) for ref in refs]

    def themes(self, slugs, key):
        themes = list(Theme.objects.filter(slug__in=slugs))
        if missing := set(slugs) - {theme.slug for theme in themes}:
            raise SeedError(f"{key} names unknown themes: {', '.join(sorted(missing))}.")
        return themes

    def countries(self, codes, key):
        countries = list(Country.objects.filter(code__in=codes))
        if missing := set(codes) - {country.code for country in countries}:
            raise SeedError(f"{key} names unknown countries: {', '.join(sorted(missing))}.")
        return countries

    def country(self, code, key):
        return self.countries([code], key)[0]

    @staticmethod
    def validate(record, key):
        try:
            record.full_clean()
        except ValidationError as error:
            raise SeedError(f"{key} is not valid: {error.message_dict}") from None


def load_seed(path=SEED_FILE):
    """Load the entries of the seed file not loaded before; all of them or none.

    Returns the records created, by section.
    """
    with open(path, "rb") as seed:
        return load_data(tomllib.load(seed))


def load_data(data):
    """Load the entries of seed `data` (a seed file as read) not loaded before, and its
    corrections; all of it or none."""
    with transaction.atomic(), derived.batch():
        return SeedLoader().load(data)
