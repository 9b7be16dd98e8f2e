"""Writing synthetic records in bulk: COPY on PostgreSQL, large INSERT batches on SQLite.

Nothing goes through save() or the history: the records arrive with every derived field
filled (see records.py). On PostgreSQL the loaded tables' indexes (the GIN search indexes
among them) and constraints, but primary keys, are dropped for the load and made again
in one pass each afterwards, far faster than keeping them up to date row by row.

The stored search columns stay: PostgreSQL computes each row's tsvector as COPY delivers
it, on its own core while Python makes the next rows. Dropping the column and adding it
back after the load (tried) computes the same tsvectors on one core once Python is done,
and rewrites the whole table on top: slower on a two-core machine.
"""

import multiprocessing
import re
import signal
import time
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, connections, transaction
from django.db.models import Exists, OuterRef

from .. import agreement_countries
from ..exports.cells import CITED, keep
from ..models import (
    Actor,
    Agreement,
    AgreementCountry,
    AgreementParty,
    Event,
    Forum,
    Role,
    Source,
    SourceCopy,
    Statement,
    StatementExportCells,
)
from .records import SYNTHETIC_URL

BATCH = 5_000
SOURCED = [Forum, Actor, Role, Event, Statement, Agreement]
MODELS = [Source, *SOURCED, AgreementParty, AgreementCountry, StatementExportCells]


class Refused(Exception):
    pass


class Quiet:
    """Progress that reports nothing."""

    @contextmanager
    def phase(self, name):
        yield

    def advance(self, label, done, total, seconds):
        pass

    def took(self, label, seconds):
        pass


@dataclass
class Table:
    name: str
    fields: list  # model fields in column order

    @classmethod
    def of(cls, model):
        return cls(model._meta.db_table, list(model._meta.concrete_fields))

    @classmethod
    def linking(cls, model, field_name):
        """The table of a many-to-many relation, without its id (the database numbers it)."""
        through = model._meta.get_field(field_name).remote_field.through
        return cls(through._meta.db_table, list(through._meta.concrete_fields[1:]))

    @property
    def columns(self):
        return ", ".join(connection.ops.quote_name(field.column) for field in self.fields)

    def row(self, record):
        return tuple(getattr(record, field.attname) for field in self.fields)


def all_tables():
    """Every table the generator writes, with those of the many-to-many relations."""
    tables = [model._meta.db_table for model in MODELS]
    for model in MODELS:
        tables += [
            field.remote_field.through._meta.db_table for field in model._meta.local_many_to_many
        ]
    return tables


# Refusal: synthetic data goes only into a database without curated records.


def curated_counts():
    """How many records of each kind are not synthetic: {verbose name plural: count}."""
    counts = {Source: Source.objects.exclude(url__startswith=SYNTHETIC_URL).count()}
    for model in SOURCED:
        through = model.sources.through
        synthetic = through.objects.filter(
            **{model._meta.model_name: OuterRef("pk")}, source__url__startswith=SYNTHETIC_URL
        )
        counts[model] = model.objects.exclude(Exists(synthetic)).count()
    return {model._meta.verbose_name_plural: n for model, n in counts.items() if n}


def check_database(replace=False):
    """Raise Refused unless the database is empty of records, or holds only synthetic ones
    and `replace` allows deleting them."""
    curated = curated_counts()
    if curated:
        listed = ", ".join(f"{n:,} {name}" for name, n in curated.items())
        raise Refused(
            f"The database holds curated records ({listed}) that generate_synthetic did not "
            "make: it writes synthetic data only into a database without them. Nothing was "
            "written."
        )
    if not replace and any(model.objects.exists() for model in MODELS):
        raise Refused(
            "The database holds synthetic records already: run again with --replace to delete "
            "them first. Nothing was written."
        )


def delete_everything():
    """Delete every record the generator writes, and the kept documents of its sources; the
    caller has checked they are synthetic."""
    tables = [*all_tables(), SourceCopy._meta.db_table]
    with connection.cursor() as cursor:
        for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
            cursor.execute(sql)


# Writing.


