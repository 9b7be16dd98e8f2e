"""ISO 3166-1 countries: a snapshot generated from pycountry, loaded by a migration.

The snapshot (data/countries.json) keeps migrations reproducible whatever pycountry
version is installed; `manage.py snapshot_countries` regenerates it.
"""

import json
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent / "data" / "countries.json"


def countries_from_pycountry():
    import pycountry

    return sorted(
        (
            {
                "code": country.alpha_2,
                "alpha_3": country.alpha_3,
                "numeric": country.numeric,
                "name": country.name,
                "official_name": getattr(country, "official_name", ""),
                "common_name": getattr(country, "common_name", ""),
            }
            for country in pycountry.countries
        ),
        key=lambda country: country["code"],
    )


def read_snapshot():
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def write_snapshot(countries):
    text = json.dumps(countries, ensure_ascii=False, indent=1)
    SNAPSHOT.write_text(text + "\n", encoding="utf-8")
