"""The CSV exports described for machines: a Frictionless Data Package (version 2) whose
resources are the unfiltered CSV exports and whose Table Schemas are written from the columns.
"""

from django.conf import settings
from django.urls import reverse

PROFILES = "https://datapackage.org/profiles/2.0/"


def export_address(base):
    return lambda export: base + reverse("statements:export", args=[export.name, "csv"])


def csv_resource(export, base, path_of):
    return {
        "name": export.name,
        "type": "table",
        "path": path_of(export),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": (
            f"All published {export.name}. Add the filters of /{export.name}/ to the query "
            "string for fewer rows; the columns stay the same."
        ),
        "dialect": {
            "$schema": PROFILES + "tabledialect.json",
            "header": True,
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "quoteChar": '"',
            "doubleQuote": True,
        },
        "schema": {
            "$schema": PROFILES + "tableschema.json",
            "fields": [column.table_schema_field() for column in export.columns(base)],
            "primaryKey": ["id"],
            "missingValues": [""],
        },
    }


def datapackage(exports, base, path_of=None):
    """The package of the CSV exports, at their addresses under `base`, or else at the paths
    `path_of(export)` gives (a release's files)."""
    path_of = path_of or export_address(base)
    return {
        "$schema": PROFILES + "datapackage.json",
        "name": "demarche",
        "title": "Demarche: what states and their officials say and sign about technology",
        "description": (
            "Statements, agreements, events and actors as curated and published by Demarche. "
            "Every export is documented at " + base + reverse("statements:data") + ". Cells that "
            "a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage "
            "return) are written with a ' before them."
        ),
        "homepage": base + reverse("statements:home"),
        "licenses": [settings.DATA_LICENCE],
        "resources": [csv_resource(export, base, path_of) for export in exports.values()],
    }
