"""The synthetic records, as unsaved model instances in the order they are loaded.

Every field that a model's save() derives is derived by the model's own methods
(`as_saved`), so a loaded record is the record save() would have written. Each kind of
record draws from its own random generator seeded with the run's seed, so the same seed
and counts give the same records on any database.
"""

import bisect
import calendar
import datetime
import itertools
import math
import random
from collections import defaultdict
from dataclasses import dataclass

from ..dates import Precision, edtf_of
from ..models import (
    Actor,
    Agreement,
    AgreementParty,
    Country,
    Event,
    Forum,
    Role,
    Source,
    Statement,
    Status,
    Theme,
    make_slug,
)
from .text import Prose, Vocabulary, words, zipf_weights

# Every synthetic source has a URL under this (reserved, never resolvable) address, and
# every other synthetic record cites a synthetic source: that is how they are recognised.
SYNTHETIC_URL = "https://synthetic.demarche.invalid/"

FIRST_YEAR, LAST_YEAR = 1995, 2026
CURATION_START = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
CURATION_SECONDS = 660 * 24 * 3600
REVIEW_SECONDS = 30 * 24 * 3600
COUNTRY_SKEW = 1.3  # the first five countries make about 60% of the statements
ACTOR_COUNTRY_SKEW = 1.0
FORUM_SKEW = 1.2

# Countries that speak and sign most, first; the others follow in an order set by the seed.
LEADING_COUNTRIES = words(
    "IR CN RU US CU IN BR RS ZA FR GB DE EG SA TR ID MX NG KR JP VE BY PK AR KZ"
)
CITIES = {
    "IR": "Tehran", "CN": "Beijing", "RU": "Moscow", "US": "Washington", "CU": "Havana",
    "IN": "New Delhi", "BR": "Brasília", "RS": "Belgrade", "ZA": "Pretoria", "FR": "Paris",
    "GB": "London", "DE": "Berlin", "EG": "Cairo", "SA": "Riyadh", "TR": "Ankara",
    "ID": "Jakarta", "MX": "Mexico City", "NG": "Abuja", "KR": "Seoul", "JP": "Tokyo",
    "CH": "Geneva", "AT": "Vienna", "KE": "Nairobi", "VE": "Caracas", "BY": "Minsk",
}  # fmt: skip
THEME_RANKS = [
    "ict-security", "digital-divide", "capacity-building", "internet-governance",
    "artificial-intelligence", "digital-economy", "telecommunications",
    "unilateral-coercive-measures", "e-government", "cultural-diversity-and-sovereignty",
    "digital-infrastructure", "satellites", "science-and-technology",
    "cloud-and-data-centres", "digital-development", "postal-services",
]  # fmt: skip

# (acronym, name, kind, parent acronym), parents first. Real bodies, then made-up ones.
REAL_FORUMS = [
    ("UNGA", "United Nations General Assembly", "principal_organ", None),
    ("ECOSOC", "United Nations Economic and Social Council", "principal_organ", None),
    ("CSTD", "Commission on Science and Technology for Development", "commission", "ECOSOC"),
    (
        "OEWG",
        "Open-ended Working Group on security of and in the use of information and "
        "communications technologies",
        "working_group",
        "UNGA",
    ),
    ("First Committee", "Disarmament and International Security Committee", "commission", "UNGA"),
    (
        "GGE",
        "Group of Governmental Experts on Advancing Responsible State Behaviour in Cyberspace",
        "working_group",
        "UNGA",
    ),
    ("HRC", "Human Rights Council", "commission", "UNGA"),
    ("UNCTAD", "United Nations Conference on Trade and Development", "other", "UNGA"),
    ("ITU", "International Telecommunication Union", "agency", None),
    ("UPU", "Universal Postal Union", "agency", None),
    ("UNESCO", "United Nations Educational, Scientific and Cultural Organization", "agency", None),
    ("WSIS", "World Summit on the Information Society", "summit", None),
    ("IGF", "Internet Governance Forum", "other", None),
    ("GPAI", "Global Partnership on Artificial Intelligence", "partnership", None),
    ("BRICS", "BRICS", "partnership", None),
    ("SCO", "Shanghai Cooperation Organisation", "partnership", None),
    ("NAM", "Non-Aligned Movement", "partnership", None),
    ("APT", "Asia-Pacific Telecommunity", "agency", None),
]
FORUM_POPULARITY = ["CSTD", "OEWG", "ITU", "WSIS", "IGF", "First Committee", "ECOSOC", "UNGA"]
SYNTHETIC_FORUMS = 20
# Records of the large stages are made in chunks, each from its own random generator, so
# that chunks can be made by parallel workers and still give the same records.
CHUNK = 10_000

