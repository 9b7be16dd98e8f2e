"""A statement's export cells for its sources and mentioned countries, kept on PostgreSQL.

Looking up each statement's sources and countries while COPY writes it cost more than
writing the rest of the row: at a million statements the CSV export ran at half the speed
of COPY reading the statements alone. So the cells of those lists are kept in
StatementExportCells, computed by the very SQL the export would run (sql.copy_query with
`kept=False`), and refreshed in the same transaction whenever one of their inputs changes:
a statement's sources or mentioned countries, a source, a country. The themes are not kept:
they are looked up in a map of every theme (see sql.LookedUpCells), and renaming a theme
would rewrite the cells of every statement about it.

An export reads a statement's kept cells when it has them and computes them otherwise, so a
statement written without them (by a bulk load, or before this table existed) is exported
the same, only more slowly: `manage.py keep_export_cells` fills them in.

On SQLite nothing is kept: the exports are written in Python there.
"""

from django.db import connection
from django.db.models import Case, F, Subquery, When

from ..models import Country, Source, Statement, StatementExportCells

# The relations whose cells are kept, and the records whose changes change them.
KEPT_RELATIONS = ("sources", "mentioned_countries")
JSON_SUFFIX = "_json"


def kept_names():
    return [f.name for f in StatementExportCells._meta.concrete_fields if not f.primary_key]


def keeps(model):
    return model is Statement and connection.vendor == "postgresql"


def kept_or_computed(name, computed):
    """The kept cell `name` of the exported statement, or `computed` when it has none."""
    return Case(
        When(export_cells__isnull=True, then=computed),
        default=F(f"export_cells__{name}"),
    )


def csv_cell(column):
    """The kept cell of a statement's CSV column, or None when it is not kept."""
    return column.name if column.name in kept_names() else None


def json_cell(key):
    """The kept JSON text of a statement's key, or None when it is not kept."""
    name = key.name + JSON_SUFFIX
    return name if name in kept_names() else None


class KeptCell:
    """What copy_query needs of a cell to compute: its expression."""

    def __init__(self, expression):
        self.expression = expression


def keep(statements):
    """Compute and keep the export cells of `statements` (a queryset), on PostgreSQL."""
    if connection.vendor != "postgresql":
        return
    from .columns import statement_columns
    from .documents import statement_keys
    from .sql import copy_query, integer

    names = kept_names()
    columns = {c.name: c for c in statement_columns("")}
    keys = {k.name + JSON_SUFFIX: k for k in statement_keys("")}
    cells = [KeptCell(integer("pk")), *(columns.get(name) or keys[name] for name in names)]
    query, params = copy_query(statements.order_by(), cells, kept=False)
    aliases = [f"c{n}" for n in range(len(cells))]
    table = StatementExportCells._meta.db_table
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in names)
    sql = (
        f"INSERT INTO {table} (statement_id, {', '.join(names)}) "
        f"SELECT c0::integer, {', '.join(aliases[1:])} "
        f"FROM ({query}) AS cells({', '.join(aliases)}) "
        f"ON CONFLICT (statement_id) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def keep_those_of(ids):
    if ids:
        keep(Statement.objects.filter(pk__in=ids))


def citing(record):
    """The ids of the statements whose kept cells `record` (a source or country) is in."""
    relation = "sources" if isinstance(record, Source) else "mentioned_countries"
    through = getattr(Statement, relation).through
    target = Statement._meta.get_field(relation).m2m_reverse_field_name()
    return through.objects.filter(**{target: record.pk}).values("statement_id")


# Signal receivers (connected in apps.py).


def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """m2m_changed of a statement's sources or mentioned countries, from either side."""
    if not keeps(Statement):
        return
    if action == "pre_clear" and reverse:
        instance._statements_cleared = list(citing(instance).values_list("statement_id", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        keep_those_of([instance.pk])
    elif action == "post_clear":
        keep_those_of(getattr(instance, "_statements_cleared", []))
    else:
        keep_those_of(pk_set)


def record_saved(sender, instance, created, raw=False, **kwargs):
    """post_save of a source or a country: the statements citing it show it anew."""
    if created or raw or not keeps(Statement):
        return
    keep(Statement.objects.filter(pk__in=Subquery(citing(instance))))


def record_deleting(sender, instance, **kwargs):
    """pre_delete of a source or a country: note who cites it, before the rows go."""
    if keeps(Statement):
        instance._statements_citing = list(citing(instance).values_list("statement_id", flat=True))


def record_deleted(sender, instance, **kwargs):
    keep_those_of(getattr(instance, "_statements_citing", []))


SENDERS = {
    "relations": [getattr(Statement, relation).through for relation in KEPT_RELATIONS],
    "records": [Source, Country],
}
