"""Counts over every published record, computed once and kept in the database.

The home page and the hubs count statements by country, forum, theme and year. Over a
million statements each count reads hundreds of thousands of rows, far too slow for a page,
so a count is stored (in `CachedCounts`) the first time a page needs it and served from
there until any record changes: every save or delete in this app forgets them all. A count
older than FRESH_FOR is computed again, which bounds how long a count computed while another
process was changing records can outlive the change.
"""

import datetime

from django.apps import apps
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


def forget_counts(sender, **kwargs):
    """A record of this app changed: every kept count may be wrong now."""
    if sender._meta.app_label != "statements" or sender is CachedCounts:
        return
    if sender._meta.apps is not apps:
        return  # a model of a migration, before the table of counts may exist
    if not kwargs.get("action", "post_").startswith("post_"):
        return  # m2m_changed also fires before a change
    if sender.__name__.startswith("Historical"):
        return  # saved along with a record, which forgets the counts itself
    CachedCounts.objects.all().delete()
