import io
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from statements.importers.rows import import_file
from statements.models import Actor, Source, Statement, Theme

KINDS = [kind for kind, _ in Statement.Kind.choices]
VERIFICATIONS = [verification for verification, _ in Statement.Verification.choices]


class Command(BaseCommand):
    help = (
        "Time the importer on a CSV file of new statements, as the desk's import job reads "
        "it: a dry run, then the import (history kept for every record), both inside a "
        "transaction rolled back at the end, so that the database is left as it was. Prints "
        "rows/s and seconds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=50_000, help="Statements in the file.")

    def handle(self, *args, rows, **options):
        speakers = list(
            Actor.objects.published().filter(kind="person").values_list("slug", flat=True)[:200]
        )
        sources = list(Source.objects.published().values_list("title", flat=True)[:200])
        themes = list(Theme.objects.published().values_list("slug", flat=True)[:20])
        if not (speakers and sources and themes):
            raise CommandError("The database needs published people, sources and themes.")
        content = csv_of(rows, speakers, sources, themes).encode()
        self.stdout.write(
            f"Importing {rows:,} new statements ({len(content) / 2**20:.1f} MB of CSV) "
            f"on {connection.vendor}, into {Statement.objects.count():,} statements."
        )
        with transaction.atomic():
            for apply in (False, True):
                started = time.perf_counter()
                file = io.BytesIO(content)
                report = import_file("statements", file, name="bench.csv", apply=apply)
                seconds = time.perf_counter() - started
                what = "import" if apply else "dry run"
                self.stdout.write(
                    f"{what:<8} {seconds:7.1f} s  {report.rows / seconds:7.0f} rows/s  "
                    f"{report.created:,} new, {report.error_count:,} errors"
                    + (f" (first: {report.errors[0]})" if report.errors else "")
                )
            transaction.set_rollback(True)


def csv_of(rows, speakers, sources, themes):
    lines = [
        "title,date,date_precision,kind,verification,speaker_slug,theme_slugs,source_titles,summary"
    ]
    for n in range(rows):
        title = f"Benchmark statement {n} on digital cooperation"
        date = f"{2000 + n % 25}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
        source = sources[n % len(sources)].replace('"', '""')
        kind, verification = KINDS[n % len(KINDS)], VERIFICATIONS[n % len(VERIFICATIONS)]
        lines.append(
            f'"{title}",{date},day,{kind},{verification},{speakers[n % len(speakers)]},'
            f'{themes[n % len(themes)]},"{source}",'
            f'"A summary of statement {n}, on spectrum, satellites and the digital divide."'
        )
    return "\r\n".join(lines) + "\r\n"
