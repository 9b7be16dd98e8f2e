import time

from django.core.management.base import BaseCommand

from statements.agreement_countries import keep_all
from statements.page_cache import move_generation


class Command(BaseCommand):
    help = (
        "Compute again the countries each agreement binds, which the agreements' country "
        "filter reads. Django keeps them up to date as parties and organisations change; run "
        "this after changes it does not see (raw SQL, queryset.update(), a bulk load)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        count = keep_all()
        move_generation()  # the country filters of the kept pages may have changed
        seconds = time.monotonic() - started
        self.stdout.write(f"Kept {count:,} countries bound by agreements in {seconds:.1f} s.")
