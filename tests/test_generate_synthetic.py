"""`manage.py generate_synthetic`: the same data for the same seed, consistent with what
the models would save, skewed like real data, and never written over curated records."""

import hashlib
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from statements.dates import When
from statements.models import (
    Actor,
    Agreement,
    AgreementParty,
    CachedCounts,
    Event,
    Forum,
    Role,
    Source,
    Statement,
    StatementExportCells,
    Status,
)
from statements.synthetic.loading import MODELS, all_tables, in_workers
from statements.synthetic.text import Prose, Vocabulary

from .expected import assert_copied_as_python_writes, bound_by_the_parties, kept_countries
from .factories import make_statement

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SMALL = ["--statements", "300", "--agreements", "30", "--actors", "50", "--events", "20"]


def generate(*arguments):
    call_command("generate_synthetic", *SMALL, "--verbosity", "0", *arguments)


def digest():
    """A fingerprint of every statement and its relations."""
    statements = Statement.objects.order_by("id").values_list()
    themes = Statement.themes.through.objects.order_by("statement", "theme__slug")
    sources = Statement.sources.through.objects.order_by("statement", "source")
    rows = [
        *statements,
        *themes.values_list("statement", "theme__slug"),
        *sources.values_list("statement", "source__url"),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def record_counts():
    return {model: model.objects.count() for model in MODELS}


def test_the_same_seed_gives_the_same_data():
    generate("--seed", "7")
    first = digest()
    generate("--seed", "7", "--replace")
    assert digest() == first
    generate("--seed", "8", "--replace")
    assert digest() != first


def test_refuses_a_database_with_a_curated_statement_and_writes_nothing():
    make_statement(title="A curated statement")
    before = record_counts()
    with pytest.raises(CommandError, match=r"curated records \(.*1 statements"):
        generate("--replace")
    assert record_counts() == before


def test_refuses_to_write_over_a_synthetic_dataset_without_replace():
    generate()
    before = record_counts()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    assert record_counts() == before


def test_replacing_a_dataset_forgets_the_counts_the_pages_kept(client):
    generate()
    client.get("/")
    assert CachedCounts.objects.exists()
    generate("--replace")
    assert not CachedCounts.objects.exists()


def test_an_empty_database_gets_every_kind_of_record():
    generate()
    counts = record_counts()
    assert counts[Statement] == 300
    assert counts[Agreement] == 30
    assert counts[Actor] == 50
    assert counts[Event] == 20
    assert counts[Role] > 0 and counts[Forum] > 0 and counts[Source] > 0
    parties = AgreementParty.objects.values("agreement").annotate(n=Count("id"))
    assert min(party["n"] for party in parties) >= 2


def test_published_statements_are_listed_filtered_and_found(client):
    generate()
    statement = Statement.objects.published().exclude(country=None).first()
    page = client.get(
        "/statements/", {"country": statement.country_id, "q": f'"{statement.title}"'}
    )
    assert page.status_code == 200
    assert statement.get_absolute_url() in page.content.decode()


def test_derived_fields_are_what_save_would_write():
    generate()
    samples = [
        *Statement.objects.order_by("id")[:30],
        *Agreement.objects.order_by("id")[:10],
        *Event.objects.order_by("id")[:10],
        *Actor.objects.order_by("id")[:10],
        *AgreementParty.objects.exclude(signatory=None)[:10],
    ]
    for record in samples:
        stored = fields(record)
        record.save()
        record.refresh_from_db()
        assert fields(record) == stored, record
    for record in [*Actor.objects.all(), *Event.objects.all(), *Forum.objects.all()]:
        assert record.unique_slug() == record.slug


def fields(record):
    """The record's columns but the bookkeeping that every save changes."""
    changing = {"updated_at", "version"}
    return {
        field.attname: getattr(record, field.attname)
        for field in record._meta.concrete_fields
        if field.attname not in changing
    }


def test_a_few_countries_make_most_statements():
    generate()
    by_country = Statement.objects.values("country").annotate(n=Count("id")).order_by("-n")
    assert sum(row["n"] for row in by_country[:5]) > 0.5 * 300


def test_most_records_are_published_and_dates_are_as_certain_as_generated():
    generate()
    statements = Statement.objects.all()
    assert 0.8 < statements.published().count() / 300 < 0.97
    assert statements.filter(status=Status.DRAFT).exists()
    dates = list(statements.values_list("date", "date_earliest", "date_latest"))
    for value, earliest, latest in dates:
        when = When.parse(value)
        assert (when.earliest, when.latest) == (earliest, latest)
    values = [value for value, _, _ in dates]
    assert any(len(value) == 7 for value in values), "some known to the month"
    assert any(len(value) == 4 for value in values), "some known to the year"
    assert any(value.endswith(("?", "~")) for value in values), "some uncertain or approximate"
    assert all(1995 <= earliest.year <= 2026 for _, earliest, _ in dates)


def test_texts_mix_common_words_recurring_phrases_and_rare_words():
    import random

    rng = random.Random(1)
    prose = Prose(Vocabulary(), rng, 300_000)
    texts = [prose.text(rng, 400).lower() for _ in range(1000)]
    assert sum("digital divide" in text for text in texts) > 100
    words = {}
    for text in texts:
        for word in set(text.replace(".", " ").replace(",", " ").split()):
            words[word] = words.get(word, 0) + 1
    assert sum(n >= 400 for n in words.values()) >= 50
    assert sum(n == 1 for n in words.values()) >= 3_000


def test_leaves_the_schema_as_it_found_it():
    before = schema()
    generate()
    generate("--replace")
    assert schema() == before


def schema():
    with connection.cursor() as cursor:
        return {
            table: sorted(
                (name, tuple(c["columns"]), c["unique"], c["foreign_key"], c["index"])
                for name, c in connection.introspection.get_constraints(cursor, table).items()
            )
            for table in all_tables()
        }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_workers_write_the_same_data_and_schema_as_one_transaction():
    before = schema()
    generate("--workers", "1")
    serial = digest()
    generate("--workers", "2", "--replace")
    assert digest() == serial
    assert schema() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_load_leaves_its_rows_visible_to_index_only_scans(workers):
    generate("--workers", workers)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible FROM pg_class WHERE relname = %s", ["statements_statement"]
        )
        (all_visible_pages,) = cursor.fetchone()
    assert all_visible_pages > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kept for COPY, on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_load_keeps_the_export_cells_and_the_countries_each_agreement_binds(workers):
    generate("--workers", workers)
    assert StatementExportCells.objects.count() == Statement.objects.count()
    assert_copied_as_python_writes()
    assert kept_countries() == bound_by_the_parties()


