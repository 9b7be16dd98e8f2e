"""Full-text search, the same on PostgreSQL and SQLite.

A query is read once, here, into words, "quoted phrases", `or` and `-excluded` words (the
syntax of PostgreSQL's websearch_to_tsquery), and then written for each database: a
tsquery over a stored, GIN-indexed tsvector on PostgreSQL; an FTS5 MATCH expression over an
external-content FTS5 table on SQLite. Both stem English words (Snowball and Porter), keep
stop words and ignore accents.
"""

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import BooleanField, DateField, Expression, FloatField, Q, TextField, Window
from django.db.models.functions import RowNumber

from . import keyset

# PostgreSQL text search configuration made by migration 0005 to match SQLite's FTS5
# tokenizer (porter unicode61 remove_diacritics 2): English stems, no stop words, accents
# removed.
SEARCH_CONFIG = "demarche"
SEARCHABLE_TABLES = [
    "statements_statement",
    "statements_agreement",
    "statements_event",
    "statements_actor",
]
MAX_QUERY_LENGTH = 500
MAX_TERMS = 32
# Rows expected to hold all the words of a phrase, above which a page searches for the words
# (see filters.PublicFilterSet.filter_q): checking each for the phrase took seconds.
PHRASE_CHECK_LIMIT = 20_000
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
WORD = re.compile(r"\w+")


class SearchQueryError(ValueError):
    pass


@dataclass
class Term:
    words: list
    excluded: bool = False


@dataclass
class Alternative:
    """Terms that must all hold (the excluded ones must not)."""

    terms: list = field(default_factory=list)

    @property
    def included(self):
        return [term for term in self.terms if not term.excluded]

    @property
    def excluded(self):
        return [term for term in self.terms if term.excluded]


@dataclass
class SearchQuery:
    alternatives: list

    @classmethod
    def parse(cls, text):
        alternatives = [Alternative()]
        for match in TOKEN.finditer(text):
            minus, phrase, bare = match.groups()
            if bare is not None and bare.lower() == "or":
                alternatives.append(Alternative())
                continue
            if bare is not None:
                minus, phrase = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
            words = WORD.findall(phrase.lower())
            if words:
                alternatives[-1].terms.append(Term(words, excluded=bool(minus)))
        alternatives = [alternative for alternative in alternatives if alternative.terms]
        if not alternatives:
            raise SearchQueryError("has no words to search for")
        if any(not alternative.included for alternative in alternatives):
            raise SearchQueryError("excludes words (-word) without a word to search for")
        if sum(len(alternative.terms) for alternative in alternatives) > MAX_TERMS:
            raise SearchQueryError(f"has more than {MAX_TERMS} terms")
        return cls(alternatives)

    @property
    def phrases(self):
        """The included terms of more than one word."""
        return [t for alt in self.alternatives for t in alt.included if len(t.words) > 1]

    def words_only(self):
        """The query with each included phrase as its words, each of them required."""
        alternatives = []
        for alt in self.alternatives:
            terms = [Term([word]) for term in alt.included for word in term.words]
            alternatives.append(Alternative(terms + alt.excluded))
        return SearchQuery(alternatives)

    @property
    def highlight_words(self):
        return sorted(
            {word for alt in self.alternatives for term in alt.included for word in term.words}
        )

    def as_websearch(self):
        """For PostgreSQL's websearch_to_tsquery: every term quoted, `or` between groups."""

        def term(t):
            return ("-" if t.excluded else "") + '"' + " ".join(t.words) + '"'

        return " or ".join(" ".join(term(t) for t in alt.terms) for alt in self.alternatives)

    def as_fts5(self):
        """For SQLite FTS5: NOT binds tighter than AND, which binds tighter than OR."""

        def phrase(t):
            return '"' + " ".join(t.words) + '"'

        groups = []
        for alt in self.alternatives:
            group = "(" + " AND ".join(phrase(t) for t in alt.included) + ")"
            for t in alt.excluded:
                group = f"({group} NOT {phrase(t)})"
            groups.append(group)
        return " OR ".join(groups)


class TableExpression(Expression):
    """SQL about the row of the query's own table, whatever alias the table has there (a
    subquery of the same table renames it, e.g. to U0)."""

    def __init__(self, query):
        super().__init__()
        self.query = query

    def __eq__(self, other):
        return type(self) is type(other) and self.query == other.query

    def __hash__(self):
        return hash((type(self), self.query.as_websearch()))

    def table(self, compiler):
        return compiler.quote_name_unless_alias(compiler.query.get_initial_alias())

    def db_table(self, compiler):
        return compiler.query.model._meta.db_table


class Matches(TableExpression):
    """True for the rows that match the search `query`.

    On PostgreSQL the row's own tsvector is tested, so the planner can combine the GIN index
    with the other filters' indexes, or walk the sort's index and test each row.
    """

    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler, connection):
        table = self.table(compiler)
        if connection.vendor == "postgresql":
            return (
                f"{table}.search_vector @@ websearch_to_tsquery('{SEARCH_CONFIG}', %s)",
                [self.query.as_websearch()],
            )
        fts = f"{self.db_table(compiler)}_fts"
        return (
            f"{table}.id IN (SELECT rowid FROM {fts} WHERE {fts} MATCH %s)",
            [self.query.as_fts5()],
        )


