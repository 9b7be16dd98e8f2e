"""Tests that start a server process: where the project is, a free port, a whole request, and
waiting for the server's database sessions to end."""

import time
import urllib.error
import urllib.request
from pathlib import Path

from django.db import connection

from statements.load import free_port

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["ROOT", "fetch", "free_port", "wait_for_the_servers_sessions_to_end"]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def wait_for_the_servers_sessions_to_end():
    """PostgreSQL ends a session cut off from its client a moment later; the test database
    cannot be dropped until it has."""
    with connection.cursor() as cursor:
        for _ in range(100):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
