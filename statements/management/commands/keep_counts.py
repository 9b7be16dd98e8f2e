import time

from django.core.management.base import BaseCommand
from django.db import connection

from statements.counts import refresh_stale


class Command(BaseCommand):
    help = (
        "Keep the counts of the home page, the hubs and the lists' filter panel: after records "
        "change, count again those that are stale, so that no reader does. Runs until stopped "
        "(make run starts it; run it as a service in production), or once with --once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then stop.")
        parser.add_argument(
            "--every", type=float, default=2.0, help="Seconds between passes (default 2)."
        )

    def handle(self, *args, once, every, **options):
        while True:
            started = time.monotonic()
            refreshed = refresh_stale()
            if refreshed:
                seconds = time.monotonic() - started
                self.stdout.write(f"Counted again {refreshed:,} kept counts in {seconds:.1f} s.")
            if once:
                return
            connection.close()  # between passes, as a request would
            time.sleep(every)
