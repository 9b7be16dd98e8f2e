from django.core.management.base import BaseCommand

from statements.countries import SNAPSHOT, countries_from_pycountry, write_snapshot


class Command(BaseCommand):
    help = "Regenerate the ISO 3166-1 country snapshot from the installed pycountry."

    def handle(self, *args, **options):
        countries = countries_from_pycountry()
        write_snapshot(countries)
        self.stdout.write(f"Wrote {len(countries)} countries to {SNAPSHOT}.")
