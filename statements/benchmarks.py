"""Measuring the site on the current database: what the benchmark commands time and how.

Requests go through Django's test client, so middleware, the view and the streaming of the
body are all inside the figure; only the network is not.
"""

import itertools
import json
import math
import re
import resource
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Min
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from . import cursors, keyset
from .exports import EXPORTS
from .filters import StatementFilterSet
from .models import Forum, Statement, Theme
from .search import WORD
from .views import sitemaps


def peak_memory_mb():
    """The peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Timing:
    rows: int
    seconds: float
    first_byte: float
    size: int  # bytes
    peak_memory: float = field(default_factory=peak_memory_mb)  # MB, when it ended

    @property
    def rows_per_second(self):
        return self.rows / self.seconds if self.seconds else 0

    @property
    def megabytes_per_second(self):
        return self.size / 1e6 / self.seconds if self.seconds else 0


def median_timing(timings):
    return Timing(
        rows=timings[0].rows,
        seconds=statistics.median(t.seconds for t in timings),
        first_byte=statistics.median(t.first_byte for t in timings),
        size=timings[0].size,
        peak_memory=max(t.peak_memory for t in timings),
    )


class Browser:
    """Django's test client, allowed onto this site whatever ALLOWED_HOSTS says. Pages are
    computed afresh for each request unless `kept` (then the page cache answers)."""

    def __init__(self, kept=False):
        # A view that fails answers 500 like the site would, instead of raising here.
        self.client = Client(raise_request_exception=False)
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        self.settings = override_settings(
            ALLOWED_HOSTS=hosts,
            SECURE_SSL_REDIRECT=False,
            PAGE_CACHE_SECONDS=settings.PAGE_CACHE_SECONDS if kept else 0,
        )

    def get(self, path):
        """The status code of `path` and the seconds the site took to answer it in full."""
        with self.settings:
            start = time.perf_counter()
            response = self.client.get(path)
            if response.streaming:
                for _ in response.streaming_content:
                    pass
            return response.status_code, time.perf_counter() - start

    def download(self, path, rows):
        """Fetch `path` and read its streamed body to the end."""
        with self.settings:
            start = time.perf_counter()
            response = self.client.get(path)
            if response.status_code != 200:
                raise ValueError(f"{path} answered {response.status_code}: {response.content!r}")
            first_byte, size = None, 0
            for chunk in response.streaming_content:
                if first_byte is None:
                    first_byte = time.perf_counter() - start
                size += len(chunk)
            # The client closes the response once its content is read to the end.
            seconds = time.perf_counter() - start
        return Timing(rows, seconds, first_byte or seconds, size)


def export_queryset(list_name, query):
    """The queryset an export of `query` reads, as the export view builds it."""
    spec = EXPORTS[list_name]
    model = spec.filterset_class._meta.model
    filterset = spec.filterset_class(query, queryset=model.objects.published())
    if notices := filterset.notices():
        raise ValueError("; ".join(f"{name}: {message}" for name, message in notices))
    return spec.prepare(filterset.qs)


def copy_to_csv(queryset, rows):
    """PostgreSQL's own `COPY (the same query) TO STDOUT WITH CSV`: the floor to compare with."""
    sql, params = queryset.query.sql_with_params()
    start = time.perf_counter()
    first_byte, size = None, 0
    statement = f"COPY ({sql}) TO STDOUT WITH CSV HEADER"
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for data in copy:
            if first_byte is None:
                first_byte = time.perf_counter() - start
            size += len(data)
    seconds = time.perf_counter() - start
    return Timing(rows, seconds, first_byte or seconds, size)


def export_path(list_name, extension, query):
    path = f"/{list_name}/export.{extension}"
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


# Exports: the CSV and JSON of a filter, next to PostgreSQL's COPY of the same rows.

FIVE_PERCENT = 0.05


def published_statements():
    statements = Statement.objects.published()
    if not statements.exists():
        raise ValueError("There are no published statements to measure.")
    return statements