GROUPS = [
    "Group of 77 and China",
    "Non-Aligned Movement",
    "African Group",
    "Arab Group",
    "European Union",
    "Association of Southeast Asian Nations",
    "Group of Latin American and Caribbean States",
    "Shanghai Cooperation Organisation",
]
GIVEN_NAMES = words(
    "Ali Mohammad Reza Hossein Mehdi Sattar Amir Zahra Maryam Fatemeh Carlos Ana María José "
    "Luis Elena Jorge Rosa Miguel Isabel Dragan Milica Nikola Jelena Marko Ivana Wei Li Jing "
    "Hui Ming Yan Olga Sergei Anna Dmitri Irina Pavel John Mary James Sarah David Emma Rajesh "
    "Priya Anil Sunita Thabo Naledi Sipho Amara Kwame Aisha Fatima Omar Youssef Layla Hana "
    "Kenji Yuki Min-jun Seo-yeon Pierre Claire Hans Greta Ahmet Elif Siti Budi Chidi Ngozi"
)
FAMILY_NAMES = words(
    "Rezaei Hosseini Mohammadi Ahmadi Hashemi Karimi Zarei Moradi Rodríguez González "
    "Fernández López Pérez Martínez Díaz Álvarez Jovanović Petrović Nikolić Marković Đorđević "
    "Wang Zhang Liu Chen Yang Huang Ivanov Smirnov Kuznetsov Popov Petrova Sokolova Smith "
    "Johnson Brown Miller Wilson Sharma Patel Singh Gupta Kumar Nkosi Dlamini Mokoena Mensah "
    "Okafor Adeyemi Haddad Mansour Khalil Farouk Tanaka Suzuki Sato Kim Lee Park Dubois "
    "Moreau Müller Schmidt Yılmaz Kaya Santoso Wijaya Nwosu Eze"
)
ROLE_TITLES = [
    "Minister of Information and Communications Technology",
    "Deputy Minister of Foreign Affairs",
    "Permanent Representative to the United Nations",
    "Permanent Representative to the United Nations Office at Geneva",
    "Ambassador",
    "Head of Delegation",
    "Director-General for International Affairs",
    "Head of the National Cyberspace Centre",
    "Spokesperson of the Ministry of Foreign Affairs",
    "Vice-President for Science and Technology",
    "Chair of the Telecommunications Regulatory Authority",
    "Counsellor",
]
MINISTRY_AREAS = [
    "Information and Communications Technology",
    "Foreign Affairs",
    "Science, Research and Technology",
    "Digital Development",
    "Telecommunications and Posts",
    "Economy",
    "Education",
    "Industry and Trade",
]
COMPANY_WORDS = ["Telecom", "Networks", "Systems", "Satellite", "Digital", "Data", "Cloud"]
PUBLISHERS = [
    "Meridian News Agency",
    "The Continental Review",
    "Harbour Press",
    "Northgate Times",
    "Official Gazette",
    "United Nations Meetings Coverage",
    "Ministry press office",
    "Global Tech Wire",
]
STATEMENT_OPENERS = {
    "speech": ("Statement by", "Mr. President, we"),
    "remarks": ("Remarks by", "We"),
    "written_submission": ("Submission of", "This submission"),
    "interview": ("Interview with", "We"),
    "op_ed": ("Op-ed by", "Our"),
    "press_release": ("Press release of", "The"),
}


