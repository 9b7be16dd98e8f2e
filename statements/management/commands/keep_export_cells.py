import time

from django.core.management.base import BaseCommand
from django.db import connection

from statements.exports.cells import keep
from statements.models import Statement, StatementExportCells


class Command(BaseCommand):
    help = (
        "Compute again the export cells kept for every statement's sources and mentioned "
        "countries (PostgreSQL). Django keeps them up to date as records change; run this "
        "after changes it does not see (raw SQL, a data migration of the countries, a new "
        "version of the export's code), preferably while nobody edits."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to keep: exports are written in Python on this database.")
            return
        started = time.monotonic()
        count = keep(Statement.objects.all(), lock=False)
        # Every row was rewritten: without fresh statistics the planner takes the cells of
        # the new code for a handful and joins them row by row (a whole export never ends).
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {StatementExportCells._meta.db_table}")
        seconds = time.monotonic() - started
        self.stdout.write(f"Kept the export cells of {count:,} statements in {seconds:.1f} s.")
