import sys

from django.core.management.base import BaseCommand, CommandError

from statements.importers.rows import KINDS, import_file
from statements.models import Status

BAR = 30  # characters of the progress bar


class Command(BaseCommand):
    help = (
        "Import statements, agreements, actors or events from a CSV file in the columns of "
        "the exports, or a JSON file in the export's format (told apart by content or name). "
        "Without --apply it is a dry run: it reports what would be created and changed, and "
        "every row's errors, and changes nothing. With --apply it imports every row in one "
        "transaction, or nothing if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("list", choices=sorted(KINDS), help="What the file holds.")
        parser.add_argument(
            "file", help="A CSV file (UTF-8, with the header of an export) or a JSON export."
        )
        parser.add_argument("--apply", action="store_true", help="Import it for real.")
        parser.add_argument(
            "--status",
            choices=[value for value, _ in Status.choices],
            default=Status.DRAFT,
            help="The status of new records (default: draft).",
        )

    def handle(self, *args, **options):
        try:
            file = open(options["file"], "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from error
        with file:
            report = import_file(
                options["list"],
                file,
                name=options["file"],
                apply=options["apply"],
                status=options["status"],
                reason=f"Imported from {options['file']}",
                progress=self.progress,
            )
        sys.stderr.write("\n" if report.rows >= 1000 else "")
        self.print_report(report, options)
        if not report.ok:
            raise CommandError("Nothing was imported.")

    def progress(self, report):
        done = report.share_read * BAR // 100
        sys.stderr.write(
            f"\r[{'#' * done}{'.' * (BAR - done)}] {report.share_read:3}% "
            f"{report.rows:,} {report.unit}s read…"
        )
        sys.stderr.flush()

    def print_report(self, report, options):
        if report.file_problem:
            self.stderr.write(report.file_problem)
            self.stderr.write(report.how_far)
            return
        verb = "Imported" if report.applied else "A dry run; it would import"
        self.stdout.write(
            f"{verb} {report.rows:,} {report.unit}s: {report.created:,} new, "
            f"{report.changed:,} changed, {report.unchanged:,} unchanged."
        )
        for sentence in report.preview:
            self.stdout.write(f"  {sentence}")
        if report.error_count:
            self.stderr.write(f"{report.error_count:,} errors:")
            for row, column, message in report.errors:
                self.stderr.write(f"  {report.unit} {row}, {column or report.unit}: {message}")
        elif not report.applied:
            self.stdout.write("Run again with --apply to import it.")
