"""Every filter of the URL contract, and each list's default sort, has an index."""

import pytest
from django.db import connection, transaction
from django.http import QueryDict

from statements.filters import (
    ActorFilterSet,
    AgreementFilterSet,
    EventFilterSet,
    StatementFilterSet,
)
from statements.models import Actor, Agreement, AgreementParty, Event, Statement

pytestmark = pytest.mark.django_db


def leading_columns(model):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {tuple(c["columns"][:1]) for c in constraints.values() if c["index"] or c["unique"]}


def composite_indexes(model):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {tuple(c["columns"]) for c in constraints.values() if c["index"]}


@pytest.mark.parametrize(
    ("model", "columns"),
    [
        (
            Statement,
            [
                "country_id",
                "forum_id",
                "event_id",
                "speaker_id",
                "on_behalf_of_actor_id",
                "kind",
                "language",
                "verification",
                "date_earliest",
                "date_latest",
                "title",
            ],
        ),
        (
            Agreement,
            [
                "kind",
                "agreement_status",
                "event_id",
                "signed_on_earliest",
                "signed_on_latest",
                "title",
            ],
        ),
        (AgreementParty, ["country_id", "organisation_id", "agreement_id"]),
        (
            Event,
            [
                "forum_id",
                "host_country_id",
                "start_date_earliest",
                "start_date_latest",
                "end_date_latest",
                "name",
            ],
        ),
        (Actor, ["country_id", "kind", "name"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_each_filtered_column_leads_an_index(model, columns):
    leading = leading_columns(model)
    missing = [column for column in columns if (column,) not in leading]
    assert missing == []


def test_statement_filters_share_the_default_sort_in_their_indexes():
    indexes = composite_indexes(Statement)
    filtered = ("country_id", "forum_id", "event_id", "speaker_id", "kind", "language")
    for column in (*filtered, "verification"):
        assert (column, "date_earliest", "id") in indexes
    assert ("date_earliest", "id", "date_latest") in indexes  # a date range counted on it alone


def test_theme_and_country_relations_are_indexed_from_the_theme_and_country_side():
    for model, field in [
        (Statement, "themes"),
        (Statement, "mentioned_countries"),
        (Agreement, "themes"),
        (Event, "participating_countries"),
    ]:
        through = model._meta.get_field(field).remote_field.through
        target = model._meta.get_field(field).m2m_reverse_name()
        assert (target,) in leading_columns(through), (model, field)


LIST_SORTS = [
    (StatementFilterSet, "sort=-date"),
    (StatementFilterSet, "sort=date"),
    (StatementFilterSet, "sort=title"),
    (StatementFilterSet, "sort=-title"),
    (StatementFilterSet, "country=IR"),
    (StatementFilterSet, "kind=speech"),
    (AgreementFilterSet, "sort=-date"),
    (AgreementFilterSet, "sort=date"),
    (AgreementFilterSet, "sort=title"),
    (AgreementFilterSet, "kind=mou"),
    (AgreementFilterSet, "status=signed"),
    (EventFilterSet, "sort=-date"),
    (EventFilterSet, "sort=date"),
    (EventFilterSet, "sort=title"),
    (ActorFilterSet, "sort=name"),
    (ActorFilterSet, "sort=-name"),
    (ActorFilterSet, "country=IR"),
]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's plans")
@pytest.mark.parametrize(("filterset_class", "query"), LIST_SORTS)
def test_each_sort_of_each_list_is_read_from_an_index_in_its_order(filterset_class, query):
    """With sorting made as costly as it gets, the plan of a page still sorts nothing: an
    index gives the rows in the list's order (`ORDER BY date DESC NULLS LAST` would not be
    served by an index on `date DESC`, for one)."""
    model = filterset_class._meta.model
    filterset = filterset_class(QueryDict(query), queryset=model.objects.published())
    assert not filterset.notices()
    page = filterset.parts()[0].values_list("pk", flat=True)[:51]
    sql, params = page.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Sort" not in plan, plan
