"""The filter panel of a list: each facet's values, with how many records each would give.

A facet is counted on the records that the list's *other* filters leave, so that choosing a
second country does not hide the first: a facet with chosen values is counted on a set of
its own, the facets without share the list's. Counting is bounded. A set of more than
FACET_COUNT_LIMIT records is not counted (at a million statements a group-by over a few
hundred thousand rows takes seconds); the unfiltered list is counted once and kept
(counts.py). Over a set too large to count, a facet lists its values by how often they
occur overall, without counts.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce, ExtractYear

from .counts import cached
from .dates import NO_EARLIEST, NO_LATEST
from .listing import SEARCH_COUNT_LIMIT
from .models import Actor, AgreementCountry, Country, Event, Forum, Statement, Theme

# Measured at a million statements (`manage.py bench`): see the README.
FACET_COUNT_LIMIT = 10_000
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
    note: str = ""

    @property
    def findable(self):
        return not self.links and len(self.options) > FINDABLE_FROM

    @property
    def chosen_count(self):
        return sum(option.chosen for option in self.options)


# How a facet counts: `count(records)` gives {value key: records}; `records` is bounded.


def by_field(name):
    def count(records, panel):
        rows = records.order_by().exclude(**{f"{name}__isnull": True}).exclude(**{name: ""})
        return dict(rows.values_list(name).annotate(n=Count("pk")))

    return count


def by_related(through, record, value):
    """Counts over the rows of `through` (one per record and value) of the records."""

    def count(records, panel):
        rows = through.objects.filter(**{f"{record}__in": records.order_by().values("pk")})
        return dict(rows.order_by().values_list(value).annotate(n=Count(record)))

    return count


def by_speaker_or_principal(records, panel):
    """Statements by each actor, as speaker or as the actor spoken for, each counted once."""
    records = records.order_by()
    counts = dict(records.values_list("speaker_id").annotate(n=Count("pk")))
    principals = (
        records.exclude(on_behalf_of_actor=None)
        .exclude(on_behalf_of_actor=F("speaker"))
        .values_list("on_behalf_of_actor_id")
        .annotate(n=Count("pk"))
    )
    for actor, n in principals:
        counts[actor] = counts.get(actor, 0) + n
    return counts


def by_host_or_participant(records, panel):
    """Events by each country, as host or as participant, each counted once."""
    ids = records.order_by().values("pk")
    pairs = set(records.order_by().exclude(host_country=None).values_list("pk", "host_country_id"))
    through = Event.participating_countries.through.objects.filter(event__in=ids)
    pairs.update(through.values_list("event_id", "country_id"))
    counts = {}
    for _, country in pairs:
        counts[country] = counts.get(country, 0) + 1
    return counts


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


def in_forum_tree(records, panel):
    return in_subtrees(records, "forum_id", "pk", panel.trees["forum"])


def in_theme_tree(records, panel):
    model = records.model
    pairs = model.themes.through.objects.filter(
        **{f"{model._meta.model_name}__in": records.order_by().values("pk")}
    )
    return in_subtrees(pairs, "theme_id", model._meta.model_name, panel.trees["theme"])


def by_year(earliest, latest):
    """Records whose date may fall in each year: a date known only to a decade, or an
    interval, counts in each of its years, as `date_from=Y&date_to=Y` would find it."""

    def count(records, panel):
        spans = (
            records.order_by()
            .exclude(**{f"{earliest}__isnull": True})
            .annotate(first=ExtractYear(earliest), last=ExtractYear(latest))
            .values_list("first", "last")
            .annotate(n=Count("pk"))
        )
        spans = list(spans)
        known = [year for first, last, _ in spans for year in (first, last) if year]
        known = [y for y in known if NO_EARLIEST.year < y < NO_LATEST.year]
        if not known:
            return {}
        low, high = min(known), max(max(known), datetime.date.today().year)
        counts = {}
        for first, last, n in spans:
            first = low if not first or first <= NO_EARLIEST.year else first
            last = high if not last or last >= NO_LATEST.year else last
            for year in range(max(first, low), min(last, high) + 1):
                counts[year] = counts.get(year, 0) + n
        return counts

    return count


@dataclass
class FacetSpec:
    name: str
    label: str
    count: object
    shape: str = "flat"  # flat, tree, top (the most frequent only) or years
    params: tuple = ()
    labels: dict = field(default_factory=dict)

    def __post_init__(self):
        self.params = self.params or (self.name,)


def year_facet(label, earliest, latest):
    """The years, as `date_from` and `date_to` choose them."""
    return FacetSpec("year", label, by_year(earliest, latest), "years", ("date_from", "date_to"))


def statement_facets():
    return [
        FacetSpec("country", "Country", by_field("country_id")),
        FacetSpec("forum", "Forum", in_forum_tree, "tree"),
        FacetSpec("theme", "Theme", in_theme_tree, "tree"),
        FacetSpec("actor", "Speaker or actor spoken for", by_speaker_or_principal, "top"),
        FacetSpec("kind", "Kind", by_field("kind")),
        FacetSpec("language", "Language", by_field("language")),
        FacetSpec("verification", "How its words are known", by_field("verification")),
        year_facet("Year", "date_earliest", "date_latest"),
        FacetSpec(
            "mentions",
            "Mentions country",
            by_related(Statement.mentioned_countries.through, "statement", "country_id"),
        ),
    ]


def agreement_facets():
    return [
        FacetSpec("country", "Country", by_related(AgreementCountry, "agreement", "country_id")),
        FacetSpec("theme", "Theme", in_theme_tree, "tree"),
        FacetSpec("kind", "Kind", by_field("kind")),
        FacetSpec("status", "Status", by_field("agreement_status")),
        year_facet("Year signed", "signed_on_earliest", "signed_on_latest"),
    ]


def event_facets():
    return [
        FacetSpec("forum", "Forum", in_forum_tree, "tree"),
        FacetSpec("country", "Country (host or participant)", by_host_or_participant),
        year_facet("Year", "start_date_earliest", Coalesce("end_date_latest", "start_date_latest")),
    ]


def actor_facets():
    return [
        FacetSpec("country", "Country", by_field("country_id")),
        FacetSpec("kind", "Kind", by_field("kind")),
    ]


def without(filterset, params):
    """The list's filters but those of `params`: the records a facet is counted on."""
    if not any(filterset.data.getlist(param) for param in params):
        return filterset
    data = filterset.data.copy()
    for param in params:
        data.pop(param, None)
    return type(filterset)(data, queryset=filterset.queryset)