class Choice:
    """Items drawn in proportion to their weights."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(itertools.accumulate(weights))

    @classmethod
    def of(cls, weights):
        return cls(weights.keys(), weights.values())

    @classmethod
    def zipf(cls, items, exponent):
        items = list(items)
        return cls(items, zipf_weights(len(items), 1, exponent))

    def pick(self, rng):
        return self.items[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def sample(self, rng, count):
        """`count` distinct items (fewer if there are fewer), in the order drawn."""
        chosen = {}
        while len(chosen) < min(count, len(self.items)):
            chosen[self.pick(rng)] = None
        return list(chosen)


PRECISION = Choice.of({Precision.DAY: 89, Precision.MONTH: 8, Precision.YEAR: 3})
# A few dates are uncertain or approximate, as sources give them.
QUALIFIER = Choice.of({"": 97, "?": 2, "~": 1})
VERIFICATION = Choice.of({"official_text": 30, "transcript": 10, "reported": 45, "summary": 15})
STATUS = Choice.of({Status.PUBLISHED: 90, Status.DRAFT: 7, Status.IN_REVIEW: 3})
MOSTLY_PUBLISHED = Choice.of({Status.PUBLISHED: 96, Status.DRAFT: 4})
LANGUAGE = Choice.of({"en": 70, "fr": 7, "es": 7, "ar": 5, "ru": 4, "zh": 3, "fa": 2, "": 2})
YEAR = Choice(range(FIRST_YEAR, LAST_YEAR + 1), [1.12**n for n in range(32)])
STATEMENT_KIND = Choice.of(
    {"speech": 45, "remarks": 15, "written_submission": 15, "interview": 8, "op_ed": 7,
     "press_release": 10}
)  # fmt: skip
AGREEMENT_KIND = Choice.of(
    {"mou": 40, "agreement": 20, "joint_statement": 15, "cooperation_document": 10,
     "roadmap": 8, "working_group": 7}
)  # fmt: skip
AGREEMENT_STATUS = Choice.of({"signed": 55, "in_force": 25, "expired": 10, "proposed": 10})
PARTIES = Choice.of({2: 85, 3: 8, 4: 4, 5: 3})
MAX_PARTIES = max(PARTIES.items)
SOURCES = Choice.of({1: 35, 2: 40, 3: 20, 4: 5})
THEMES = Choice.of({1: 35, 2: 40, 3: 20, 4: 5})
MENTIONS = Choice.of({0: 30, 1: 30, 2: 20, 3: 12, 4: 8})
SOURCE_KIND = Choice.of(
    {"news_report": 45, "official_document": 25, "transcript": 12, "press_release": 12,
     "blog": 4, "other": 2}
)  # fmt: skip
ORGANISATION_KIND = Choice.of(
    {"ministry": 30, "agency": 25, "company": 20, "ngo": 10, "academic": 10, "delegation": 5}
)


@dataclass(frozen=True)
class Counts:
    statements: int
    agreements: int
    actors: int
    events: int

    @property
    def sources(self):
        """Sources are shared: each is cited by four records or so."""
        return max(20, (self.statements + self.agreements) // 2)

    @property
    def words(self):
        return self.statements * 500 + self.agreements * 350 + self.events * 40


@dataclass
class Stage:
    """The records of one model (and those that hang on them), loaded together."""

    label: str
    model: type
    total: int
    chunk: object  # chunk number → iterable of (instance, {many-to-many field: [ids]})
    # Its chunks need nothing made by the stage itself: they may be made in any order.
    parallel: bool = False
    also: tuple = ()  # the other models whose records it makes

    @property
    def chunks(self):
        return range(math.ceil(self.total / CHUNK)) if self.parallel else range(1)

    def records(self):
        return itertools.chain.from_iterable(self.chunk(n) for n in self.chunks)


def chunk_ids(chunk, total):
    return range(chunk * CHUNK + 1, min(total, (chunk + 1) * CHUNK) + 1)


def as_saved(record):
    """The record with every field that its save() derives, derived by save()'s own step."""
    record.prepare_to_save()
    return record


def some_day(rng):
    year = YEAR.pick(rng)
    return datetime.date(year, 1, 1) + datetime.timedelta(
        rng.randrange(365 + calendar.isleap(year))
    )


def day_during(rng, event):
    period = event.period
    last = period.end or period.start
    return period.start + datetime.timedelta(rng.randrange((last - period.start).days + 1))


