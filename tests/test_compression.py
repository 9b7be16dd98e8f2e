"""On PostgreSQL, long texts and search vectors are compressed with lz4 (migration 0013):
pglz is slow to compress search vectors, and to read values back."""

import importlib

import pytest
from django.apps import apps
from django.db import connection

from .factories import make_statement

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL compresses"),
]

migration = importlib.import_module("statements.migrations.0013_lz4_compression")


def lz4_supported():
    with connection.cursor() as cursor:
        cursor.execute(migration.LZ4_SUPPORTED)
        return cursor.fetchone()[0]


def compression_of_the_text_columns():
    """{(table, column): compression method} of this app's text and search vector columns
    ('' for the server's default, pglz)."""
    with connection.cursor() as cursor:
        cursor.execute(
            r"""
            SELECT c.relname, a.attname, a.attcompression FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relname LIKE 'statements\_%' AND c.relkind = 'r' AND a.attnum > 0
              AND NOT a.attisdropped AND a.atttypid IN ('text'::regtype, 'tsvector'::regtype)
            """
        )
        return {(table, column): method for table, column, method in cursor.fetchall()}


@pytest.fixture
def lz4():
    if not lz4_supported():
        pytest.skip("This PostgreSQL server was built without lz4")


def test_every_text_and_search_vector_column_is_compressed_with_lz4(lz4):
    columns = compression_of_the_text_columns()
    assert ("statements_statement", "text") in columns
    assert ("statements_statement", "search_vector") in columns
    assert ("statements_historicalstatement", "text") in columns
    assert set(columns.values()) == {"l"}


def test_a_long_statement_and_its_search_vector_are_stored_compressed_with_lz4(lz4):
    text = " ".join(f"The delegation supports capacity building number {n}." for n in range(400))
    statement = make_statement(text=text)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(text), pg_column_compression(search_vector) "
            "FROM statements_statement WHERE id = %s",
            [statement.pk],
        )
        assert cursor.fetchone() == ("lz4", "lz4")


def test_migrating_back_compresses_with_the_servers_default_again(lz4):
    with connection.schema_editor() as schema_editor:
        migration.compress_with("default")(apps, schema_editor)
    assert set(compression_of_the_text_columns().values()) == {""}
