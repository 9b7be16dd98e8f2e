"""The filter panel of a list: each facet's values, with how many records each would give.

A facet is counted on the records that the list's *other* filters leave, so that choosing a
second country does not hide the first: a facet with chosen values is counted on a set of
its own, the facets without share the list's. Counting is bounded: the facet columns of a
set of at most FACET_COUNT_LIMIT records are read once and counted here; a larger set is not
counted (at a million statements a group-by over a few hundred thousand rows takes seconds).
The unfiltered list is counted in the database once and kept (counts.py). Over a set too
large to count, a facet lists its values by how often they occur overall, without counts.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from .counts import cached, is_refreshing
from .dates import NO_EARLIEST, NO_LATEST
from .listing import SEARCH_COUNT_LIMIT
from .models import Actor, AgreementCountry, Country, Event, Forum, Statement, Theme
from .page_cache import current_generation

# Measured at a million statements: at 10,000 some lists took five times as long (README).
FACET_COUNT_LIMIT = 1_000
TOP_ACTORS = 12
# A facet with more values than this gets a box to find one by typing.
FINDABLE_FROM = 8


@dataclass
class Option:
    value: str
    label: str
    count: int | None
    chosen: bool
    depth: int = 0


@dataclass
class Facet:
    name: str
    label: str
    options: list
    counted: bool
    # A facet of links (the years) rather than of checkboxes.
    links: bool = False

    @property
    def findable(self):
        return not self.links and len(self.options) > FINDABLE_FROM

    @property
    def chosen_count(self):
        return sum(option.chosen for option in self.options)


# How a facet counts, two ways: in the database over every published record (the counts that
# are kept), and over the rows of a small set, read once for all the facets (`rows`: one dict
# per record, with its "pk" and the `columns` of every facet; `pairs`: the (record, value)
# rows of a many-to-many relation of those records, read once per relation).


class Column:
    """A value each record holds in one of its columns (a country, a kind, a language)."""

    def __init__(self, column):
        self.column, self.columns = column, (column,)

    def in_database(self, records, panel):
        rows = records.order_by().exclude(**{f"{self.column}__isnull": True})
        rows = rows.exclude(**{self.column: ""})
        return dict(rows.values_list(self.column).annotate(n=Count("pk")))

    def in_rows(self, rows, pairs, panel):
        return Counter(row[self.column] for row in rows if row[self.column] not in (None, ""))


class Related:
    """Values of a many-to-many relation, `through` holding one row per record and value."""

    columns = ()

    def __init__(self, through, record, value):
        self.through, self.record, self.value = through, record, value

    def in_database(self, records, panel):
        rows = self.through.objects.filter(**{f"{self.record}__in": records.values("pk")})
        return dict(rows.order_by().values_list(self.value).annotate(n=Count(self.record)))

    def in_rows(self, rows, pairs, panel):
        return Counter(value for _, value in pairs(self.through, self.record, self.value))


class SpeakerOrPrincipal:
    """Statements by each actor, as speaker or as the actor spoken for, each counted once."""

    columns = ("speaker_id", "on_behalf_of_actor_id")

    def in_database(self, records, panel):
        records = records.order_by()
        counts = Counter(dict(records.values_list("speaker_id").annotate(n=Count("pk"))))
        principals = (
            records.exclude(on_behalf_of_actor=None)
            .exclude(on_behalf_of_actor=F("speaker"))
            .values_list("on_behalf_of_actor_id")
            .annotate(n=Count("pk"))
        )
        counts.update(dict(principals))
        return counts

    def in_rows(self, rows, pairs, panel):
        counts = Counter(row["speaker_id"] for row in rows)
        counts.update(
            row["on_behalf_of_actor_id"]
            for row in rows
            if row["on_behalf_of_actor_id"] not in (None, row["speaker_id"])
        )
        return counts


class HostOrParticipant:
    """Events by each country, as host or as participant, each counted once."""

    columns = ("host_country_id",)
    through = Event.participating_countries.through

    def in_database(self, records, panel):
        hosts = records.order_by().exclude(host_country=None).values_list("pk", "host_country_id")
        rows = self.through.objects.filter(event__in=records.values("pk"))
        return Counter(country for _, country in {*hosts, *rows.values_list("event", "country")})

    def in_rows(self, rows, pairs, panel):
        hosts = {(row["pk"], row["host_country_id"]) for row in rows if row["host_country_id"]}
        attended = set(pairs(self.through, "event", "country_id"))
        return Counter(country for _, country in hosts | attended)


class Tree:
    """Forums or themes: a record counts for the value it holds and each one above it, once."""

    def __init__(self, name, column=None):
        self.name, self.column = name, column
        self.columns = (column,) if column else ()

    def values_of(self, rows, pairs, model):
        """(record, value) of the records in `rows`."""
        if self.column:
            return [(row["pk"], row[self.column]) for row in rows]
        return pairs(model.themes.through, model._meta.model_name, "theme_id")

    def in_rows(self, rows, pairs, panel):
        parent = {node.pk: node.parent_id for node in panel.trees[self.name]}
        reached = {}
        for record, value in self.values_of(rows, pairs, panel.model):
            while value in parent:
                reached.setdefault(value, set()).add(record)
                value = parent[value]
        return {value: len(records) for value, records in reached.items()}

    def in_database(self, records, panel):
        nodes = panel.trees[self.name]
        if self.column:
            return in_subtrees(records, self.column, "pk", nodes)
        model = records.model
        name = model._meta.model_name
        pairs = model.themes.through.objects.filter(**{f"{name}__in": records.values("pk")})
        return in_subtrees(pairs, "theme_id", name, nodes)


def in_subtrees(pairs, value, record, nodes):
    """{node id: records under it or at it} for a tree of `nodes`, from `pairs`, a queryset
    of (record, value) rows. A record under two children of a node counts once for it: each
    depth of the tree is one query, its nodes' subtrees being disjoint."""
    children = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.pk)

    def below(pk):
        found = [pk]
        for child in children.get(pk, []):
            found += below(child)
        return found

    counts = dict(pairs.order_by().values_list(value).annotate(n=Count(record, distinct=True)))
    level = list(children.get(None, []))
    while level:
        parents = [pk for pk in level if children.get(pk)]
        if parents:
            top = Case(*[When(**{f"{value}__in": below(pk)}, then=Value(pk)) for pk in parents])
            rows = pairs.order_by().annotate(top=top).exclude(top=None)
            counts.update(rows.values_list("top").annotate(n=Count(record, distinct=True)))
        level = [child for pk in parents for child in children[pk]]
    return counts


