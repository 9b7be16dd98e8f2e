"""With DATABASE_REPLICA_URL set, public pages read a PostgreSQL read replica; every write, and
every read of the desk, the commands and the keeper of the counts, goes to the primary.

A public page reads everything from the replica, the data's generation included, so that a
page kept for everyone is never kept under a generation newer than the data it shows. The
replica lags the primary (by well under a second on a healthy stream, more under load): a
reader may see a change that much later. The keeper of the counts reads the primary, so that
a count it refreshes is never counted from data older than the change that made it stale.
"""

import threading
from contextlib import contextmanager

from django.conf import settings

REPLICA = "replica"
local = threading.local()


@contextmanager
def flagged(name):
    before = getattr(local, name, False)
    setattr(local, name, True)
    try:
        yield
    finally:
        setattr(local, name, before)


def public_reads():
    """Reads inside go to the replica, if there is one."""
    return flagged("public")


def primary_reads():
    """Reads inside go to the primary, public or not."""
    return flagged("primary")


def reading_the_replica(view):
    def read(request, *args, **kwargs):
        with public_reads():
            return view(request, *args, **kwargs)

    return read


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        public = getattr(local, "public", False) and not getattr(local, "primary", False)
        return REPLICA if public and REPLICA in settings.DATABASES else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, first, second, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"
