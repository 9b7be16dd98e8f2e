"""Full-text search, the same on PostgreSQL and SQLite.

A query is read once, here, into words, "quoted phrases", `or` and `-excluded` words (the
syntax of PostgreSQL's websearch_to_tsquery), and then written for each database: a
tsquery over a stored, GIN-indexed tsvector on PostgreSQL; an FTS5 MATCH expression over an
external-content FTS5 table on SQLite. Both stem English words (Snowball and Porter), keep
stop words and ignore accents.
"""

import re
from dataclasses import dataclass, field

from django.db import connection, connections
from django.db.models.expressions import RawSQL

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


def matching_ids(table, query):
    """SQL (and params) selecting the ids of `table` rows that match `query`."""
    if connection.vendor == "postgresql":
        return (
            f"SELECT id FROM {table} "
            f"WHERE search_vector @@ websearch_to_tsquery('{SEARCH_CONFIG}', %s)",
            [query.as_websearch()],
        )
    return f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s", [query.as_fts5()]


def relevance(table, query):
    """An expression ordering rows by relevance, best first when sorted descending."""
    if connection.vendor == "postgresql":
        return RawSQL(
            f"ts_rank({table}.search_vector, websearch_to_tsquery('{SEARCH_CONFIG}', %s))",
            [query.as_websearch()],
        )
    # bm25() is lower for better matches, so it is negated.
    return RawSQL(
        f"(SELECT -bm25({table}_fts) FROM {table}_fts "
        f"WHERE {table}_fts MATCH %s AND {table}_fts.rowid = {table}.id)",
        [query.as_fts5()],
    )


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