def middle_dates(rows):
    """A date_from/date_to query around about `rows` published statements in the middle of
    the list by date (more where many share the end dates)."""
    published = published_statements()
    total = published.count()
    dates = published.order_by("date_earliest").values_list("date_earliest", flat=True)
    start = max(0, (total - rows) // 2)
    first, last = dates[start], dates[min(total - 1, start + rows - 1)]
    return {"date_from": [first.isoformat()], "date_to": [last.isoformat()]}


def about_five_percent():
    """A filter that keeps about 5% of the published statements: the country nearest that
    share, or else a run of dates in the middle of the list."""
    published = published_statements()
    total = published.count()
    by_country = published.exclude(country=None).values("country").annotate(rows=Count("id"))
    nearest = min(by_country, key=lambda c: abs(c["rows"] / total - FIVE_PERCENT), default=None)
    if nearest and 0.02 <= nearest["rows"] / total <= 0.1:
        return {"country": [nearest["country"]]}
    return middle_dates(max(1, int(total * FIVE_PERCENT)))


def describe(query):
    return "&".join(f"{name}={value}" for name, values in query.items() for value in values)


def time_exports(browser, label, query, repeat):
    """The CSV and JSON exports of `query`, and COPY of the same rows on PostgreSQL: one
    figure each, the median of `repeat` runs. The runs take turns (COPY, CSV, JSON, COPY…),
    so that a page cache filling or emptying meanwhile weighs on every format alike."""
    queryset = export_queryset("statements", query)
    rows = queryset.count()
    runs = {}
    if connection.vendor == "postgresql":
        runs["COPY"] = lambda: copy_to_csv(queryset, rows)
    for extension in ("csv", "json"):
        path = export_path("statements", extension, query)
        runs[extension] = lambda path=path: browser.download(path, rows)
    timings = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            timings[name].append(run())
    figures = {name: median_timing(found) for name, found in timings.items()}
    copy = figures.get("COPY")
    return [export_result(label, query, name, timing, copy) for name, timing in figures.items()]


def export_result(label, query, name, timing, copy):
    ratio = timing.rows_per_second / copy.rows_per_second if copy else None
    return {
        "scenario": label,
        "filter": describe(query),
        "format": name,
        "rows": timing.rows,
        "seconds": round(timing.seconds, 4),
        "first_byte_seconds": round(timing.first_byte, 4),
        "rows_per_second": round(timing.rows_per_second),
        "megabytes_per_second": round(timing.megabytes_per_second, 2),
        "ratio_to_copy": round(ratio, 3) if ratio is not None else None,
        "peak_memory_mb": round(timing.peak_memory, 1),
    }


def export_table(browser, filters, repeat, write):
    """Time the exports of each (label, query) of `filters`, writing a table line per
    figure as it comes; the figures."""
    write(EXPORT_HEADER)
    results = []
    for label, query in filters:
        try:
            figures = time_exports(browser, label, query, repeat)
        except ValueError as error:
            raise ValueError(f"Bad filter {label!r}: {error}") from error
        for result in figures:
            write(export_row(result))
        results.extend(figures)
    return results


EXPORT_HEADER = (
    f"{'scenario':<32} {'format':<6} {'rows':>9} {'seconds':>8} {'1st byte':>8} "
    f"{'rows/s':>9} {'MB/s':>6} {'÷ COPY':>6} {'peak MB':>7}"
)


def export_row(result):
    ratio = result["ratio_to_copy"]
    return (
        f"{result['scenario'][:32]:<32} {result['format']:<6} {result['rows']:>9,} "
        f"{result['seconds']:>8.3f} {result['first_byte_seconds']:>8.3f} "
        f"{result['rows_per_second']:>9,} {result['megabytes_per_second']:>6.2f} "
        f"{'' if ratio is None else f'{ratio:.2f}':>6} {result['peak_memory_mb']:>7.0f}"
    )


# Pages: scenarios whose parameters come from the data, timed and counted per request.

SAMPLE_SIZE = 300
# Statement pages for the first visits' scenario: enough for its requests to see each once.
FIRST_VISITS = 100
# The share of documents holding the middling word: a search costliest to find in order.
MIDDLING_SHARE = 0.05
COMMON_WORD = re.compile(r"[^\W\d_]{4,}")
YEARS_OF_DATES = 5


@dataclass
class Parameters:
    """The values the scenarios filter on, chosen from the data unless given."""

    country: str | None = None
    forum: str | None = None
    theme: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    common_word: str | None = None
    middling_word: str | None = None  # in about one statement in twenty
    rare_word: str | None = None
    phrase: str | None = None
    statement: str | None = None  # a statement page's path
    actor: str | None = None  # the slug of the newest statement's speaker
    sitemap_section: str | None = None  # the middle section of the statements' sitemap
    deep_cursor: str | None = None  # the API's statements after the row halfway down the list
    # Statement pages visited once each, as readers come to records: the newest but one on.
    first_visits: tuple = ()


def choose_parameters(**given):
    """Parameters from the data, for those not `given` (None means choose)."""
    chosen = {name: value for name, value in given.items() if value}
    statements = published_statements()
    chosen.setdefault("country", busiest_country(statements))
    chosen.setdefault("forum", busiest_top_level(Forum, statement_counts_by_forum(statements)))
    chosen.setdefault("theme", busiest_top_level(Theme, statement_counts_by_theme(statements)))
    for name, value in middle_years(statements).items():
        chosen.setdefault(name, value)
    words = sample_words(sample_documents(statements))
    for name, value in words.items():
        chosen.setdefault(name, value)
    newest = statements.newest_first().select_related("speaker").first()
    chosen.setdefault("statement", newest.get_absolute_url())
    chosen.setdefault("actor", newest.speaker.slug)
    last_id = statements.aggregate(last=Max("id"))["last"]
    chosen.setdefault("sitemap_section", str(-(-last_id // sitemaps.SECTION_SIZE) // 2 + 1))
    chosen.setdefault("deep_cursor", halfway_cursor(statements))
    older = statements.newest_first().only("id", "slug")[1 : 1 + FIRST_VISITS]
    chosen.setdefault("first_visits", tuple(each.get_absolute_url() for each in older))
    return Parameters(**chosen)


def halfway_cursor(statements):
    """The cursor of the API's page of statements after the row halfway down their list,
    newest first (found once, by skipping half the rows)."""
    order = StatementFilterSet.sorts[StatementFilterSet.default_sort]
    fields = [column.field for column in keyset.columns(order)[0]]
    halfway = statements.order_by(*order).values(*fields)[statements.count() // 2 :].first()
    if halfway is None:
        return None
    return cursors.encode(StatementFilterSet.default_sort, cursors.Position(0, key=halfway), False)


def busiest_country(statements):
    counts = statements.exclude(country=None).values("country").annotate(rows=Count("id"))
    busiest = counts.order_by("-rows", "country").first()
    return busiest["country"] if busiest else None


def statement_counts_by_forum(statements):
    rows = statements.exclude(forum=None).values_list("forum").annotate(Count("id"))
    return dict(rows.order_by())


def statement_counts_by_theme(statements):
    """Statements per theme tag: a statement on two themes under one root counts twice,
    which is close enough to choose the busiest root."""
    tags = Statement.themes.through.objects.filter(statement__in=statements)
    return dict(tags.values_list("theme").annotate(Count("id")).order_by())


def busiest_top_level(model, counts):
    """The slug of the published root (a forum or theme without a parent) whose tree holds
    the most statements, preferring roots that have children: their hubs and filters then
    include descendants."""
    records = list(model.objects.published().values_list("id", "parent_id", "slug"))
    parents = {record_id: parent for record_id, parent, _ in records}
    totals, has_children = Counter(), set()
    for record_id, parent, _ in records:
        has_children.add(parent)
        root = record_id
        while parents.get(root):
            root = parents[root]
        totals[root] += counts.get(record_id, 0)
    roots = [(record_id, slug) for record_id, parent, slug in records if parent is None]
    roots.sort(key=lambda root: (root[0] not in has_children, -totals[root[0]], root[1]))
    return roots[0][1] if roots else None


def middle_years(statements):
    """A range of about five years in the middle of the statements' dates."""
    span = statements.aggregate(first=Min("date_earliest"), last=Max("date_earliest"))
    middle = span["first"] + (span["last"] - span["first"]) / 2
    start = max(span["first"].year, middle.year - YEARS_OF_DATES // 2)
    return {"date_from": str(start), "date_to": str(start + YEARS_OF_DATES - 1)}


def sample_documents(statements, size=SAMPLE_SIZE):
    """The search documents of about `size` published statements spread over their ids:
    one indexed query, where ORDER BY random() would read the whole table."""
    span = statements.aggregate(first=Min("id"), last=Max("id"))
    step = max(1, (span["last"] - span["first"] + 1) // size)
    ids = range(span["first"], span["last"] + 1, step)
    return list(statements.filter(id__in=ids).values_list("search_document", flat=True))


def sample_words(documents):
    """The common word, middling word, rare word and quoted phrase of a sample of documents:
    counted by the documents they occur in."""
    common, phrases = Counter(), Counter()
    for document in documents:
        words = WORD.findall(document.lower())
        common.update({word for word in words if COMMON_WORD.fullmatch(word)})
        phrases.update(set(zip(words, words[1:], strict=False)))
    rare = sorted((word for word, n in common.items() if n == 1), key=lambda w: (-len(w), w))
    chosen = {}
    if common:
        chosen["common_word"] = most_frequent(common)
        middling = MIDDLING_SHARE * len(documents)
        chosen["middling_word"] = min(common, key=lambda w: (abs(common[w] - middling), w))
    if rare:
        chosen["rare_word"] = rare[0]
    if phrases:
        chosen["phrase"] = '"' + " ".join(most_frequent(phrases)) + '"'
    return chosen


def most_frequent(counter):
    """The most frequent key; the first in sorted order among equals, so runs agree."""
    return min(counter, key=lambda key: (-counter[key], key))


@dataclass
class Scenario:
    name: str
    path: str
    table: str | None = None  # the main table of a list or hub, whose plan is reported
    filtered: bool = False
    full_text: bool = False
    # Pages of the same kind asked for after `path`, each once in turn: what no process has
    # seen yet (and again from the first when there are more requests than pages).
    others: tuple = ()


def list_variants(p):
    """Each variant of a list: its name and its query, None where the data gives no value."""
    return {
        "country": p.country and {"country": p.country},
        "theme": p.theme and {"theme": p.theme},
        "forum": p.forum and {"forum": p.forum},
        "dates": p.date_from and {"date_from": p.date_from, "date_to": p.date_to},
        "q common": p.common_word and {"q": p.common_word},
        "q rare": p.rare_word and {"q": p.rare_word},
        "q phrase": p.phrase and {"q": p.phrase},
        "q+country+theme": p.common_word
        and p.country
        and p.theme
        and {"q": p.common_word, "country": p.country, "theme": p.theme},
        # The costliest searches found at a million statements: two common words as a
        # phrase they rarely form, an alternative with an exclusion, a deep page of a word.
        "q odd phrase": p.phrase and {"q": reversed_phrase(p.phrase)},
        "q or and not": p.common_word
        and p.rare_word
        and p.phrase
        and {"q": f"{p.rare_word} or {p.common_word} -{phrase_words(p.phrase)[0]}"},
        "q page 20": p.common_word and {"q": p.common_word, "page": "20"},
        # A word in one statement in twenty: too rare to come soon walking the dates, too
        # common to gather every match; with an alternative, deep, and newest first.
        "q middling": p.middling_word and {"q": p.middling_word},
        "q middling or": p.middling_word
        and p.rare_word
        and p.phrase
        and {"q": f"{p.middling_word} or {p.rare_word} -{phrase_words(p.phrase)[0]}"},
        "q middling p20": p.middling_word and {"q": p.middling_word, "page": "20"},
        "q middling p40": p.middling_word and {"q": p.middling_word, "page": "40"},
        "q mid newest p20": p.middling_word
        and {"q": p.middling_word, "sort": "-date", "page": "20"},
        "q middling p100": p.middling_word and {"q": p.middling_word, "page": "100"},
        "q common page 400": p.common_word and {"q": p.common_word, "page": "400"},
        "q common+country": p.common_word
        and p.country
        and {"q": p.common_word, "country": p.country},
        "sort=title": {"sort": "title"},
        "page 200": {"page": "200"},
    }


def phrase_words(phrase):
    return phrase.strip('"').split()


def reversed_phrase(phrase):
    """'"the statement"' → '"statement the"': common words, rarely together in that order."""
    return '"' + " ".join(reversed(phrase_words(phrase))) + '"'


LISTS = {
    "statements": ("statements_statement", list(list_variants(Parameters()))),
    "agreements": (
        "statements_agreement",
        ["country", "theme", "dates", "q common", "q rare", "q phrase", "q+country+theme"]
        + ["sort=title", "page 200"],
    ),
    "events": (
        "statements_event",
        ["forum", "country", "dates", "q common", "q rare", "q phrase", "sort=title", "page 200"],
    ),
    "actors": (
        "statements_actor",
        ["country", "q common", "q rare", "q phrase", "sort=title", "page 200"],
    ),
}
PAGE_PARAMETERS = {"sort", "page"}


def scenarios(p):
    """Every scenario, in the order they are reported; those the data gives no value for are
    named with a None path."""
    found = []
    variants = list_variants(p)
    for list_name, (table, names) in LISTS.items():
        found.append(Scenario(list_name, f"/{list_name}/", table))
        for name in names:
            query = variants[name]
            path = query and f"/{list_name}/?{urlencode(query)}"
            filtered = bool(query) and bool(set(query) - PAGE_PARAMETERS)
            found.append(
                Scenario(f"{list_name} {name}", path, table, filtered, bool(query) and "q" in query)
            )
    statement = "statements_statement"
    found.append(Scenario("statement page", p.statement))
    first, *others = p.first_visits or [None]
    found.append(Scenario("first visit to a statement", first, others=tuple(others)))
    found.append(Scenario("country hub", p.country and f"/countries/{p.country}/", statement, True))
    found.append(Scenario("forum hub", p.forum and f"/forums/{p.forum}/", statement, True))
    found.append(Scenario("theme hub", p.theme and f"/themes/{p.theme}/", statement, True))
    return found + feed_and_sitemap_scenarios(p) + api_scenarios(p)


def api_scenarios(p):
    """The API's lists, first and deep pages, a record, a hub and its description."""
    statement = "statements_statement"
    listed = [
        ("api statements", ""),
        ("api statements 500", "limit=500"),
        ("api statements deep", p.deep_cursor and urlencode({"cursor": p.deep_cursor})),
        ("api statements country", p.country and f"country={p.country}"),
        ("api statements theme", p.theme and f"theme={p.theme}"),
        ("api statements title", "sort=title"),
        ("api statements q common", p.common_word and f"q={p.common_word}"),
        ("api statements q middling", p.middling_word and f"q={p.middling_word}"),
        ("api statements q rare", p.rare_word and f"q={p.rare_word}"),
    ]
    found = [
        Scenario(
            name,
            None if query is None else f"/api/v1/statements/?{query}".removesuffix("?"),
            statement,
            filtered=bool(query) and query.split("=")[0] in ("country", "theme", "q"),
            full_text=bool(query) and query.startswith("q="),
        )
        for name, query in listed
    ]
    record = p.statement and "/api/v1/statements/{}/".format(p.statement.split("/")[2])
    found += [
        Scenario("api agreements", "/api/v1/agreements/", "statements_agreement"),
        Scenario("api statement", record),
        Scenario(
            "api country hub", p.country and f"/api/v1/countries/{p.country}/", statement, True
        ),
        Scenario("api description", "/api/v1/openapi.json"),
    ]
    return found


def feed_and_sitemap_scenarios(p):
    """The feeds (newest published first) and the sitemap's index and sections."""
    statement = "statements_statement"
    feeds = [
        ("statements feed", "/statements/feed.atom", statement, False),
        ("statements feed country", p.country and f"/statements/feed.atom?country={p.country}"),
        ("statements feed theme", p.theme and f"/statements/feed.atom?theme={p.theme}"),
        ("statements feed q common", p.common_word and f"/statements/feed.atom?q={p.common_word}"),
        ("agreements feed", "/agreements/feed.atom", "statements_agreement", False),
        ("events feed", "/events/feed.atom", "statements_event", False),
        ("country feed", p.country and f"/countries/{p.country}/feed.atom"),
        ("forum feed", p.forum and f"/forums/{p.forum}/feed.atom"),
        ("theme feed", p.theme and f"/themes/{p.theme}/feed.atom"),
        ("actor feed", p.actor and f"/actors/{p.actor}/feed.atom"),
    ]
    found = [
        Scenario(name, path, *rest) if rest else Scenario(name, path, statement, True)
        for name, path, *rest in feeds
    ]
    section = p.sitemap_section
    found += [
        Scenario("sitemap index", "/sitemap.xml"),
        Scenario("sitemap statements first", "/sitemaps/statements-1.xml", statement),
        Scenario(
            "sitemap statements middle",
            section and f"/sitemaps/statements-{section}.xml",
            statement,
        ),
        Scenario("sitemap of lists and topics", "/sitemaps/hubs.xml"),
    ]
    return found


@dataclass
class Measure:
    """What `requests` timed requests of one scenario gave."""

    statuses: list
    seconds: list
    queries: list  # the captured queries of one more request

    @property
    def status(self):
        """The first answer that was not 200, else 200."""
        return next((status for status in self.statuses if status != 200), 200)

    @property
    def p50(self):
        return statistics.median(self.seconds)

    @property
    def p95(self):
        """The nearest-rank 95th percentile: of 20 requests, the 19th fastest."""
        ordered = sorted(self.seconds)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]


def measure(browser, path, requests, warm_up, others=()):
    """Time `requests` requests of `path` after `warm_up` untimed ones, then capture the
    queries of one more: capturing costs time, so it is kept out of the timed ones. With
    `others`, each request asks for the next of `path` and `others`."""
    paths = itertools.cycle([path, *others])
    for _ in range(warm_up):
        browser.get(next(paths))
    statuses, seconds = [], []
    for _ in range(requests):
        status, elapsed = browser.get(next(paths))
        statuses.append(status)
        seconds.append(elapsed)
    with CaptureQueriesContext(connection) as captured:
        statuses.append(browser.get(next(paths))[0])
    return Measure(statuses, seconds, captured.captured_queries)


# Plans (PostgreSQL): what the slowest query of a scenario's main table does.

PLAN_NODES = 4
COUNT_LIMIT = 10_000


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]


def nodes(plan):
    """The plan's nodes, root first, depth first."""
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def node_name(node):
    target = node.get("Index Name") or node.get("Relation Name")
    return f"{node['Node Type']} ({target})" if target else node["Node Type"]


@dataclass
class PlanReport:
    top: str  # e.g. "Limit > Index Scan (st_public_country)"
    seq_scans: list  # the tables read whole by any of the scenario's queries
    large_counts: list  # planner estimates of rows counted without a bound


def plan_report(queries, table):
    """EXPLAIN every SELECT of `queries` that reads `table` and every unbounded count."""
    reading = [q for q in queries if is_select(q["sql"]) and f'"{table}"' in q["sql"]]
    plans = {id(q): explain(q["sql"]) for q in reading}
    slowest = max(reading, key=lambda q: float(q["time"]), default=None)
    seq_scans = sorted(
        {
            n["Relation Name"]
            for plan in plans.values()
            for n in nodes(plan)
            if n["Node Type"] == "Seq Scan" and n.get("Relation Name") == table
        }
    )
    top = path_to(plans[id(slowest)], table) if slowest else ""
    return PlanReport(top, seq_scans, large_counts(queries))


def path_to(plan, table):
    """The nodes from the root down to the first that reads `table`, the middle elided:
    "Limit > Nested Loop > … > Index Scan (st_public_country)"."""
    path = reading_path(plan, table) or [plan]
    names = [node_name(node) for node in path]
    if len(names) > PLAN_NODES:
        names = [*names[: PLAN_NODES - 2], "…", names[-1]]
    return " > ".join(names)


def reading_path(plan, table):
    if plan.get("Relation Name") == table:
        return [plan]
    for child in plan.get("Plans", []):
        if below := reading_path(child, table):
            return [plan, *below]
    return None


def is_select(sql):
    return sql.lstrip().upper().startswith("SELECT")


def large_counts(queries):
    """The rows each COUNT without a LIMIT feeds on, by the planner's estimate, where more
    than COUNT_LIMIT: exact counts the pages promise not to make."""
    found = []
    for query in queries:
        sql = query["sql"]
        if is_select(sql) and "COUNT(" in sql.upper() and "LIMIT" not in sql.upper():
            for node in nodes(explain(sql)):
                if node["Node Type"] == "Aggregate" and node.get("Plans"):
                    rows = node["Plans"][0]["Plan Rows"]
                    if rows > COUNT_LIMIT:
                        found.append(rows)
    return found