class World:
    """What later records refer to: countries, themes, and the records made so far."""

    def __init__(self, seed, counts):
        self.seed, self.counts = seed, counts
        self.vocabulary = Vocabulary()
        self.prose = Prose(self.vocabulary, self.rng("prose"), counts.words // 30)
        self.country_names = {country.code: str(country) for country in Country.objects.all()}
        self.countries = self.ranked_countries()
        self.country_choice = Choice.zipf(self.countries, COUNTRY_SKEW)
        themes = dict(Theme.objects.values_list("slug", "id"))
        ranked = [slug for slug in THEME_RANKS if slug in themes]
        ranked += sorted(set(themes) - set(ranked))
        self.theme_choice = Choice.zipf([themes[slug] for slug in ranked], 0.8)
        self.slugs = defaultdict(set)
        self.forums, self.events, self.groups = [], [], []
        self.persons = defaultdict(list)
        self.organisations = defaultdict(list)
        self.role_labels = {}

    def rng(self, name):
        return random.Random(f"{self.seed}:{name}")

    def ranked_countries(self):
        leading = [code for code in LEADING_COUNTRIES if code in self.country_names]
        others = sorted(set(self.country_names) - set(leading))
        self.rng("countries").shuffle(others)
        return leading + others

    def stages(self):
        counts = self.counts
        return [
            Stage("forums", Forum, len(REAL_FORUMS) + SYNTHETIC_FORUMS, self.all_forums),
            Stage("actors", Actor, counts.actors, self.actors, also=(Role,)),
            Stage("events", Event, counts.events, self.all_events),
            Stage("sources", Source, counts.sources, self.sources, parallel=True),
            Stage("statements", Statement, counts.statements, self.statements, parallel=True),
            Stage(
                "agreements",
                Agreement,
                counts.agreements,
                self.agreements,
                parallel=True,
                also=(AgreementParty,),
            ),
        ]

    # Shared pieces of records.

    def curated(self, rng, status=None):
        """The bookkeeping fields of a new curated record."""
        created = CURATION_START + datetime.timedelta(seconds=rng.randrange(CURATION_SECONDS))
        status = status or STATUS.pick(rng)
        # Published after up to a month in draft and review: not in the order of creation.
        review = datetime.timedelta(seconds=rng.randrange(REVIEW_SECONDS))
        published = created + review if status == Status.PUBLISHED else None
        return {
            "status": status,
            "created_at": created,
            "updated_at": published or created,
            "status_changed_at": published,
        }

    def cited(self, rng):
        return {
            "sources": sorted(
                {rng.randint(1, self.counts.sources) for _ in range(SOURCES.pick(rng))}
            )
        }

    def city(self, rng, code):
        return CITIES.get(code) or self.made_up(rng)

    def made_up(self, rng):
        """A made-up word of the texts, capitalised, for the name of a place or a body."""
        return rng.choice(self.vocabulary.made_up).capitalize()

    def unique(self, model, candidates):
        """The first of the candidates, (kind, name) pairs, whose slug no earlier record of
        `model` has; if every one is taken, the last one with its slug numbered, as
        Slugged.unique_slug() numbers it. Returns (kind, name, slug)."""
        taken = self.slugs[model]
        for candidate in candidates:
            kind, name = candidate
            base = make_slug(name)
            if base not in taken:
                break
        slug = next(
            s
            for s in itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
            if s not in taken
        )
        taken.add(slug)
        return kind, name, slug

    # Sources.

    def sources(self, chunk):
        rng = self.rng(f"sources:{chunk}")
        for source_id in chunk_ids(chunk, self.counts.sources):
            yield (
                as_saved(
                    Source(
                        id=source_id,
                        title=f"{self.vocabulary.heading(rng, rng.randint(3, 6))}",
                        author="" if rng.random() < 0.6 else self.person_name(rng),
                        publisher=rng.choice(PUBLISHERS),
                        url=f"{SYNTHETIC_URL}sources/{source_id}",
                        published_on=edtf_of(some_day(rng), PRECISION.pick(rng)),
                        accessed_on=None,
                        language=LANGUAGE.pick(rng) or "en",
                        kind=SOURCE_KIND.pick(rng),
                        **self.curated(rng, MOSTLY_PUBLISHED.pick(rng)),
                    )
                ),
                {},
            )

    # Forums: the real ones, then bilateral commissions and made-up partnerships.

    def all_forums(self, chunk):
        rng = self.rng("forums")
        by_acronym = {}
        for acronym, name, kind, parent in REAL_FORUMS:
            forum = self.forum(rng, name=name, acronym=acronym, kind=kind)
            forum.parent = by_acronym.get(parent)
            by_acronym[acronym] = forum
            yield forum, self.cited(rng)
        pairs = itertools.combinations(self.countries[:8], 2)
        for n in range(SYNTHETIC_FORUMS):
            if n % 2 == 0:
                first, second = (self.country_names[code] for code in next(pairs))
                name = f"{first}–{second} Joint Commission on Communications and ICT"
                forum = self.forum(rng, name=name, kind=Forum.Kind.BILATERAL)
            else:
                name = f"{self.made_up(rng)} Forum on {self.vocabulary.heading(rng, 2)}"
                forum = self.forum(rng, name=name, kind=Forum.Kind.PARTNERSHIP)
            yield forum, self.cited(rng)
        popular = [by_acronym[acronym] for acronym in FORUM_POPULARITY]
        self.forum_choice = Choice.zipf(
            popular + [forum for forum in self.forums if forum not in popular], FORUM_SKEW
        )

    def forum(self, rng, name, kind, acronym=""):
        _, _, slug = self.unique(Forum, [(kind, acronym or name)])
        forum = Forum(
            id=len(self.forums) + 1,
            name=name,
            acronym=acronym,
            kind=kind,
            slug=slug,
            description=self.prose.text(rng, rng.randint(15, 40), "The forum"),
            **self.curated(rng, Status.PUBLISHED),
        )
        self.forums.append(as_saved(forum))
        return forum

    # Actors: a few groups of states, then people (each with a role) and organisations.

    def actors(self, chunk):
        rng = self.rng("actors")
        country_choice = Choice.zipf(self.countries, ACTOR_COUNTRY_SKEW)
        groups = GROUPS[: self.counts.actors // 10]
        role_ids = itertools.count(1)
        for actor_id in range(1, self.counts.actors + 1):
            if actor_id <= len(groups):
                names = [("intergovernmental", groups[actor_id - 1])]
                actor = self.actor(rng, actor_id, names, None)
                self.groups.append(actor)
                yield actor, self.cited(rng)
                continue
            code = country_choice.pick(rng)
            if rng.random() < 0.75:
                actor = self.actor(rng, actor_id, self.person_names(rng), code)
                yield actor, self.cited(rng)
                yield self.role(rng, next(role_ids), actor), self.cited(rng)
                self.persons[code].append(actor)
            else:
                actor = self.actor(rng, actor_id, self.organisation_names(rng, code), code)
                yield actor, self.cited(rng)
                self.organisations[code].append(actor)

    def actor(self, rng, actor_id, names, code):
        """An actor named by the first of `names` ((kind, name) pairs) not taken yet."""
        kind, name, slug = self.unique(Actor, names)
        other_names = ""
        if kind == "person" and rng.random() < 0.1:
            given, _, family = name.partition(" ")
            other_names = f"{given[0]}. {family}"
        return as_saved(
            Actor(
                id=actor_id,
                name=name,
                slug=slug,
                kind=kind,
                country_id=code,
                other_names=other_names,
                **self.curated(rng, MOSTLY_PUBLISHED.pick(rng)),
            )
        )

    def person_names(self, rng):
        yield "person", self.person_name(rng)
        for _ in range(20):
            yield "person", self.person_name(rng, initial=True)

    def organisation_names(self, rng, code):
        for _ in range(20):
            kind = ORGANISATION_KIND.pick(rng)
            yield kind, self.organisation_name(rng, kind, code)

    def person_name(self, rng, initial=False):
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTVZ')}." if initial else ""
        return f"{rng.choice(GIVEN_NAMES)}{middle} {rng.choice(FAMILY_NAMES)}"

    def organisation_name(self, rng, kind, code):
        country = self.country_names[code]
        if kind == "ministry":
            return f"Ministry of {rng.choice(MINISTRY_AREAS)} of {country}"
        if kind == "agency":
            return f"{country} {self.made_up(rng)} Agency for {self.vocabulary.heading(rng, 2)}"
        if kind == "company":
            return f"{self.made_up(rng)} {rng.choice(COMPANY_WORDS)}"
        if kind == "ngo":
            return f"{self.made_up(rng)} Foundation for {self.vocabulary.heading(rng, 2)}"
        if kind == "academic":
            return f"{self.made_up(rng)} University of Technology"
        return f"Permanent Mission of {country} to the United Nations"

    def role(self, rng, role_id, person):
        organisations = self.organisations[person.country_id]
        role = Role(
            id=role_id,
            person=person,
            organisation=rng.choice(organisations) if organisations else None,
            title=rng.choice(ROLE_TITLES),
            # Undated, so the title holds on every date the person speaks or signs.
            start_date="",
            end_date="",
            **self.curated(rng, Status.PUBLISHED),
        )
        self.role_labels[person.id] = role.label
        return as_saved(role)

    # Events, in date order.

    def all_events(self, chunk):
        rng = self.rng("events")
        starts = sorted(some_day(rng) for _ in range(self.counts.events))
        for event_id, start in enumerate(starts, 1):
            event = self.event(rng, event_id, start)
            self.events.append(event)
            countries = self.country_choice.sample(rng, rng.randint(2, 30))
            if event.host_country_id and event.host_country_id not in countries:
                countries.append(event.host_country_id)
            yield event, {**self.cited(rng), "participating_countries": sorted(countries)}

    def event(self, rng, event_id, start):
        forum = self.forum_choice.pick(rng) if rng.random() < 0.7 else None
        host = self.country_choice.pick(rng)
        kind, name = self.event_name(rng, forum, host, start)
        kind, name, slug = self.unique(Event, [(kind, name)])
        precision = Precision.MONTH if rng.random() < 0.03 else Precision.DAY
        part_of = None
        earlier = [
            e for e in self.events[-20:] if e.forum_id and e.forum_id == getattr(forum, "id", 0)
        ]
        if earlier and rng.random() < 0.2:
            part_of = earlier[-1]
            start, precision = part_of.start_date_earliest, part_of.start.precision
        days = rng.randrange(6) if kind in ("session", "conference") and not part_of else 0
        return as_saved(
            Event(
                id=event_id,
                name=name,
                slug=slug,
                kind=kind,
                forum=forum,
                part_of=part_of,
                start_date=edtf_of(start, precision),
                end_date=(start + datetime.timedelta(days)).isoformat()
                if days and precision == "day"
                else "",
                city=self.city(rng, host),
                host_country_id=host,
                attendance=Choice.of({"in_person": 80, "hybrid": 15, "virtual": 5}).pick(rng),
                description=self.prose.text(rng, rng.randint(20, 60), "The meeting"),
                **self.curated(rng, MOSTLY_PUBLISHED.pick(rng)),
            )
        )

    def event_name(self, rng, forum, host, start):
        month = f"{calendar.month_name[start.month]} {start.year}"
        if forum is not None:
            label = forum.acronym or forum.name
            kind = rng.choice(["session", "session", "meeting", "working_group_meeting"])
            if kind == "session":
                return kind, f"{label} session, {month}"
            return kind, f"{label} {kind.replace('_', ' ')}, {self.city(rng, host)}, {month}"
        kind = rng.choice(["visit", "visit", "signing", "conference", "exhibition", "meeting"])
        visitor = self.country_names[self.country_choice.pick(rng)]
        if kind == "visit":
            return kind, f"{visitor} delegation visit to {self.country_names[host]}, {month}"
        topic = self.vocabulary.heading(rng, 2)
        return kind, f"{topic} {kind} in {self.city(rng, host)}, {month}"

    # Statements.

    def statements(self, chunk):
        rng = self.rng(f"statements:{chunk}")
        speaking = [code for code in self.countries if self.persons[code]]
        country_choice = Choice.zipf(speaking, COUNTRY_SKEW)
        for statement_id in chunk_ids(chunk, self.counts.statements):
            speaker = rng.choice(self.persons[country_choice.pick(rng)])
            statement = self.statement(rng, statement_id, speaker)
            mentioned = self.country_choice.sample(rng, MENTIONS.pick(rng))
            yield (
                as_saved(statement),
                {
                    "themes": sorted(self.theme_choice.sample(rng, THEMES.pick(rng))),
                    **self.cited(rng),
                    "mentioned_countries": sorted(mentioned),
                },
            )

    def statement(self, rng, statement_id, speaker):
        precision = PRECISION.pick(rng)
        event = None
        if precision == Precision.DAY and self.events and rng.random() < 0.7:
            event = rng.choice(self.events)
        kind = rng.choice(["speech", "remarks"]) if event else STATEMENT_KIND.pick(rng)
        forum = None
        if event is None and kind == "written_submission" and rng.random() < 0.8:
            forum = self.forum_choice.pick(rng)
        on_behalf = rng.random()
        lead, opener = STATEMENT_OPENERS[kind]
        subject = self.country_names[speaker.country_id] if on_behalf < 0.5 else speaker.name
        return Statement(
            id=statement_id,
            title=f"{lead} {subject} on {self.vocabulary.heading(rng, rng.randint(2, 4)).lower()}",
            speaker=speaker,
            speaker_title=self.role_labels[speaker.id],
            on_behalf_of_country_id=speaker.country_id if on_behalf < 0.4 else None,
            on_behalf_of_actor=rng.choice(self.groups)
            if 0.4 <= on_behalf < 0.43 and self.groups
            else None,
            event=event,
            forum=forum,
            date=edtf_of(day_during(rng, event) if event else some_day(rng), precision)
            + ("" if event else QUALIFIER.pick(rng)),
            kind=kind,
            language=LANGUAGE.pick(rng),
            summary=self.prose.text(rng, rng.randint(15, 45), "The statement"),
            # 300 to 1,500 words, most of them short: half under 330, one in ten over 860.
            text=self.prose.text(rng, int(300 * 5 ** (rng.random() ** 4)), opener),
            text_is_excerpt=rng.random() < 0.05,
            verification=VERIFICATION.pick(rng),
            **self.curated(rng),
        )

    # Agreements and their parties.

    def agreements(self, chunk):
        rng = self.rng(f"agreements:{chunk}")
        for agreement_id in chunk_ids(chunk, self.counts.agreements):
            codes = self.country_choice.sample(rng, PARTIES.pick(rng))
            agreement = as_saved(self.agreement(rng, agreement_id, codes))
            yield (
                agreement,
                {
                    "themes": sorted(self.theme_choice.sample(rng, THEMES.pick(rng))),
                    **self.cited(rng),
                },
            )
            for position, code in enumerate(codes):
                # Numbered from the agreement's id, so that any chunk knows its parties' ids.
                party_id = (agreement_id - 1) * MAX_PARTIES + position + 1
                yield self.party(rng, party_id, agreement, code, position), {}

    def agreement(self, rng, agreement_id, codes):
        status = AGREEMENT_STATUS.pick(rng)
        event = rng.choice(self.events) if self.events and rng.random() < 0.35 else None
        signed_on, precision = None, Precision.DAY
        if status != "proposed":
            signed_on = day_during(rng, event) if event else some_day(rng)
            precision = Precision.DAY if event else PRECISION.pick(rng)
        kind = AGREEMENT_KIND.pick(rng)
        names = [self.country_names[code] for code in codes]
        parties = ", ".join(names[:-1]) + f" and {names[-1]}"
        label = Agreement.Kind(kind).label
        topic = self.vocabulary.heading(rng, rng.randint(1, 3)).lower()
        return Agreement(
            id=agreement_id,
            title=f"{label[0].upper()}{label[1:]} between {parties} on {topic}",
            kind=kind,
            agreement_status=status,
            signed_on=edtf_of(signed_on, precision) if signed_on else "",
            event=event,
            city=self.city(rng, codes[0]) if signed_on else "",
            signed_in_id=codes[0] if signed_on else None,
            summary=self.prose.text(rng, rng.randint(20, 50), "The parties"),
            text=self.prose.text(rng, 150 + int(450 * rng.random() ** 2), "The parties"),
            **self.curated(rng),
        )

    def party(self, rng, party_id, agreement, code, position):
        organisations, persons = self.organisations[code], self.persons[code]
        organisation = rng.choice(organisations) if organisations and rng.random() < 0.4 else None
        signatory = None
        if persons and agreement.signed and rng.random() < 0.5:
            signatory = rng.choice(persons)
        return AgreementParty(
            id=party_id,
            agreement=agreement,
            country_id=code,
            organisation=organisation,
            signatory=signatory,
            # What save() copies from the signatory's role on the date signed.
            signatory_title=self.role_labels[signatory.id] if signatory else "",
            position=position,
        )