class CopyWriter:
    """PostgreSQL: COPY … FROM STDIN, rows formatted by psycopg."""

    def __init__(self, cursor):
        self.cursor = cursor.cursor  # psycopg's own cursor behind Django's wrapper

    def write(self, table, rows):
        with self.cursor.copy(f"COPY {table.name} ({table.columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


class InsertWriter:
    """SQLite: executemany of INSERTs, values made ready for the database by each field."""

    def __init__(self, cursor):
        self.cursor = cursor

    def write(self, table, rows):
        placeholders = ", ".join(["%s"] * len(table.fields))
        sql = f"INSERT INTO {table.name} ({table.columns}) VALUES ({placeholders})"
        self.cursor.executemany(
            sql,
            [
                [
                    field.get_db_prep_save(value, connection)
                    for field, value in zip(table.fields, row, strict=True)
                ]
                for row in rows
            ],
        )


class Batch:
    """Rows waiting to be written, by table, in the order their tables first appeared."""

    def __init__(self, writer):
        self.writer = writer
        self.tables = {}
        self.rows = defaultdict(list)

    def add(self, record, related):
        model = type(record)
        table = self.table(model, None)
        self.rows[table.name].append(table.row(record))
        for field_name, ids in related.items():
            linking = self.table(model, field_name)
            self.rows[linking.name].extend((record.pk, other) for other in ids)

    def table(self, model, field_name):
        key = (model, field_name)
        if key not in self.tables:
            self.tables[key] = Table.linking(model, field_name) if field_name else Table.of(model)
        return self.tables[key]

    def flush(self):
        for table in self.tables.values():
            if self.rows[table.name]:
                self.writer.write(table, self.rows.pop(table.name))


def load_records(stage, records, writer, advance=None):
    """Write the records in batches; return how many of them are of the stage's model."""
    batch, done = Batch(writer), 0
    for record, related in records:
        batch.add(record, related)
        if type(record) is stage.model:
            done += 1
            if done % BATCH == 0:
                batch.flush()
                if advance:
                    advance(done)
    batch.flush()
    return done


def load_stage(stage, writer, progress):
    started = time.monotonic()

    def advance(done):
        progress.advance(stage.label, done, stage.total, time.monotonic() - started)

    advance(load_records(stage, stage.records(), writer, advance))


def load(stages, replace, progress):
    """Write every stage's records in the caller's transaction (after deleting the previous
    ones, with `replace`)."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            if replace:
                delete_everything()
            for stage in stages:
                load_stage(stage, InsertWriter(cursor), progress)
            return
        restore = prepare(cursor, replace, progress)
        for stage in stages:
            load_stage(stage, CopyWriter(cursor), progress)
    finish(restore, progress)


def begin_parallel_load(stages, replace, progress):
    """PostgreSQL, in the caller's transaction: set the indexes aside and write the stages
    that later ones refer to; the rest is for `load_in_workers`. Returns what finish() needs."""
    with connection.cursor() as cursor:
        restore = prepare(cursor, replace, progress)
        for stage in stages:
            if not stage.parallel:
                load_stage(stage, CopyWriter(cursor), progress)
    return restore


def prepare(cursor, replace, progress):
    # Pending deferred checks would stop TRUNCATE and ALTER TABLE.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    if replace:
        with progress.phase("delete the previous synthetic data"):
            delete_everything()
    with progress.phase("set indexes and constraints aside"):
        return set_aside(cursor, all_tables())


def finish(restore, progress, indexes_made=False):
    """Make the indexes (unless parallel workers did) and constraints again and reset the
    sequences, in the caller's transaction."""
    indexes, constraints = restore
    with connection.cursor() as cursor:
        if not indexes_made:
            with progress.phase("indexes"):
                for _, sql in indexes:
                    cursor.execute(f"SET LOCAL maintenance_work_mem = '{index_memory(sql)}'")
                    cursor.execute(sql)
        with progress.phase("unique constraints and foreign keys"):
            execute_all(cursor, constraints)
        with progress.phase("reset sequences"):
            execute_all(cursor, connection.ops.sequence_reset_sql(no_style(), MODELS))


def keep_bound_countries(progress):
    """The countries each agreement binds (see agreement_countries.py), which the load does
    not write."""
    with progress.phase("countries bound by agreements"):
        agreement_countries.keep_all()


def keep_export_cells(progress):
    """PostgreSQL: the statements' export cells (see exports/cells.py), which COPY does not
    write. (Parallel workers compute them while the search index is built: see
    after_the_load.)

    The tables the cells are computed from are analysed first. Without statistics,
    PostgreSQL looked up each statement's countries by reading all 249 countries, 0.9 ms a
    statement: the phase took 450 s instead of 40 s."""
    if connection.vendor != "postgresql":
        return
    with progress.phase("export cells"):
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(cited_tables())}")
        keep(Statement.objects.all(), lock=False)


