"""Counts over every published record, computed once and kept in the database.

The home page and the hubs count statements by country, forum, theme and year. Over a
million statements each count reads hundreds of thousands of rows, far too slow for a page,
so a count is stored (in `CachedCounts`) the first time a page needs it and served from
there until records change: a transaction that changes any forgets them all once it commits
(see derived.py). A count older than FRESH_FOR is computed again, which bounds how long
a count computed while another process was changing records can outlive the change.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import CachedCounts

FRESH_FOR = datetime.timedelta(minutes=15)


def cached(computations):
    """{key: value} for {key: function computing a JSON value}, in one query when all are kept."""
    now = timezone.now()
    kept = dict(
        CachedCounts.objects.filter(
            key__in=list(computations), computed_at__gte=now - FRESH_FOR
        ).values_list("key", "value")
    )
    missing = [key for key in computations if key not in kept]
    for key in missing:
        kept[key] = computations[key]()
    if missing:
        CachedCounts.objects.bulk_create(
            [CachedCounts(key=key, value=kept[key], computed_at=now) for key in missing],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["value", "computed_at"],
        )
    return kept


def forget():
    """Records changed: forget every count once this transaction commits (at once, outside
    a transaction). A batch of changes calls this once (derived.py), and every path that
    changes records runs one batch per transaction."""
    transaction.on_commit(forget_now)


def forget_now():
    CachedCounts.objects.all().delete()