def count_limit(filterset):
    """The most records a facet is counted on: fewer for a search, as for the page's count."""
    return SEARCH_COUNT_LIMIT if filterset.search_query else FACET_COUNT_LIMIT


def is_unfiltered(filterset):
    cleaned = filterset.form.cleaned_data
    return not any(value for name, value in cleaned.items() if name != "sort")


class Panel:
    """What the facets of one page share: the published trees, the countries' names."""

    def __init__(self, filterset, list_name, chosen):
        self.filterset, self.list_name, self.chosen = filterset, list_name, chosen
        self.specs = DECLARED[list_name]()

    @cached_property
    def trees(self):
        read = {"forum": Forum, "theme": Theme}
        names = [spec.name for spec in self.specs if spec.shape == "tree"]
        return {
            name: list(read[name].objects.published().only("pk", "parent_id", "slug", "name"))
            for name in names
        }

    @cached_property
    def country_names(self):
        return {country.pk: str(country) for country in Country.objects.all()}

    def overall_counts(self):
        """Each facet's counts over every published record, kept (counts.py): one query
        when they are kept."""
        records = self.filterset.queryset.model.objects.published()

        def computation(spec):
            return lambda: sorted(
                ([key, n] for key, n in spec.count(records, self).items()), key=lambda kv: -kv[1]
            )

        keys = {spec.name: f"facets:{self.list_name}:{spec.name}" for spec in self.specs}
        kept = cached({keys[spec.name]: computation(spec) for spec in self.specs})
        return {name: dict(map(tuple, kept[key])) for name, key in keys.items()}

    def facets(self):
        overall = self.overall_counts()
        facets = []
        for spec in self.specs:
            counts, counted = self.counts_of(spec, overall[spec.name])
            shape = SHAPES[spec.shape]
            options = shape(spec, counts, counted, overall[spec.name], self)
            facets.append(Facet(spec.name, spec.label, options, counted, spec.shape == "years"))
        return facets

    def counts_of(self, spec, overall):
        """{value key: records} for `spec` within the other filters, and whether they are
        counts of that set (False: of every published record, to order the values by)."""
        others = without(self.filterset, spec.params)
        others.errors  # noqa: B018 (validates the form)
        if is_unfiltered(others):
            return overall, True
        if others.count_up_to(count_limit(others)) is None:
            return overall, False
        return spec.count(others.filtered(), self), True


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