def cited_tables():
    """The tables the export cells are computed from."""
    tables = [Statement._meta.db_table]
    for model, relation in CITED.items():
        through = getattr(Statement, relation).through
        tables += [model._meta.db_table, through._meta.db_table]
    return tables


def vacuum_and_analyse(progress):
    """PostgreSQL: mark the written rows visible to every transaction, so that counts and
    deep pages read their indexes alone instead of visiting each row (autovacuum would, but
    later, while a benchmark runs), and analyse every table, the countries and themes too:
    autovacuum never analyses tables that small, and without statistics the planner
    misjudges how many themes are published. VACUUM cannot run in a transaction: inside a
    caller's, the written tables are only analysed."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:
            with progress.phase("analyse"):
                cursor.execute(f"ANALYZE {', '.join(all_tables())}")
            return
        with progress.phase("vacuum and analyse"):
            cursor.execute("VACUUM (ANALYZE)")


# Parallel workers (PostgreSQL, outside any transaction): each writes whole chunks of
# records, one transaction each, or builds an index, on a connection of its own.

_stages = []  # for the workers, which inherit it when forked


def load_in_workers(stages, restore, progress, workers):
    """Write the parallel stages' chunks, and build each table's indexes once the chunks
    that write it are queued: the long search index of one table is built while the next
    tables are written. CREATE INDEX waits for chunks still being written to commit.

    What the load leaves to compute is computed while the statements' search index is
    built, on one core, by the workers that would otherwise wait for it: the export cells,
    the countries each agreement binds, and the vacuum of the statements' long values."""
    indexes, _ = restore
    tables_done = {table for stage in stages if not stage.parallel for table in tables_of(stage)}
    # Tables no stage writes (filled after the load) have their indexes made at once.
    written = {table for stage in stages for table in tables_of(stage)}
    tables_done |= set(all_tables()) - written
    tasks = index_tasks(indexes, tables_done)
    writing = defaultdict(list)  # table: the tasks that write it or index it
    for n, stage in enumerate(stages):
        if stage.parallel:
            chunks = [(load_chunk, n, chunk) for chunk in stage.chunks]
            tasks += chunks
            for table in tables_of(stage):
                writing[table] += chunks
            tasks += index_tasks(indexes, tables_of(stage), writing)
    after = after_the_load(stages, writing, indexes)
    _stages[:] = stages
    done, seconds = defaultdict(int), defaultdict(float)
    for label, total, rows, task_seconds in in_workers([*tasks, *after], workers, after):
        if total is None:
            progress.took(label, task_seconds)
            continue
        done[label] += rows
        seconds[label] += task_seconds / workers
        progress.advance(label, done[label], total, seconds[label])


def after_the_load(stages, writing, indexes):
    """{task: the tasks it waits for} of what is computed from the loaded tables.

    A search index is waited for by nothing: ANALYZE, VACUUM and writes to its table
    would wait for it (CREATE INDEX locks the table in SHARE mode), but reading does not.
    So the statements are not analysed before their export cells are computed: their
    other indexes, built first, give the planner their size."""
    statements = Statement._meta.db_table
    total = next(stage.total for stage in stages if stage.model is Statement)

    def written(tables):
        return {task for table in tables for task in writing[table]}

    cells_read = cited_tables()
    analysed = (analyse, tuple(table for table in cells_read if table != statements))
    after = {analysed: written(cells_read) - search_index_tasks(indexes)}
    for start, end in statement_ranges(total, parts=8):
        after[(keep_range, start, end, total)] = {analysed}
    after[(keep_bound_countries_in_worker,)] = written([AgreementParty._meta.db_table])
    after[(vacuum_long_values, statements)] = {
        task for task in writing[statements] if task[0] is load_chunk
    }
    return after


def statement_ranges(total, parts):
    size = total // parts + 1
    return [(start, start + size) for start in range(1, total + 1, size)]


# Tasks for the workers: each returns (label, total, done, seconds) for the progress, and
# a task done in one go (label, None, None, seconds).


def timed(label, total, task):
    started = time.monotonic()
    done = task()
    return label, total, done, time.monotonic() - started


def once(label, task):
    return timed(label, None, task)


def analyse(tables):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")

    return once("analyse the tables the export cells read", run)


def keep_range(start, end, total):
    statements = Statement.objects.filter(pk__gte=start, pk__lt=end)
    return timed("export cells", total, lambda: keep(statements, lock=False))


def keep_bound_countries_in_worker():
    return once("countries bound by agreements", agreement_countries.keep_all)


