"""Demarche side by side with Datasette, on the same published statements.

The statements are written by our own CSV export, loaded whole (every column) into SQLite
with indexes on what the scenarios filter and sort on and an FTS5 index over
their titles, summaries and texts (as `sqlite-utils enable-fts` makes it, which Datasette's
`_search=` reads), and served by Datasette (`--immutable`, facet suggestions off), while
gunicorn serves Demarche from the current database, pages computed for each request (or
kept for everyone, as in production, with --kept). Each
scenario asks both for the same rows, one request to each in turn, and compares whole HTTP
requests as a client sees them.
"""

import csv
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict

from .exports import EXPORTS, csv_file
from .load import Served, Server, fetch, free_port

PAGE = 50
# The columns the scenarios filter and sort on, indexed.
INDEXED = ["country_code", "date_earliest", "date_latest", "title", "forum_slug"]
SEARCHED = ["title", "summary", "text"]


@dataclass
class Pair:
    name: str
    demarche: str
    datasette: str


def build(path, base="http://127.0.0.1"):
    """Write the published statements with our own CSV export, and load them into a new
    SQLite database at `path` with the indexes the scenarios filter and sort on, and FTS5."""
    export = EXPORTS["statements"]
    filterset = export.filterset_class(QueryDict(), queryset=export.model.objects.published())
    csv_path = path.with_suffix(".csv")
    with open(csv_path, "wb") as file:
        for chunk in csv_file([export.prepare(p) for p in filterset.parts()], export.columns(base)):
            file.write(chunk)
    path.unlink(missing_ok=True)
    database = sqlite3.connect(path)
    with open(csv_path, encoding="utf-8-sig", newline="") as file:
        rows = csv.reader(file)
        header = next(rows)
        # Every column of the export, so that Datasette's CSV of a view is our file's size.
        columns = ", ".join(
            f'"{name}" {"INTEGER PRIMARY KEY" if name == "id" else "TEXT"}' for name in header
        )
        database.execute(f"CREATE TABLE statements ({columns})")
        marks = ", ".join("?" for _ in header)
        database.executemany(f"INSERT INTO statements VALUES ({marks})", rows)
    for name in INDEXED:
        database.execute(f"CREATE INDEX statements_{name} ON statements ({name})")
    searched = ", ".join(SEARCHED)
    database.execute(
        # Datasette finds a table's search index by this spelling of its content table.
        f"CREATE VIRTUAL TABLE statements_fts USING fts5({searched}, content=[statements], "
        "content_rowid=id)"
    )
    database.execute(
        f"INSERT INTO statements_fts (rowid, {searched}) SELECT id, {searched} FROM statements"
    )
    database.commit()
    database.execute("VACUUM")
    count = database.execute("SELECT count(*) FROM statements").fetchone()[0]
    database.close()
    csv_path.unlink()
    return count


class Datasette(Served):
    ready_path = "/-/versions.json"

    def __init__(self, path):
        self.port = free_port()
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "datasette",
                "serve",
                "-i",
                str(path),
                "--port",
                str(self.port),
                "--setting",
                "suggest_facets",
                "off",
                "--setting",
                "sql_time_limit_ms",
                "60000",
                "--setting",
                "default_page_size",
                str(PAGE),
                # Datasette stops a CSV at 100 MB unless told otherwise; ours are whole.
                "--setting",
                "max_csv_mb",
                "0",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.database = path.stem


def pairs(database, p):
    """The shared scenarios: the same rows asked of each, with the bench's parameters `p`."""
    table = f"/{database}/statements"

    def datasette(**params):
        return f"{table}?{urlencode({'_size': PAGE, **params})}"

    newest = {"_sort_desc": "date_earliest"}
    found = [
        Pair("first page", "/statements/", datasette(**newest)),
        Pair(
            "country",
            f"/statements/?country={p.country}",
            datasette(country_code=p.country, **newest),
        ),
        Pair(
            "dates",
            f"/statements/?date_from={p.date_from}&date_to={p.date_to}",
            datasette(
                date_latest__gte=f"{p.date_from}-01-01",
                date_earliest__lte=f"{p.date_to}-12-31",
                **newest,
            ),
        ),
        Pair("sort=title", "/statements/?sort=title", datasette(_sort="title")),
        Pair("q common", f"/statements/?q={p.common_word}", datasette(_search=p.common_word)),
        Pair("q rare", f"/statements/?q={p.rare_word}", datasette(_search=p.rare_word)),
        Pair(
            "q middling",
            f"/statements/?q={p.middling_word}",
            datasette(_search=p.middling_word),
        ),
        Pair(
            "q+country",
            f"/statements/?q={p.common_word}&country={p.country}",
            datasette(_search=p.common_word, country_code=p.country),
        ),
        Pair(
            "CSV of a country",
            f"/statements/export.csv?country={p.country}",
            f"{table}.csv?{urlencode({'country_code': p.country, '_stream': 'on'})}",
        ),
    ]
    return found


def measure(port_a, port_b, pair, requests):
    """`requests` whole requests to each, in turn; the seconds each took, the statuses, and
    the bytes of the last answer of each."""
    demarche, datasette, statuses, sizes = [], [], set(), {}
    for number in range(requests + 1):
        order = [(port_a, pair.demarche, demarche), (port_b, pair.datasette, datasette)]
        for port, path, times in order if number % 2 else reversed(order):
            started = time.perf_counter()
            status, sizes[port] = fetch(port, path)
            if number:  # the first round warms both up
                times.append(time.perf_counter() - started)
            statuses.add(status)
    return demarche, datasette, statuses, (sizes[port_a], sizes[port_b])


def p95(times):
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def summary(times):
    return statistics.median(times) * 1000, p95(times) * 1000


def run(path, parameters, requests, write, kept=False, exports=True):
    """Serve both, measure every pair (but the CSV unless `exports`), write a line each; the
    figures. Demarche's pages are computed for each request, or `kept` for everyone as in
    production."""
    server, rival = Server(kept=kept), Datasette(path)
    results = []
    try:
        server.wait_until_ready()
        rival.wait_until_ready()
        for pair in pairs(rival.database, parameters):
            if not exports and pair.name.startswith("CSV"):
                continue
            ours, theirs, statuses, (our_bytes, their_bytes) = measure(
                server.port, rival.port, pair, requests
            )
            (our_p50, our_p95), (their_p50, their_p95) = summary(ours), summary(theirs)
            ratio = their_p50 / our_p50
            verdict = "ok" if ratio >= 2 else "less than 2×"
            if statuses != {200}:
                verdict += f", statuses {sorted(statuses)}"
            write(
                f"{pair.name:<18} Demarche {our_p50:8.1f} / {our_p95:8.1f} ms   Datasette "
                f"{their_p50:8.1f} / {their_p95:8.1f} ms   {ratio:5.1f}×  {verdict}  "
                f"({our_bytes / 1e6:,.1f} / {their_bytes / 1e6:,.1f} MB)"
            )
            results.append(
                {
                    "scenario": pair.name,
                    "demarche_ms": [our_p50, our_p95],
                    "datasette_ms": [their_p50, their_p95],
                    "ratio": ratio,
                    "statuses": sorted(statuses),
                    "bytes": [our_bytes, their_bytes],
                }
            )
    finally:
        server.stop()
        rival.stop()
    return results
