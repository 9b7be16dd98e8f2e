"""Counts over every published record, kept in the database and refreshed in the background.

The home page, the hubs and the lists' filter panel count statements by country, forum, theme
and year. Over a million statements a count reads hundreds of thousands of rows, far too slow
for a page, so a count is stored (in `CachedCounts`) the first time a page needs it and served
from there. When records change, a reader is still served the kept count: `manage.py
keep_counts` (started by `make run`, a service in production) finds the counts that began
before the last change (`DataGeneration.changed_at`), computes them again by asking their
pages for them (`refreshing()`), and then has the kept pages show them (`counts_at`). No
reader, and no several readers at once, ever count after an edit; the counts a page shows lag
a change by the keeper's pass, a few seconds.

The desk's counts (keys "admin:…", of records in every status) are forgotten when a
transaction that changed records commits, and counted again by the next curator who needs
them.
"""

import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from diplomacy.routers import primary_reads

from .models import CachedCounts, DataGeneration, Forum, Theme

DESK = "admin:"
local = threading.local()


def cached(computations):
    """{key: value} for {key: function computing a JSON value}, in one query when all are kept.
    A kept count is returned as it is, even stale; one never kept is computed now, and a stale
    one too while `refreshing()`."""
    started = timezone.now()  # before the counting reads any record
    kept = dict(CachedCounts.objects.filter(key__in=list(computations)).values_list("key", "value"))
    missing = [key for key in computations if key not in kept]
    if is_refreshing():
        missing += [key for key in stale_keys(kept) if key not in missing]
    for key in missing:
        kept[key] = computations[key]()
    if missing:
        CachedCounts.objects.bulk_create(
            [CachedCounts(key=key, value=kept[key], computed_at=started) for key in missing],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["value", "computed_at"],
        )
    return kept


def stale_keys(keys=None):
    """The kept counts (of `keys`, or all) that began before records last changed."""
    changed_at = DataGeneration.objects.values_list("changed_at", flat=True).get(pk=1)
    stale = CachedCounts.objects.filter(computed_at__lt=changed_at)
    if keys is not None:
        stale = stale.filter(key__in=list(keys))
    return list(stale.values_list("key", flat=True))


def is_refreshing():
    """Whether the keeper is counting again: nothing kept may stand in for a count."""
    return getattr(local, "refreshing", False)


@contextmanager
def refreshing():
    local.refreshing = True
    try:
        yield
    finally:
        local.refreshing = False


def page_of(key):
    """The page whose view counts `key` ("country:IR:forums" → /countries/IR/), or None."""
    kind, _, rest = key.partition(":")
    name = rest.partition(":")[0]
    if kind == "home":
        return "/"
    if kind == "facets":
        return f"/{name}/"
    if kind == "country":
        return f"/countries/{name}/"
    models = {"forum": Forum, "theme": Theme}
    if kind in models:
        record = models[kind].objects.filter(pk=name).first()
        return record.get_absolute_url() if record else None
    return None


def refresh_stale():
    """Count again every stale count, by asking its page for it with the page cache off; the
    kept pages then show the new counts. The number of counts refreshed."""
    keys = stale_keys()
    if not keys:
        return 0
    pages = {page_of(key) for key in keys} - {None}
    client = Client(raise_request_exception=False)
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with (
        refreshing(),
        primary_reads(),
        override_settings(ALLOWED_HOSTS=hosts, SECURE_SSL_REDIRECT=False, PAGE_CACHE_SECONDS=0),
    ):
        for page in sorted(pages):
            client.get(page)
    # What no page counts any more (a record gone, a desk count): forgotten.
    CachedCounts.objects.filter(key__in=stale_keys(keys)).delete()
    DataGeneration.objects.filter(pk=1).update(counts_at=timezone.now())
    return len(keys)


def forget():
    """Records changed: forget the desk's counts once this transaction commits. The public
    counts are stale from its commit on (DataGeneration.changed_at) and refreshed by the
    keeper. A batch of changes calls this once (derived.py)."""
    transaction.on_commit(forget_the_desks)


def forget_the_desks():
    CachedCounts.objects.filter(key__startswith=DESK).delete()


def forget_now():
    """Forget every count (after a bulk load, which no keeper follows)."""
    CachedCounts.objects.all().delete()