class StoredVector(TableExpression):
    """The row's search vector, as PostgreSQL stores it (read only within a query)."""

    output_field = TextField()

    def as_sql(self, compiler, connection):
        return f"{self.table(compiler)}.search_vector", []


def ranked_by(vector):
    """PostgreSQL's rank of the search vector `vector` (SQL) for the query, its one parameter."""
    return f"ts_rank({vector}, websearch_to_tsquery('{SEARCH_CONFIG}', %s))"


class Relevance(TableExpression):
    """How well a row matches the search `query`: higher is better."""

    output_field = FloatField()

    def as_sql(self, compiler, connection):
        table = self.table(compiler)
        if connection.vendor == "postgresql":
            return ranked_by(f"{table}.search_vector"), [self.query.as_websearch()]
        fts = f"{self.db_table(compiler)}_fts"
        # bm25() is lower for better matches, so it is negated.
        return (
            f"(SELECT -bm25({fts}) FROM {fts} WHERE {fts} MATCH %s AND {fts}.rowid = {table}.id)",
            [self.query.as_fts5()],
        )


# Rows a search may walk through (reading each one's search vector, some 13 µs a row at a
# million statements) to find its matches in a list's order.
WALKED_ROWS = 5_000
# Otherwise the matches are gathered from a window of the first rows in the list's order,
# sized to hold this many times as many matches as are wanted, and of at most this many rows
# (read from an index, skipping, to find where the window ends) and matches.
WINDOW_MARGIN = 4
WINDOW_ROWS = 400_000
WINDOW_MATCHES = 8_000
# Walking through a row costs about three times as long as gathering a match.
WALK_COST = 3
# What a page of a search may cost, in matches gathered (some 5 µs each): past it a page is
# out of reach (rows_in_reach)...
PAGE_COST = 45_000
# ...unless it is reached by walking the order through at most this many rows, which leaves
# the deepest page of a word in half the statements some 50 ms short of 300 ms.
PAGE_WALK = 12_000


def matches_in_order(search, matches, everything, order, start, stop, ranked=False):
    """The ids of rows `start` to `stop` of `matches` (`everything` filtered, `search` among
    the filters) in `order`; `ranked`, each with its relevance (`with_relevance`).

    On PostgreSQL, cut short, a search may walk the order's index (or another filter's) and
    test each row on the way, which reads the row's long search vector: a cost the planner
    does not count. It is small when matches are common and come soon, so a search whose
    words are in enough rows walks. A rarer one would read thousands of rows, or the whole
    table for a phrase that matches nothing (0.8 s for 100,000 agreements), or, for a word in
    one row of twenty, 0.24 s to find the first thousand of its 50,000 matches.

    Then the matches are gathered from a window of the first rows of `everything` in
    `order`, expected to hold WINDOW_MARGIN times as many as wanted, whose rows and the
    search's are intersected on their indexes so that only matches are read (20 ms for the
    word above). When there is no such window, or it holds too few, every match is gathered
    if there are fewer than the rows a walk would read, else the order is walked (a deep
    page of a word in most rows). Elsewhere, as the planner chooses.
    """
    ordered = matches.order_by(*order)
    read = with_relevance if ranked else ids_of
    if connections[matches.db].vendor != "postgresql":
        return read(search, ordered, order, start, stop)
    rows = expected_rows(everything)
    walked = stop * rows / max(expected_rows(everything.filter(Matches(search))), 1)
    expected = expected_rows(matches)
    window = None if walked <= WALKED_ROWS else window_of(everything, order, rows, expected, stop)
    if window is not None:
        with walking_the_order(matches.db, False):
            found = read(search, ordered.filter(window), order, start, stop)
        if len(found) == stop - start:
            return found
    # Gathering every match costs reading each; walking, reading the rows on the way and
    # their search vectors.
    with walking_the_order(matches.db, walked <= max(WALKED_ROWS, expected / WALK_COST)):
        return read(search, ordered, order, start, stop)


def ids_of(search, ordered, order, start, stop):
    return list(ordered.values_list("pk", flat=True)[start:stop])


def with_relevance(search, ordered, order, start, stop):
    """(id, relevance) of rows `start` to `stop` of `ordered` (in `order`), in that order.

    On PostgreSQL each row is ranked as it is found, by a query around the one that finds
    them: ranking them after, by their ids, looked each of them up again (1,000 rows took
    15 ms, most of it finding them). Their positions keep the order, and only the rows found
    are ranked."""
    if connections[ordered.db].vendor != "postgresql":
        return list(ordered.values_list("pk", Relevance(search))[start:stop])
    found = ordered.annotate(
        vector=StoredVector(search), position=Window(RowNumber(), order_by=order)
    ).values_list("pk", "vector", "position")[start:stop]
    sql, params = found.query.get_compiler(using=found.db).as_sql()
    rank = ranked_by("found.vector")
    ranking = f"SELECT found.pk, {rank} FROM ({sql}) AS found ORDER BY found.position"
    with connections[found.db].cursor() as cursor:
        cursor.execute(ranking, [search.as_websearch(), *params])
        return cursor.fetchall()


