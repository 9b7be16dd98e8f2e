"""Long texts and search vectors compressed with lz4 on PostgreSQL.

PostgreSQL compresses a value longer than about 2 KB before it stores it, with pglz unless
the column names another method. pglz is slow on search vectors: inserting 30,000 synthetic
statements, whose texts arrived compressed already, took 22.1 s when their new search vectors
were compressed with pglz and 15.7 s with lz4, for a smaller table (288 MB against 308 MB).
lz4 also decompresses faster.

Only values written from now on are compressed with lz4; those stored already stay as they
are until they are written again. Servers built without lz4 keep pglz.
"""

from django.db import migrations

# Every text and search vector column of this app's tables, as they are when this runs.
COLUMNS = r"""
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name LIKE 'statements\_%'
      AND data_type IN ('text', 'tsvector')
    ORDER BY table_name, column_name
"""
LZ4_SUPPORTED = """
    SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'
"""


def compress_with(method):
    def set_compression(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(LZ4_SUPPORTED)
            if not cursor.fetchone()[0]:
                return
            cursor.execute(COLUMNS)
            columns = cursor.fetchall()
        for table, column in columns:
            schema_editor.execute(
                f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} SET COMPRESSION {method}"
            )

    return set_compression


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0012_agreement_countries"),
    ]

    operations = [
        migrations.RunPython(compress_with("lz4"), compress_with("default")),
    ]
