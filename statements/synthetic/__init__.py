"""Synthetic data for benchmarks: `manage.py generate_synthetic`.

text.py makes the words, records.py the records (unsaved, with their derived fields filled
by the models' own methods), loading.py writes them in bulk and refuses a database that
holds curated records.
"""

from django.db import connection, transaction

from .loading import (
    Quiet,
    Refused,
    begin_parallel_load,
    check_database,
    finish,
    keep_bound_countries,
    keep_export_cells,
    load,
    load_in_workers,
    vacuum_and_analyse,
)
from .records import SYNTHETIC_URL, Counts, World

__all__ = ["SYNTHETIC_URL", "Counts", "Refused", "generate"]


def generate(counts, seed, replace=False, progress=None, workers=1):
    """Write a synthetic dataset of `counts` records, the same for the same seed; raise
    Refused, writing nothing, if the database holds curated records.

    With one worker, or inside a transaction, or on SQLite, it is all one transaction. With
    more on PostgreSQL, the large tables are written by parallel workers in transactions of
    their own: if one fails, the indexes are still made again and the records written so far
    stay, for --replace to delete.
    """
    progress = progress or Quiet()
    postgresql = connection.vendor == "postgresql"
    parallel = postgresql and workers > 1 and not connection.in_atomic_block
    with transaction.atomic():
        check_database(replace)
        stages = World(seed, counts).stages()
        if parallel:
            restore = begin_parallel_load(stages, replace, progress)
        else:
            load(stages, replace, progress)
            keep_bound_countries(progress)
            keep_export_cells(progress)
    if parallel:
        indexes_made = False
        try:
            load_in_workers(stages, restore, progress, workers)
            indexes_made = True
        finally:
            with transaction.atomic():
                finish(restore, progress, indexes_made)
    if postgresql:
        vacuum_and_analyse(progress)
