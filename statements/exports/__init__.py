"""CSV and JSON exports: exactly the rows of a filtered list, all pages, in the list's order.

`columns` declares the CSV columns and `documents` the JSON records; `streaming` writes
them as rows are read; `datapackage` describes the CSV files for machines. The data page
(`/data/`) is written from the same declarations.
"""

from dataclasses import dataclass

from django.urls import reverse

from ..filters import ActorFilterSet, AgreementFilterSet, EventFilterSet, StatementFilterSet
from ..models import AgreementParty, Searchable, Source, Theme
from .columns import actor_columns, agreement_columns, event_columns, statement_columns
from .documents import actor_keys, agreement_keys, event_keys, statement_keys
from .related import in_bulk
from .streaming import csv_lines, file_name, json_chunks


@dataclass
class Export:
    """What one list exports: its FilterSet, the related data each row needs, its fields."""

    name: str
    filterset_class: type
    prepare: object  # queryset → queryset with its relations
    columns: object  # base URL → [Column] of the CSV
    keys: object  # base URL → [Key] of the JSON records

    @property
    def list_url(self):
        return reverse(f"statements:{self.name.removesuffix('s')}_list")

    @property
    def parameters(self):
        return list(self.filterset_class.base_filters)


def published_sources():
    return in_bulk("sources", Source.objects.published().order_by("id"))


def published_themes():
    return in_bulk("themes", Theme.objects.published().order_by("name"))


def joined(queryset, *relations):
    """`queryset` with `relations` joined in, leaving out the text kept only for search."""
    deferred = [f"{name}__search_document" for name in relations if searchable(queryset, name)]
    if issubclass(queryset.model, Searchable):
        deferred.append("search_document")
    return queryset.select_related(*relations).defer(*deferred)


def searchable(queryset, relation):
    return issubclass(queryset.model._meta.get_field(relation).related_model, Searchable)


EXPORTS = {
    "statements": Export(
        "statements",
        StatementFilterSet,
        lambda qs: joined(
            qs, "speaker", "country", "on_behalf_of_country", "on_behalf_of_actor", "event", "forum"
        ).prefetch_related(published_themes(), in_bulk("mentioned_countries"), published_sources()),
        statement_columns,
        statement_keys,
    ),
    "agreements": Export(
        "agreements",
        AgreementFilterSet,
        lambda qs: joined(qs, "event", "signed_in").prefetch_related(
            in_bulk(
                "parties",
                joined(AgreementParty.objects.all(), "country", "organisation", "signatory"),
            ),
            published_themes(),
            published_sources(),
        ),
        agreement_columns,
        agreement_keys,
    ),
    "events": Export(
        "events",
        EventFilterSet,
        lambda qs: joined(qs, "forum", "part_of", "host_country").prefetch_related(
            in_bulk("participating_countries"), published_sources()
        ),
        event_columns,
        event_keys,
    ),
    "actors": Export(
        "actors",
        ActorFilterSet,
        lambda qs: joined(qs, "country", "parent").prefetch_related(published_sources()),
        actor_columns,
        actor_keys,
    ),
}

__all__ = ["EXPORTS", "Export", "csv_lines", "file_name", "json_chunks"]