def test_a_load_keeps_the_countries_each_agreement_binds(client):
    generate()
    assert kept_countries() == bound_by_the_parties()
    party = AgreementParty.objects.filter(agreement__status=Status.PUBLISHED).first()
    response = client.get(f"/agreements/?country={party.country_id}")
    assert party.agreement.title in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="kept for COPY, on PostgreSQL")
def test_the_export_cells_are_computed_from_analysed_tables():
    """Without statistics PostgreSQL read every country for each statement: ten times slower."""
    with CaptureQueriesContext(connection) as queries:
        generate()
    sent = [q["sql"] for q in queries]
    write = next(i for i, sql in enumerate(sent) if 'INTO "statements_statementexportcells' in sql)
    analysed = [sql for sql in sent[:write] if sql.startswith("ANALYZE")]
    assert analysed and "statements_statement_mentioned_countries" in analysed[-1]


def finish_after(path, name, seconds):
    """A worker's task: wait `seconds`, then note when it started and finished."""
    started = time.monotonic()  # the same clock in every process
    time.sleep(seconds)
    with open(path, "a") as noted:
        noted.write(f"{name} {started} {time.monotonic()}\n")
    return name


def test_a_task_waiting_for_others_starts_once_they_have_finished(tmp_path):
    path = tmp_path / "times"
    slow, waiting, free = [
        (finish_after, path, name, s) for name, s in [("a", 0.5), ("b", 0), ("c", 0)]
    ]
    results = list(in_workers([slow, waiting, free], 2, after={waiting: {slow}}))
    noted = [line.split() for line in path.read_text().splitlines()]
    times = {name: (float(started), float(finished)) for name, started, finished in noted}
    assert sorted(results) == ["a", "b", "c"]
    assert times["b"][0] >= times["a"][1]
    assert times["c"][0] < times["a"][1]  # a free task does not wait


@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_workers_compute_what_the_load_leaves_before_the_constraints_are_made(capsys):
    call_command("generate_synthetic", *SMALL, "--workers", "2")
    lines = [line.split(":")[0] for line in capsys.readouterr().err.splitlines()]
    constraints = lines.index("unique constraints and foreign keys…")
    left_by_the_load = [
        "export cells",
        "countries bound by agreements",
        "vacuum the statements' long values",
    ]
    for work in left_by_the_load:
        assert work in lines[:constraints]
    assert StatementExportCells.objects.count() == Statement.objects.count()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="indexes set aside on PostgreSQL")
def test_search_indexes_are_built_with_less_memory_than_the_others():
    """A GIN index was built faster with 256 MB than with 1 GB; a b-tree sorts in memory."""
    with CaptureQueriesContext(connection) as queries:
        generate()
    sent = [q["sql"] for q in queries]
    built = [(sent[i - 1], sql) for i, sql in enumerate(sent) if sql.startswith("CREATE ")]
    assert built
    for memory, sql in built:
        expected = "256MB" if "USING gin" in sql else "1GB"
        assert memory == f"SET LOCAL maintenance_work_mem = '{expected}'", sql