class Years:
    """Records whose date may fall in each year: a date known only to a decade, or an
    interval, counts in each of its years, as `date_from=Y&date_to=Y` would find it. The
    last day is the first of the `latest` columns that holds one (an event's end, else its
    start)."""

    def __init__(self, earliest, *latest):
        self.earliest, self.latest = earliest, latest
        self.columns = (earliest, *latest)

    def in_database(self, records, panel):
        latest = Coalesce(*self.latest) if len(self.latest) > 1 else F(self.latest[0])
        spans = (
            records.order_by()
            .exclude(**{f"{self.earliest}__isnull": True})
            .annotate(first=ExtractYear(self.earliest), last=ExtractYear(latest))
            .values_list("first", "last")
            .annotate(n=Count("pk"))
        )
        return per_year(spans)

    def in_rows(self, rows, pairs, panel):
        spans = Counter()
        for row in rows:
            first = row[self.earliest]
            last = next((row[column] for column in self.latest if row[column]), None)
            if first:
                spans[first.year, last.year if last else None] += 1
        return per_year((first, last, n) for (first, last), n in spans.items())


def per_year(spans):
    """{year: records} from (first year, last year, records): open ends reach as far as the
    known years do (and this year)."""
    spans = list(spans)
    known = [year for first, last, _ in spans for year in (first, last) if year]
    known = [year for year in known if NO_EARLIEST.year < year < NO_LATEST.year]
    if not known:
        return {}
    low, high = min(known), max(max(known), datetime.date.today().year)
    counts = Counter()
    for first, last, n in spans:
        first = low if not first or first <= NO_EARLIEST.year else first
        last = high if not last or last >= NO_LATEST.year else last
        for year in range(max(first, low), min(last, high) + 1):
            counts[year] += n
    return counts


