import json
from urllib.parse import parse_qs

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from statements.benchmarks import (
    Browser,
    about_five_percent,
    describe,
    export_table,
    peak_memory_mb,
)


class Command(BaseCommand):
    help = (
        "Time the CSV and JSON exports of all statements and of a ~5% filter, end to end "
        "through Django's test client, against PostgreSQL's own COPY of the same query; "
        "print rows/s, the ratio to COPY and the process's peak memory."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=3, help="Runs per figure (median).")
        parser.add_argument(
            "--filter",
            dest="query",
            help="The narrow scenario's query string, e.g. 'country=IR&theme=ai'.",
        )
        parser.add_argument("--json", dest="json_file", help="Also write the figures here.")

    def handle(self, *args, repeat, query, json_file, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        self.stdout.write(
            f"Exports of statements on {connection.vendor}, through Django's test client; "
            f"median of {repeat} run(s). Peak memory before: {peak_memory_mb():.0f} MB."
        )
        try:
            narrow = parse_qs(query) if query else about_five_percent()
            filters = [("all statements", {}), (describe(narrow), narrow)]
            results = export_table(Browser(), filters, repeat, self.stdout.write)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if connection.vendor != "postgresql":
            self.stdout.write("COPY is PostgreSQL's; on this database there is no ratio to it.")
        if json_file:
            with open(json_file, "w") as file:
                json.dump({"database": connection.vendor, "results": results}, file, indent=2)
