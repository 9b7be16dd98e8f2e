"""gunicorn's configuration for production: `gunicorn diplomacy.wsgi` reads it from here.

A process per core, each with threads: a page spends part of its time waiting for the
database, and the threads of a process share its kept connections. Sized from the cores
unless WEB_CONCURRENCY / WEB_THREADS say otherwise.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
threads = int(os.environ.get("WEB_THREADS") or 4)
worker_class = "gthread"
# A whole export of a million statements streams for minutes: the timeout bounds a worker that
# stopped answering, not a long download (gthread workers heartbeat while they stream).
timeout = int(os.environ.get("WEB_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so that no process grows without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