@dataclass
class FacetSpec:
    name: str
    label: str
    counting: object  # Column, Related, Tree, Years…
    shape: str = "flat"  # flat, tree, top (the most frequent only) or years
    params: tuple = ()

    def __post_init__(self):
        self.params = self.params or (self.name,)


def year_facet(label, earliest, latest):
    """The years, as `date_from` and `date_to` choose them."""
    return FacetSpec("year", label, Years(earliest, *latest), "years", ("date_from", "date_to"))


def statement_facets():
    return [
        FacetSpec("country", "Country", Column("country_id")),
        FacetSpec("forum", "Forum", Tree("forum", "forum_id"), "tree"),
        FacetSpec("theme", "Theme", Tree("theme"), "tree"),
        FacetSpec("actor", "Speaker or actor spoken for", SpeakerOrPrincipal(), "top"),
        FacetSpec("kind", "Kind", Column("kind")),
        FacetSpec("language", "Language", Column("language")),
        FacetSpec("verification", "How its words are known", Column("verification")),
        year_facet("Year", "date_earliest", ("date_latest",)),
        FacetSpec(
            "mentions",
            "Mentions country",
            Related(Statement.mentioned_countries.through, "statement", "country_id"),
        ),
    ]


def agreement_facets():
    return [
        FacetSpec("country", "Country", Related(AgreementCountry, "agreement", "country_id")),
        FacetSpec("theme", "Theme", Tree("theme"), "tree"),
        FacetSpec("kind", "Kind", Column("kind")),
        FacetSpec("status", "Status", Column("agreement_status")),
        year_facet("Year signed", "signed_on_earliest", ("signed_on_latest",)),
    ]


def event_facets():
    return [
        FacetSpec("forum", "Forum", Tree("forum", "forum_id"), "tree"),
        FacetSpec("country", "Country (host or participant)", HostOrParticipant()),
        year_facet("Year", "start_date_earliest", ("end_date_latest", "start_date_latest")),
    ]


def actor_facets():
    return [
        FacetSpec("country", "Country", Column("country_id")),
        FacetSpec("kind", "Kind", Column("kind")),
    ]


def without(filterset, params):
    """The list's filters but those of `params`: the records a facet is counted on."""
    if not any(filterset.data.getlist(param) for param in params):
        return filterset
    data = filterset.data.copy()
    for param in params:
        data.pop(param, None)
    return type(filterset)(data, queryset=filterset.queryset, bounded=filterset.bounded)


def count_limit(filterset):
    """The most records a facet is counted on: fewer for a search, as for the page's count."""
    return SEARCH_COUNT_LIMIT if filterset.search_query else FACET_COUNT_LIMIT


def is_unfiltered(filterset):
    cleaned = filterset.form.cleaned_data
    return not any(value for name, value in cleaned.items() if name != "sort")


class Generational:
    """Values worked out once per generation of the published data (page_cache.py), in this
    process: those of an earlier generation are dropped as soon as a later one is asked for."""

    LIMIT = 2_000  # kept values of one generation: the facets' chosen values vary

    def __init__(self):
        self.generation, self.values = None, {}

    def get(self, generation, key, work_out):
        if is_refreshing():  # the keeper counts again, maybe in this very process
            return work_out()
        if generation != self.generation or len(self.values) >= self.LIMIT:
            self.generation, self.values = generation, {}
        values = self.values
        if key not in values:
            values[key] = work_out()
        return values[key]

    def clear(self):
        self.generation, self.values = None, {}


PER_GENERATION = Generational()


def read_country_names():
    names = Country.objects.values_list("code", "common_name", "name")
    return {code: common_name or name for code, common_name, name in names}