def vacuum_long_values(table):
    """VACUUM the table's TOAST table, where its long texts and search vectors are: most of
    what the vacuum after the load would read and write, done while the table's search
    index is built (a VACUUM of the table itself would wait for it)."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltoastrelid::regclass::text FROM pg_class WHERE oid = %s::regclass",
                [table],
            )
            (toast,) = cursor.fetchone()
            cursor.execute(f"VACUUM {toast}")

    return once("vacuum the statements' long values", run)


def tables_of(stage):
    models = [stage.model, *stage.also]
    return {model._meta.db_table for model in models} | {
        field.remote_field.through._meta.db_table
        for model in models
        for field in model._meta.local_many_to_many
    }


def index_tasks(indexes, tables, writing=None):
    """The tasks that build the tables' indexes, noted in `writing` under their table."""
    tasks = []
    for table, sql in indexes:
        if table in tables:
            tasks.append((make_index, sql, len(indexes)))
            if writing is not None:
                writing[table].append(tasks[-1])
    return tasks


def index_memory(sql):
    """The memory for building an index. A b-tree sorts its entries in it; a GIN index was
    built faster with less: a million statements' search index took 212 s with 64 MB or
    256 MB, and 262 s with 1 GB."""
    return "256MB" if "USING gin" in sql else "1GB"


def search_index_tasks(indexes):
    return {(make_index, sql, len(indexes)) for _, sql in indexes if "USING gin" in sql}


def load_chunk(n, chunk):
    stage = _stages[n]

    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            return load_records(stage, stage.chunk(chunk), CopyWriter(cursor))

    return timed(stage.label, stage.total, run)


def make_index(sql, total):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(f"SET maintenance_work_mem = '{index_memory(sql)}'")
            cursor.execute(sql)
        return 1

    return timed("indexes", total, run)


def in_workers(tasks, workers, after=None):
    """function(*arguments) for every (function, *arguments) task, in `workers` forked
    processes, results as they come. A task that `after` maps to others starts once they
    have all finished; the others start in the order given. A failed or killed worker stops
    the rest: what has not started is cancelled."""
    after = after or {}
    waiting = [task for task in tasks if after.get(task)]
    finished = set()
    connections.close_all()  # a forked worker must not share the parent's connection
    fork = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=fork, initializer=leave_signals_to_parent) as pool:
        running = {pool.submit(*task): task for task in tasks if not after.get(task)}
        try:
            while running:
                completed, _ = wait(running, return_when=FIRST_COMPLETED)
                results = [future.result() for future in completed]
                finished.update(running.pop(future) for future in completed)
                for task in [task for task in waiting if after[task] <= finished]:
                    waiting.remove(task)
                    running[pool.submit(*task)] = task
                yield from results
        finally:
            for future in running:
                future.cancel()
    assert not waiting, f"tasks waiting for tasks never given: {waiting}"


def leave_signals_to_parent():
    """A worker finishes its task on Ctrl-C, which stops the parent; SIGTERM kills it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# PostgreSQL: indexes and constraints set aside during a load.

CONSTRAINTS = """
    SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
    FROM pg_constraint
    WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u')
    ORDER BY conrelid::regclass::text, conname
"""
INDEXES = """
    SELECT tablename, indexname, indexdef FROM pg_indexes
    WHERE schemaname = current_schema() AND tablename = ANY(%s)
      AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))
    ORDER BY tablename, indexname
"""


def set_aside(cursor, tables):
    """Drop the tables' indexes and constraints but primary keys; return the SQL that makes
    them again: ([(table, SQL)] of the indexes, the search indexes, longest to build, first;
    [SQL] of the constraints)."""
    cursor.execute(CONSTRAINTS, [tables])
    constraints = cursor.fetchall()
    cursor.execute(INDEXES, [tables])
    indexes = cursor.fetchall()
    for table, name, _, _kind in sorted(constraints, key=lambda c: c[3] != "f"):
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    for _, name, _ in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    # IF NOT EXISTS: after a failed parallel load, the indexes not built yet are built.
    indexes = sorted(
        (
            (table, re.sub(r"^CREATE (UNIQUE )?INDEX ", r"\g<0>IF NOT EXISTS ", sql))
            for table, _, sql in indexes
        ),
        key=lambda index: "USING gin" not in index[1],
    )
    # Unique constraints before the foreign keys, which may need them.
    constraints = sorted(constraints, key=lambda c: c[3] == "f")
    return indexes, [
        f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
        for table, name, definition, _kind in constraints
    ]


def execute_all(cursor, statements):
    for sql in statements:
        cursor.execute(sql)
