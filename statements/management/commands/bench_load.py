import json

from django.core.management.base import BaseCommand, CommandError

from statements.benchmarks import choose_parameters
from statements.load import Server, fetch, run_level, workload

KINDS = ["list", "search", "deep", "record", "hub", "feed", "api"]


class Command(BaseCommand):
    help = (
        "Time the site under load: gunicorn on a loopback port, 4, 16 and 32 clients asking for "
        "a mix of lists, searches, deep pages, records, hubs, feeds and the API for --seconds "
        "each, a whole CSV export streaming meanwhile; with the pages kept for everyone and "
        "computed for each request. Prints requests/s and p50/p95/p99 per kind of page. Stops "
        "by itself."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", default="4,16,32", help="Numbers of clients, in turn.")
        parser.add_argument("--seconds", type=float, default=20, help="Seconds at each number.")
        parser.add_argument(
            "--pages", choices=["kept", "computed", "both"], default="both", help="Page cache."
        )
        parser.add_argument(
            "--without-export",
            action="store_true",
            help="No export streaming meanwhile: what the pages alone take.",
        )
        parser.add_argument("--json", dest="json_file", help="Also write the figures here.")

    def handle(self, *args, clients, seconds, pages, without_export, json_file, **options):
        numbers = [int(number) for number in clients.split(",")]
        requests = workload(choose_parameters())
        if not requests:
            raise CommandError("There is nothing published to ask for.")
        modes = ["kept", "computed"] if pages == "both" else [pages]
        report = []
        for mode in modes:
            server = Server(kept=mode == "kept")
            try:
                server.wait_until_ready()
                for request in requests:  # once each: counts kept, pages kept or warm
                    fetch(server.port, request.path)
                for number in numbers:
                    level = run_level(
                        server.port, requests, number, seconds, exporting=not without_export
                    )
                    self.write(mode, level)
                    report.append(self.figures(mode, level))
            finally:
                server.stop()
        if json_file:
            with open(json_file, "w") as file:
                json.dump(report, file, indent=2)

    def write(self, mode, level):
        p50, p95, p99 = level.percentiles() or (0, 0, 0)
        self.stdout.write(
            f"pages {mode:<8} {level.clients:>3} clients: {level.per_second:7.1f} requests/s, "
            f"p50 {p50:6.0f} ms, p95 {p95:6.0f} ms, p99 {p99:6.0f} ms, "
            f"{level.errors} errors; export {level.export_rows_per_second:,.0f} rows/s"
        )
        for (path, status), times in level.failures.most_common(5):
            self.stdout.write(f"    error: {path} answered {status} ({times} times)")
        for kind in KINDS:
            if found := level.percentiles(kind):
                count = len(level.times[kind])
                self.stdout.write(
                    f"    {kind:<7} {count:>6} requests  p50 {found[0]:6.0f}  p95 {found[1]:6.0f}"
                    f"  p99 {found[2]:6.0f} ms"
                )

    def figures(self, mode, level):
        p50, p95, p99 = level.percentiles() or (None, None, None)
        return {
            "pages": mode,
            "clients": level.clients,
            "requests_per_second": round(level.per_second, 1),
            "p50_ms": p50,
            "p95_ms": p95,
            "p99_ms": p99,
            "errors": level.errors,
            "failures": [[path, status, times] for (path, status), times in level.failures.items()],
            "export_rows_per_second": round(level.export_rows_per_second),
            "kinds": {kind: level.percentiles(kind) for kind in KINDS if level.times[kind]},
        }
