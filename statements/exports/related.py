"""Related records of exported rows: fetched in bulk, one query per relation for each chunk of
rows, and kept on each row as a plain list (reading a list costs nothing per row; a
prefetched manager builds a queryset every time it is read)."""

from django.db.models import Prefetch


def prefetched(relation):
    return f"prefetched_{relation}"


def in_bulk(relation, queryset=None):
    return Prefetch(relation, queryset=queryset, to_attr=prefetched(relation))


def related(record, relation):
    """The records of `relation` fetched for `record` by `in_bulk(relation)`."""
    return getattr(record, prefetched(relation))
