"""The text columns added since 0022 (the text read from a source's kept document) compressed
with lz4, as every other (0013)."""

from importlib import import_module

from django.db import migrations

lz4 = import_module("statements.migrations.0013_lz4_compression")


class Migration(migrations.Migration):
    dependencies = [("statements", "0030_source_title")]

    operations = [migrations.RunPython(lz4.compress_with("lz4"), migrations.RunPython.noop)]
