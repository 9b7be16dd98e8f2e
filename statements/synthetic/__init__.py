"""Synthetic data for benchmarks: `manage.py generate_synthetic`.

text.py makes the words, records.py the records (unsaved, with their derived fields filled
by the models' own methods), loading.py writes them in bulk and refuses a database that
holds curated records.
"""

from django.db import transaction

from .loading import Quiet, Refused, check_database, load
from .records import SYNTHETIC_URL, Counts, World

__all__ = ["SYNTHETIC_URL", "Counts", "Refused", "generate"]


def generate(counts, seed, replace=False, progress=None):
    """Write a synthetic dataset of `counts` records, the same for the same seed, in one
    transaction; raise Refused, writing nothing, if the database holds curated records."""
    with transaction.atomic():
        check_database(replace)
        world = World(seed, counts)
        load(world.stages(), replace, progress or Quiet())