def rows_in_reach(search, matches, everything):
    """How far into `matches` (`everything` filtered, `search` among the filters) a page may
    reach in time: all the way (None), unless gathering every match costs more than
    PAGE_COST; then as far as a walk through PAGE_WALK rows finds (a word in most rows)."""
    if connections[matches.db].vendor != "postgresql" or expected_rows(matches) <= PAGE_COST:
        return None
    share = expected_rows(everything.filter(Matches(search))) / max(expected_rows(everything), 1)
    return int(PAGE_WALK * share)


def window_of(everything, order, rows, expected, wanted):
    """The rows of a window of the first rows of `everything` (`rows` of them) in `order`,
    expected to hold WINDOW_MARGIN times `wanted` of the `expected` matches, as a condition
    on the order's first column, a date; None when it would hold half the rows or half the
    matches, or more matches than WINDOW_MATCHES: gathering every match then costs as much."""
    size = int(rows * WINDOW_MARGIN * wanted / max(expected, 1))
    held = WINDOW_MARGIN * wanted
    if size > min(rows // 2, WINDOW_ROWS) or held > min(expected / 2, WINDOW_MATCHES):
        return None
    [first, *_], _ = keyset.columns(order)
    # A range of dates, few and repeated, makes a small bitmap; a range of titles took
    # longer to intersect than gathering every match.
    if not isinstance(everything.model._meta.get_field(first.field), DateField):
        return None
    end = everything.order_by(*order).values_list(first.field, flat=True)[size : size + 1]
    value = end.first()
    if value is None:
        return None
    return Q(**{f"{first.field}__{'gte' if first.descending else 'lte'}": value})


@contextmanager
def walking_the_order(using, walk):
    """PostgreSQL plans the queries inside with index scans (walking an order's index) or
    not (gathering rows from bitmaps of indexes and sorting them)."""
    database = connections[using]
    value = "on" if walk else "off"
    walks = (
        "SELECT set_config('enable_indexscan', %s, true), set_config('enable_seqscan', %s, true)"
    )
    # Set for this transaction only, or this savepoint when it is rolled back; set back to
    # PostgreSQL's defaults for the rest of an outer transaction.
    with transaction.atomic(using=using), database.cursor() as cursor:
        cursor.execute(walks, [value, value])
        yield
        cursor.execute(walks, ["on", "on"])


def expected_rows(queryset):
    """How many rows PostgreSQL's planner expects `queryset`, uncut and unsorted, to give;
    planned once for the queryset, which a page asks about more than once."""
    if not hasattr(queryset, "_expected_rows"):
        plan = json.loads(queryset.order_by().explain(format="json"))
        queryset._expected_rows = plan[0]["Plan"]["Plan Rows"]
    return queryset._expected_rows


# Schema: run by the migration, per database.


def create_search_configuration(schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in [
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        f"CREATE TEXT SEARCH DICTIONARY {SEARCH_CONFIG}_stem "
        "(TEMPLATE = snowball, Language = english)",
        f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = english)",
        f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR "
        "asciiword, asciihword, hword_asciipart, word, hword, hword_part "
        f"WITH unaccent, {SEARCH_CONFIG}_stem",
    ]:
        schema_editor.execute(sql)


def drop_search_configuration(schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")
    schema_editor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {SEARCH_CONFIG}_stem")


def create_search_index(schema_editor, table):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('{SEARCH_CONFIG}'::regconfig, search_document)) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)")
        return
    fts = f"{table}_fts"
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE {fts} USING fts5(search_document, content='{table}', "
        "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"
    )
    for sql in sqlite_triggers(table):
        schema_editor.execute(sql)
    schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def sqlite_triggers(table):
    """The triggers that keep the FTS5 table of `table` in step with it."""
    fts = f"{table}_fts"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_document) "
        "VALUES ('delete', old.id, old.search_document); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF search_document ON {table} "
        f"BEGIN INSERT INTO {fts}({fts}, rowid, search_document) "
        "VALUES ('delete', old.id, old.search_document); "
        f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document); END",
    ]


def restore_sqlite_triggers(using="default", **kwargs):
    """After migrations on SQLite: put back search triggers that a migration dropped.

    SQLite alters a table by copying it into a new one, which drops the table's triggers, so
    any migration that alters a searchable table would silently stop search from seeing new
    and changed records. Connected to post_migrate.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {name for (name,) in cursor.fetchall()}
        for table in SEARCHABLE_TABLES:
            fts = f"{table}_fts"
            if fts not in present or f"{fts}_update" in present:
                continue
            for sql in sqlite_triggers(table):
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def drop_search_index(schema_editor, table):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        return
    for trigger in ("insert", "delete", "update"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_fts_{trigger}")
    schema_editor.execute(f"DROP TABLE IF EXISTS {table}_fts")