class Panel:
    """What the facets of one page share: the published trees, the countries' names."""

    def __init__(self, filterset, list_name, chosen):
        self.filterset, self.list_name, self.chosen = filterset, list_name, chosen
        self.model = filterset.queryset.model
        self.specs = DECLARED[list_name]()

    # The trees, the countries' names and the kept counts change only with the data: they are
    # read once per process and generation (as the options built from them, below).

    @cached_property
    def trees(self):
        return PER_GENERATION.get(self.generation, ("trees", self.list_name), self.read_trees)

    def read_trees(self):
        read = {"forum": Forum, "theme": Theme}
        names = [spec.name for spec in self.specs if spec.shape == "tree"]
        return {
            name: list(
                read[name]
                .objects.published()
                .values_list("pk", "parent_id", "slug", "name", named=True)
            )
            for name in names
        }

    @cached_property
    def country_names(self):
        return PER_GENERATION.get(self.generation, ("countries",), read_country_names)

    def overall_counts(self):
        """Each facet's counts over every published record, kept (counts.py): one query
        when they are kept."""
        records = self.model.objects.published()

        def computation(spec):
            # Of the actors, tens of thousands, only the most frequent are ever shown.
            kept = TOP_ACTORS * 4 if spec.shape == "top" else None
            return lambda: sorted(
                ([key, n] for key, n in spec.counting.in_database(records, self).items()),
                key=lambda kv: -kv[1],
            )[:kept]

        keys = {spec.name: f"facets:{self.list_name}:{spec.name}" for spec in self.specs}
        kept = cached({keys[spec.name]: computation(spec) for spec in self.specs})
        return {name: dict(map(tuple, kept[key])) for name, key in keys.items()}

    def facets(self):
        facets = []
        for spec in self.specs:
            counts, counted = self.counts_of(spec)
            if counts is None:
                options = self.overall_options(spec, counted)
            else:
                options = self.options(spec, counts, counted)
            facets.append(Facet(spec.name, spec.label, options, counted, spec.shape == "years"))
        return facets

    @cached_property
    def overall(self):
        key = ("overall", self.list_name)
        return PER_GENERATION.get(self.generation, key, self.overall_counts)

    @cached_property
    def generation(self):
        return current_generation()[0]

    def options(self, spec, counts, counted):
        return SHAPES[spec.shape](spec, counts, counted, self.overall[spec.name], self)

    def overall_options(self, spec, counted):
        """The options of a facet counted over every published record (or ordered by those
        counts): the same for every reader until the data or its kept counts change, so
        worked out once per process and generation of the data."""
        # What the reader chose marks options: of every parameter the facet reads (the years
        # read two, date_from and date_to).
        chosen = tuple(tuple(self.chosen.get(param, [])) for param in spec.params)
        key = ("options", self.list_name, spec.name, counted, chosen)
        return PER_GENERATION.get(
            self.generation,
            key,
            lambda: self.options(spec, self.overall[spec.name], counted),
        )

    def counts_of(self, spec):
        """{value key: records} for `spec` within the other filters, or None for the counts
        over every published record; and whether they are counts of that set (False: the
        counts over every published record only order the values)."""
        others = without(self.filterset, spec.params)
        others.errors  # noqa: B018 (validates the form)
        if is_unfiltered(others):
            return None, True
        # The list's own records are among the other filters': too many, and so are those.
        if self.filterset.count_up_to(count_limit(self.filterset)) is None:
            return None, False
        rows = self.rows_within(others)
        if rows is None:
            return None, False
        return spec.counting.in_rows(rows, self.pairs_reader(others, rows), self), True

    @cached_property
    def columns(self):
        return sorted({column for spec in self.specs for column in spec.counting.columns})

    def rows_within(self, filterset):
        """The records of `filterset` with every column a facet counts, read once per set,
        or None when there are more than a facet counts."""
        memo = self.__dict__.setdefault("_rows", {})
        if id(filterset) not in memo:
            limit = count_limit(filterset)
            records = filterset.filtered()
            if filterset.sort_key() == "relevance" and filterset.count_up_to(limit) is not None:
                # Every match was read to be ranked: the search is not run again.
                records = self.model.objects.filter(pk__in=filterset.newest_matches())
            read = records.order_by().values("pk", *self.columns)[: limit + 1]
            rows = list(read)
            # The set is kept with its rows, so that its id() is not another's.
            memo[id(filterset)] = (filterset, rows if len(rows) <= limit else None)
        return memo[id(filterset)][1]

    def pairs_reader(self, filterset, rows):
        """A function reading the (record, value) rows of a relation of `rows`, once each."""
        memo = self.__dict__.setdefault("_pairs", {})

        def pairs(through, record, value):
            key = (id(filterset), through)
            if key not in memo:
                ids = [row["pk"] for row in rows]
                found = through.objects.filter(**{f"{record}__in": ids})
                memo[key] = (filterset, list(found.values_list(f"{record}_id", value)))
            return memo[key][1]

        return pairs


