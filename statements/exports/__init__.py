"""CSV and JSON exports: exactly the rows of a filtered list, all pages, in the list's order.

`fields` declares what each list exports, one line per field; `kinds` says how each kind of
field is written, read back and described; `format` holds the rules of the files; `writers`
writes them in Python or has PostgreSQL write them from the SQL of `copy`; `cells` keeps a
statement's costliest cells ready written; `datapackage` describes the CSV files for machines.
The data page (`/data/`) is written from the same declarations.
"""

from .fields import EXPORTS, Export
from .writers import csv_file, csv_lines, file_name, json_chunks, json_records

__all__ = [
    "EXPORTS",
    "Export",
    "csv_file",
    "csv_lines",
    "file_name",
    "json_chunks",
    "json_records",
]
