from django.core.management.base import BaseCommand, CommandError

from statements.importers import SEED_FILE, SeedError, load_seed


class Command(BaseCommand):
    help = (
        "Load the curated seed dataset. Entries loaded before are skipped, so running it "
        "again changes nothing and keeps curators' edits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=SEED_FILE, help="A seed file (TOML).")

    def handle(self, *args, **options):
        try:
            created = load_seed(options["file"])
        except SeedError as error:
            raise CommandError(str(error)) from error
        if not created:
            self.stdout.write("Seed dataset already loaded; nothing to do.")
            return
        for section, records in created.items():
            self.stdout.write(f"{section}: {len(records)} created")