DECLARED = {
    "statements": statement_facets,
    "agreements": agreement_facets,
    "events": event_facets,
    "actors": actor_facets,
}


def facet_panel(filterset, list_name, chosen):
    """The facets of the list `list_name` within `filterset`, in the order declared above."""
    return Panel(filterset, list_name, chosen).facets()


def by_frequency(options):
    return sorted(options, key=lambda option: (-(option.count or 0), option.label.casefold()))


def flat(spec, counts, counted, overall, panel):
    picked = set(panel.chosen.get(spec.name, []))
    keys = [key for key in overall if overall[key]] if not counted else list(counts)
    keys += [key for key in picked if key not in keys]
    labels = value_labels(spec, keys, panel)
    options = [
        Option(str(key), labels[key], counts.get(key, 0) if counted else None, key in picked)
        for key in keys
        if key in labels and (not counted or counts.get(key) or key in picked)
    ]
    if counted:
        return by_frequency(options)
    # Uncounted, the values keep the order of how often they occur overall.
    return options


def value_labels(spec, keys, panel):
    labels = getattr(panel.filterset, "choice_labels", {}).get(spec.name)
    if labels is None:  # the facets of countries
        labels = panel.country_names
    return {key: str(labels[key]) for key in keys if key in labels}


def tree_shape(spec, counts, counted, overall, panel):
    nodes = panel.trees[spec.name]
    picked = set(panel.chosen.get(spec.name, []))
    source = counts if counted else overall
    children = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    known = {node.pk for node in nodes}
    roots = [node for node in nodes if node.parent_id is None or node.parent_id not in known]
    options = []

    def walk(siblings, depth):
        siblings = sorted(siblings, key=lambda node: (-source.get(node.pk, 0), node.name))
        for node in siblings:
            count = source.get(node.pk, 0)
            if not count and node.slug not in picked:
                continue
            options.append(
                Option(node.slug, node.name, count if counted else None, node.slug in picked, depth)
            )
            walk(children.get(node.pk, []), depth + 1)

    walk(roots, 0)
    return options


def top(spec, counts, counted, overall, panel):
    """The actors with the most records, and those chosen."""
    picked = set(panel.chosen.get(spec.name, []))
    ranked = sorted((counts if counted else overall).items(), key=lambda kv: -kv[1])
    actors = Actor.objects.published().only("pk", "slug", "name")
    found = {
        actor.pk: actor
        for actor in actors.filter(
            Q(pk__in=[pk for pk, _ in ranked[: TOP_ACTORS * 2]]) | Q(slug__in=picked)
        )
    }
    options = []
    for pk, count in ranked:
        if pk in found and len(options) < TOP_ACTORS:
            actor = found.pop(pk)
            options.append(
                Option(actor.slug, actor.name, count if counted else None, actor.slug in picked)
            )
    for actor in found.values():
        if actor.slug in picked:
            count = counts.get(actor.pk, 0) if counted else None
            options.append(Option(actor.slug, actor.name, count, True))
    return options


def years(spec, counts, counted, overall, panel):
    """The years, newest first; a year is chosen when the dates are exactly that year."""
    first, last = ((panel.chosen.get(param) or [""])[-1] for param in spec.params)
    return [
        Option(str(year), str(year), n if counted else None, first == last == str(year))
        for year, n in sorted(counts.items(), reverse=True)
        if n
    ]


SHAPES = {"flat": flat, "tree": tree_shape, "top": top, "years": years}
