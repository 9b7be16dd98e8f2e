"""While the database cannot be reached, every page answers a styled 503 with Retry-After, not
a 500, and the site recovers by itself once the database is back."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from unittest import mock

import pytest
from django.db import OperationalError, connection, connections

from .servers import ROOT, fetch, free_port, wait_for_the_servers_sessions_to_end

pytestmark = pytest.mark.django_db


def unreachable(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')


@pytest.mark.parametrize("path", ["/", "/statements/", "/countries/IR/", "/statements/export.csv"])
def test_a_database_out_of_reach_answers_503_with_retry_after(client, path):
    client.raise_request_exception = False  # as a server would, answer with the error page
    with mock.patch.object(type(connections["default"]), "cursor", unreachable):
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "<h1>Back in a moment</h1>" in page and 'href="/static/css/demarche.css"' in page
    assert client.get("/").status_code == 200  # and back by itself


def test_the_api_says_so_in_json(client):
    client.raise_request_exception = False
    with mock.patch.object(type(connections["default"]), "cursor", unreachable):
        response = client.get("/api/v1/statements/")
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert response.json()["status"] == 503
    assert response["Access-Control-Allow-Origin"] == "*"
    with mock.patch.object(type(connections["default"]), "cursor", side_effect=ZeroDivisionError):
        response = client.get("/api/v1/statements/")
    assert (response.status_code, response.json()["status"]) == (500, 500)


def test_other_server_errors_stay_500(client):
    client.raise_request_exception = False
    with mock.patch.object(type(connections["default"]), "cursor", side_effect=ZeroDivisionError):
        response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


class Relay:
    """A TCP relay to PostgreSQL that can be cut and restored, as a restart or a network fault
    would, while a server keeps its connections through it."""

    def __init__(self, target):
        self.target, self.links = target, []
        self.port = free_port()
        self.start()

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.links += [client, server]
            for one, other in ((client, server), (server, client)):
                threading.Thread(target=self.pipe, args=(one, other), daemon=True).start()

    @staticmethod
    def pipe(one, other):
        try:
            while data := one.recv(65536):
                other.sendall(data)
        except OSError:
            pass
        finally:
            hang_up(other)

    def cut(self):
        for link in [self.listener, *self.links]:
            hang_up(link)
        self.links = []


def hang_up(link):
    """Shut down, not only closed: a thread blocked in accept() or recv() on a socket keeps it
    open after close()."""
    with contextlib.suppress(OSError):  # already shut down
        link.shutdown(socket.SHUT_RDWR)
    link.close()


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a server's connection to cut")
def test_a_server_answers_503_while_postgresql_is_away_and_recovers_by_itself():
    settings = connection.settings_dict
    relay = Relay((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    port = free_port()
    user = settings["USER"] or "postgres"
    environment = {
        **os.environ,
        # Production settings but for the static files' manifest, which needs collectstatic.
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": f"postgres://{user}@127.0.0.1:{relay.port}/{settings['NAME']}",
        "CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", "--nothreading", str(port)],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
    )
    # A page that keeps nothing in the database: the test database is this worker's own.
    url = f"http://127.0.0.1:{port}/events/"
    try:
        for _ in range(100):
            try:
                assert fetch(url)[0] == 200  # the server keeps this connection (CONN_MAX_AGE)
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        relay.cut()
        status, headers = fetch(url)
        assert (status, headers["Retry-After"]) == (503, "30")
        relay.start()
        assert fetch(url)[0] == 200
    finally:
        server.terminate()
        server.wait()
        relay.cut()
        wait_for_the_servers_sessions_to_end()
