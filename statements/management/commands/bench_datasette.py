import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from statements.benchmarks import choose_parameters
from statements.versus_datasette import build, run


class Command(BaseCommand):
    help = (
        "Demarche side by side with Datasette on the same published statements: loads them "
        "from our own CSV export into SQLite with FTS5 (kept under var/bench/ until "
        "--rebuild), serves both (gunicorn and Datasette) on loopback ports, and times the "
        "shared scenarios one request to each in turn: p50 / p95 ms and Datasette's p50 over "
        "Demarche's (the goal: at least 2×). Needs Datasette (a dev dependency)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20, help="Timed requests each.")
        parser.add_argument("--rebuild", action="store_true", help="Load the SQLite file again.")
        parser.add_argument(
            "--database",
            default=str(Path(settings.BASE_DIR) / "var" / "bench" / "demarche.db"),
            help="The SQLite file Datasette serves.",
        )
        parser.add_argument("--json", dest="json_file", help="Also write the figures here.")
        parser.add_argument(
            "--kept", action="store_true", help="Demarche's pages kept for everyone, not computed."
        )
        parser.add_argument(
            "--skip-exports",
            action="store_true",
            help="Time no CSV (a country's takes about a minute a request, to each).",
        )

    def handle(self, *args, requests, rebuild, database, json_file, kept, skip_exports, **options):
        path = Path(database)
        if rebuild or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            count = build(path)
            self.stdout.write(f"Loaded {count:,} published statements into {path}.")
        parameters = choose_parameters()
        results = run(
            path, parameters, requests, self.stdout.write, kept=kept, exports=not skip_exports
        )
        if json_file:
            with open(json_file, "w") as file:
                json.dump(results, file, indent=2)
