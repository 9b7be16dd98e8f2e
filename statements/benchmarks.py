"""Measuring the site on the current database: what the benchmark commands time and how.

Requests go through Django's test client, so middleware, the view and the streaming of the
body are all inside the figure; only the network is not.
"""

import resource
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from .exports import EXPORTS


def peak_memory_mb():
    """The peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Timing:
    rows: int
    seconds: float
    first_byte: float
    size: int  # bytes

    @property
    def rows_per_second(self):
        return self.rows / self.seconds if self.seconds else 0

    @property
    def megabytes_per_second(self):
        return self.size / 1e6 / self.seconds if self.seconds else 0


def median_timing(timings):
    return Timing(
        rows=timings[0].rows,
        seconds=statistics.median(t.seconds for t in timings),
        first_byte=statistics.median(t.first_byte for t in timings),
        size=timings[0].size,
    )


class Browser:
    """Django's test client, allowed onto this site whatever ALLOWED_HOSTS says."""

    def __init__(self):
        self.client = Client()
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        self.settings = override_settings(ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=False)

    def download(self, path, rows):
        """Fetch `path` and read its streamed body to the end."""
        with self.settings:
            start = time.perf_counter()
            response = self.client.get(path)
            if response.status_code != 200:
                raise ValueError(f"{path} answered {response.status_code}: {response.content!r}")
            first_byte, size = None, 0
            for chunk in response.streaming_content:
                if first_byte is None:
                    first_byte = time.perf_counter() - start
                size += len(chunk)
            # The client closes the response once its content is read to the end.
            seconds = time.perf_counter() - start
        return Timing(rows, seconds, first_byte or seconds, size)


def export_queryset(list_name, query):
    """The queryset an export of `query` reads, as the export view builds it."""
    spec = EXPORTS[list_name]
    model = spec.filterset_class._meta.model
    filterset = spec.filterset_class(query, queryset=model.objects.published())
    if notices := filterset.notices():
        raise ValueError("; ".join(f"{name}: {message}" for name, message in notices))
    return spec.prepare(filterset.qs)


def copy_to_csv(queryset, rows):
    """PostgreSQL's own `COPY (the same query) TO STDOUT WITH CSV`: the floor to compare with."""
    sql, params = queryset.query.sql_with_params()
    start = time.perf_counter()
    first_byte, size = None, 0
    statement = f"COPY ({sql}) TO STDOUT WITH CSV HEADER"
    with connection.cursor() as cursor, cursor.cursor.copy(statement, params) as copy:
        for data in copy:
            if first_byte is None:
                first_byte = time.perf_counter() - start
            size += len(data)
    seconds = time.perf_counter() - start
    return Timing(rows, seconds, first_byte or seconds, size)


def export_path(list_name, extension, query):
    path = f"/{list_name}/export.{extension}"
    return f"{path}?{urlencode(query, doseq=True)}" if query else path
