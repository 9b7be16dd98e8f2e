import json
from urllib.parse import parse_qs

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count

from statements.benchmarks import (
    Browser,
    copy_to_csv,
    export_path,
    export_queryset,
    median_timing,
    peak_memory_mb,
)
from statements.models import Statement

TARGET_SHARE = 0.05


def about_five_percent():
    """A filter that keeps about 5% of the published statements: the country nearest that
    share, or else a run of dates in the middle of the list."""
    published = Statement.objects.published()
    total = published.count()
    if not total:
        raise CommandError("There are no published statements to export.")
    by_country = published.exclude(country=None).values("country").annotate(rows=Count("id"))
    nearest = min(by_country, key=lambda c: abs(c["rows"] / total - TARGET_SHARE), default=None)
    if nearest and 0.02 <= nearest["rows"] / total <= 0.1:
        return {"country": [nearest["country"]]}
    dates = published.order_by("date").values_list("date", flat=True)
    first = dates[int(total * 0.5)]
    last = dates[min(total - 1, int(total * (0.5 + TARGET_SHARE)))]
    return {"date_from": [first.isoformat()], "date_to": [last.isoformat()]}


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
        narrow = parse_qs(query) if query else about_five_percent()
        browser = Browser()
        self.stdout.write(
            f"Exports of statements on {connection.vendor}, through Django's test client; "
            f"median of {repeat} run(s). Peak memory before: {peak_memory_mb():.0f} MB."
        )
        header = (
            f"{'scenario':<32} {'format':<6} {'rows':>9} {'seconds':>8} {'1st byte':>8} "
            f"{'rows/s':>9} {'MB/s':>6} {'÷ COPY':>6} {'peak MB':>7}"
        )
        self.stdout.write(header)
        results = []
        for label, query in [("all statements", {}), (describe(narrow), narrow)]:
            try:
                queryset = export_queryset("statements", query)
            except ValueError as error:
                raise CommandError(f"Bad filter {label!r}: {error}") from error
            rows = queryset.count()
            figures = {}
            if connection.vendor == "postgresql":
                figures["COPY"] = median_timing(
                    [copy_to_csv(queryset, rows) for _ in range(repeat)]
                )
            for extension in ("csv", "json"):
                path = export_path("statements", extension, query)
                timings = [browser.download(path, rows) for _ in range(repeat)]
                figures[extension] = median_timing(timings)
            for name, timing in figures.items():
                copy = figures.get("COPY")
                ratio = timing.rows_per_second / copy.rows_per_second if copy else None
                result = {
                    "scenario": label,
                    "format": name,
                    "rows": timing.rows,
                    "seconds": round(timing.seconds, 4),
                    "first_byte_seconds": round(timing.first_byte, 4),
                    "rows_per_second": round(timing.rows_per_second),
                    "megabytes_per_second": round(timing.megabytes_per_second, 2),
                    "ratio_to_copy": round(ratio, 3) if ratio is not None else None,
                    "peak_memory_mb": round(peak_memory_mb(), 1),
                }
                results.append(result)
                self.stdout.write(row(result))
        if connection.vendor != "postgresql":
            self.stdout.write("COPY is PostgreSQL's; on this database there is no ratio to it.")
        if json_file:
            with open(json_file, "w") as file:
                json.dump({"database": connection.vendor, "results": results}, file, indent=2)


def describe(query):
    return "&".join(f"{name}={value}" for name, values in query.items() for value in values)


def row(result):
    ratio = result["ratio_to_copy"]
    return (
        f"{result['scenario'][:32]:<32} {result['format']:<6} {result['rows']:>9,} "
        f"{result['seconds']:>8.3f} {result['first_byte_seconds']:>8.3f} "
        f"{result['rows_per_second']:>9,} {result['megabytes_per_second']:>6.2f} "
        f"{'' if ratio is None else f'{ratio:.2f}':>6} {result['peak_memory_mb']:>7.0f}"
    )
