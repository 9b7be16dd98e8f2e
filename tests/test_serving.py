"""The production command: gunicorn with the repository's configuration serves the site."""

import os
import subprocess
import sys
import time
import urllib.error

import pytest
from django.db import connection

from .servers import ROOT, fetch, free_port, wait_for_the_servers_sessions_to_end


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server process's own database")
def test_gunicorn_serves_the_site_with_its_health_and_kept_pages():
    settings = connection.settings_dict
    port = free_port()
    user = settings["USER"] or "postgres"
    host = settings["HOST"] or "127.0.0.1"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{user}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "diplomacy.wsgi"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                status, _ = fetch(f"http://127.0.0.1:{port}/health/")
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        assert status == 200
        for _ in range(4):  # several workers and threads, one answer
            assert fetch(f"http://127.0.0.1:{port}/events/")[0] == 200
    finally:
        server.terminate()
        server.wait()
        wait_for_the_servers_sessions_to_end()
