import os
import signal
import sys
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from statements.counts import forget_now as forget_the_counts
from statements.page_cache import move_generation
from statements.synthetic import Counts, Refused, generate


class Progress:
    """Rows done, of how many, and how fast, per table; and how long each phase took."""

    def __init__(self, stream):
        self.stream = stream
        self.shown = 0.0

    @contextmanager
    def phase(self, name):
        started = time.monotonic()
        self.write(f"{name}…")
        yield
        self.took(name, time.monotonic() - started)

    def advance(self, label, done, total, seconds):
        finished = done >= total
        if not finished and time.monotonic() - self.shown < 5:
            return
        self.shown = time.monotonic()
        rate = done / seconds if seconds else 0
        ending = f" in {seconds:.1f} s" if finished else ""
        self.write(f"{label}: {done:,} / {total:,} ({rate:,.0f} rows/s){ending}")

    def took(self, label, seconds):
        self.write(f"{label}: {seconds:.1f} s")

    def write(self, line):
        self.stream.write(line + "\n")
        self.stream.flush()


def count(text):
    value = int(text)
    if value < 0:
        raise ValueError
    return value


class Command(BaseCommand):
    help = (
        "Write a synthetic dataset for benchmarks: realistic, skewed, and the same for the "
        "same --seed and counts. It refuses a database that holds curated records (records "
        "that do not cite a synthetic source) and writes nothing then; --replace deletes a "
        "previous synthetic dataset first. Records are written in bulk (COPY on PostgreSQL), "
        "without django-simple-history entries. Progress goes to stderr. With several "
        "--workers the large tables are written in transactions of their own: if the run "
        "stops, its indexes are made again and --replace deletes what it wrote."
    )

    def add_arguments(self, parser):
        parser.add_argument("--statements", type=count, default=1000)
        parser.add_argument("--agreements", type=count, default=100)
        parser.add_argument("--actors", type=count, default=200, help="At least 10.")
        parser.add_argument("--events", type=count, default=50)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--workers",
            type=count,
            default=os.cpu_count() or 1,
            help="Parallel writers on PostgreSQL (default: one per CPU); 1 writes everything "
            "in one transaction.",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete a previous synthetic dataset first."
        )

    def handle(
        self, *args, statements, agreements, actors, events, seed, replace, workers, **options
    ):
        if actors < 10:
            raise CommandError("--actors must be at least 10: statements need speakers.")
        counts = Counts(statements, agreements, actors, events)
        progress = Progress(sys.stderr) if options["verbosity"] > 0 else None
        started = time.monotonic()
        # Stopped by SIGTERM as by Ctrl-C, so that the indexes set aside are made again.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            generate(counts, seed, replace=replace, progress=progress, workers=max(1, workers))
        except Refused as refusal:
            raise CommandError(str(refusal)) from refusal
        except KeyboardInterrupt as interruption:
            raise CommandError(
                "Interrupted. The indexes and constraints set aside were made again; what was "
                "written stays until generate_synthetic --replace deletes it."
            ) from interruption
        # The bulk load goes round derived.py, and keeps what it must itself; not the counts,
        # nor the pages kept for everyone.
        forget_the_counts()
        move_generation()
        if progress:
            progress.write(
                f"Wrote {statements:,} statements, {agreements:,} agreements, {actors:,} actors, "
                f"{events:,} events and {counts.sources:,} sources on {connection.vendor} "
                f"in {time.monotonic() - started:.1f} s."
            )
