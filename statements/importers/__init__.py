"""Loading curated data: the seed dataset (seed) and curators' files (rows, read from CSV by
csv_files and from JSON by json_files)."""

from .seed import SEED_FILE, SeedError, load_seed

__all__ = ["SEED_FILE", "SeedError", "load_seed"]
