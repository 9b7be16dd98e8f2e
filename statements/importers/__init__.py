"""Loading curated data: the seed dataset (seed) and curators' CSV files (tabular, rows)."""

from .seed import SEED_FILE, SeedError, load_seed

__all__ = ["SEED_FILE", "SeedError", "load_seed"]
