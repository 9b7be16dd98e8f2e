import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from statements.releases import ReleaseExists, make_release, releases_dir


class Command(BaseCommand):
    help = (
        "Write today's release: the CSV export of every list, the data package, a README with "
        "the counts and SHA256SUMS, under RELEASES_DIR/<date>/, listed on /data/. Published "
        "records only; a release is never written over."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="The release's date, YYYY-MM-DD (default: today, UTC).",
        )
        parser.add_argument(
            "--site",
            default=settings.SITE_URL,
            help="The address the files' links start with (default: SITE_URL).",
        )

    def handle(self, *args, date, site, **options):
        day = date or datetime.datetime.now(datetime.UTC).date()
        try:
            release = make_release(day, site.rstrip("/"))
        except ReleaseExists as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Release {release.name}, in {releases_dir() / release.name}:")
        for file in release.files:
            self.stdout.write(f"  {file.sha256}  {file.name} ({file.size:,} bytes)")
