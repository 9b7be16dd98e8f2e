"""Measuring the site under load: many readers at once against a real server process.

`manage.py bench_load` starts gunicorn (gunicorn.conf.py) on a free loopback port, with the
pages kept for everyone or computed for each request, and runs clients that each ask for the
pages of a mixed workload one after the other (lists, searches, deep pages, records, hubs,
feeds), on kept-alive connections, for a bounded time at each number of clients, while a
whole CSV export of the statements streams beside them. Every figure is a whole HTTP request
as the client saw it.
"""

import http.client
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connections

from .benchmarks import scenarios
from .models import Statement

ROOT = Path(settings.BASE_DIR)
PERCENTILES = (0.50, 0.95, 0.99)
RECORDS = 50  # distinct statement pages in the workload: the newest, as readers read


@dataclass
class Request:
    kind: str
    path: str


def workload(parameters):
    """The mixed workload: every page scenario of `manage.py bench` but its first visits, by
    kind, and the pages of the RECORDS newest statements."""
    found = []
    for scenario in scenarios(parameters):
        if scenario.path is None or scenario.others:
            continue
        found.append(Request(kind_of(scenario), scenario.path))
    newest = Statement.objects.published().newest_first().values_list("id", "slug")
    for pk, slug in newest[:RECORDS]:
        found.append(Request("record", f"/statements/{pk}/{slug}/"))
    return found


def kind_of(scenario):
    name = scenario.name
    if name.startswith("api "):
        return "api"
    if "feed" in name or "sitemap" in name:
        return "feed"
    if "hub" in name:
        return "hub"
    if "page 200" in name:
        return "deep"
    if scenario.full_text:
        return "search"
    if "page" in name:
        return "record"
    return "list"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A server process on a free loopback port, ready once `ready_path` answers 200."""

    ready_path = "/"

    def wait_until_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if fetch(self.port, self.ready_path)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{type(self).__name__} did not answer {self.ready_path} in time.")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Server(Served):
    """gunicorn serving this site on a free loopback port, pages kept or not."""

    ready_path = "/health/"

    def __init__(self, kept):
        self.port = free_port()
        environment = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "BIND": f"127.0.0.1:{self.port}",
            # Plain HTTP on the loopback, as manage.py bench's client asks.
            "SECURE_SSL_REDIRECT": "false",
            "PAGE_CACHE_SECONDS": str(settings.PAGE_CACHE_SECONDS or 3600) if kept else "0",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "diplomacy.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def database_url():
    """The address of the database this process uses, for the server to use the same."""
    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user = quote(database["USER"] or "")
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    # A socket's directory is written percent-encoded in the host's place.
    host = quote(database["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{user}{password}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def fetch(port, path, connection=None):
    """(status, bytes read) of GET `path`, on `connection` if given (kept alive)."""
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        size = 0
        while chunk := response.read(65536):
            size += len(chunk)
        return response.status, size
    finally:
        if own:
            connection.close()


@dataclass
class Level:
    """What `clients` clients measured for `seconds`."""

    clients: int
    seconds: float = 0
    times: dict = field(default_factory=lambda: defaultdict(list))  # kind → seconds
    errors: int = 0
    failures: Counter = field(default_factory=Counter)  # (path, status) → times
    export_rows_per_second: float = 0

    @property
    def requests(self):
        return sum(len(times) for times in self.times.values())

    @property
    def per_second(self):
        return self.requests / self.seconds if self.seconds else 0

    def percentiles(self, kind=None):
        """p50, p95 and p99 in ms, of one kind of page or of all, or None."""
        times = sorted(self.times[kind] if kind else sum(self.times.values(), []))
        if not times:
            return None
        last = len(times) - 1
        return tuple(times[min(last, int(share * len(times)))] * 1000 for share in PERCENTILES)


def run_level(port, requests, clients, seconds, seed=1, exporting=True):
    """`clients` clients asking for `requests` in a shuffled loop for `seconds`, a whole CSV
    export streaming meanwhile unless not `exporting`."""
    level = Level(clients)
    lock = threading.Lock()
    stop = threading.Event()

    def client(number):
        rng = random.Random(seed * 1000 + number)
        order = requests[:]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while not stop.is_set():
            rng.shuffle(order)
            for request in order:
                if stop.is_set():
                    break
                started = time.perf_counter()
                try:
                    status, _ = fetch(port, request.path, connection)
                except (OSError, http.client.HTTPException):
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                    status = None
                took = time.perf_counter() - started
                with lock:
                    if status == 200:
                        level.times[request.kind].append(took)
                    else:
                        level.errors += 1
                        level.failures[(request.path, status)] += 1
        connection.close()

    exported = {"bytes": 0, "rows": 0}

    def export():
        while not stop.is_set():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            connection.request("GET", "/statements/export.csv", headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            while not stop.is_set() and (chunk := response.read(1 << 20)):
                exported["bytes"] += len(chunk)
                exported["rows"] += chunk.count(b"\r\n")
            connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    if exporting:
        threads.append(threading.Thread(target=export, daemon=True))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads[:clients]:
        thread.join(timeout=120)
    level.seconds = time.perf_counter() - started
    level.export_rows_per_second = exported["rows"] / level.seconds
    return level
