"""A statement's export cells for its sources and mentioned countries, kept on PostgreSQL.

Looking up each statement's sources and countries while COPY writes it cost more than
writing the rest of the row: at a million statements the CSV export ran at half the speed
of COPY reading the statements alone. So the cells of those lists are kept in
StatementExportCells, computed by the very SQL the export would run (copy.csv_query and
copy.json_query without kept cells), and refreshed in the same transaction whenever one of
their inputs changes (see derived.py): a statement's sources or mentioned countries, a
source. The themes are not kept: they are looked up in a map of every theme (see
copy.LookedUpCells), and renaming a theme would rewrite the cells of every statement about it.

Each kept row names the code that computed it (`computed_by`, a fingerprint of that SQL). An
export reads the cells of a statement computed by today's code and computes the others from
its relations, so a change to the code of these cells, a statement written without them (by
a bulk load, or before this table existed) or one whose cells went stale is exported the
same, only more slowly. `manage.py keep_export_cells` computes them all again, after such a
change or after writing sources, countries or their links otherwise than through derived.py
(raw SQL, queryset.update(), a data migration of the countries).

On SQLite nothing is kept: the exports are written in Python there.
"""

import functools
import hashlib

from django.db import connection, transaction
from django.db.models import F

from ..models import Country, Source, Statement, StatementExportCells
from .copy import JSON_SUFFIX, KEPT, csv_query, looked_up_by_key
from .fields import EXPORTS

# The records whose cells are kept, by the statements' relation to them.
CITED = {Source: "sources", Country: "mentioned_countries"}
# The kept cells, but the fingerprint of the code that computed them.
CELLS = [f for f in StatementExportCells._meta.concrete_fields if f.name in KEPT - {"computed_by"}]


class Computed:
    """A cell given to csv_query by its expression alone, as a Column or a Key is."""

    name = ""

    def __init__(self, expression):
        self.expression = expression


def computing(statements):
    """SQL (and params) giving the statement id and each kept cell of `statements`."""
    export = EXPORTS["statements"]
    columns = {column.name: column for column in export.columns("")}
    keys = {key.name + JSON_SUFFIX: key for key in export.keys("")}
    computed = [Computed(F("pk"))]
    for cell in CELLS:
        computed.append(
            Computed(keys[cell.name].expression) if cell.name in keys else columns[cell.name]
        )
    return csv_query(statements.order_by(), computed)


@functools.cache
def fingerprint():
    """What identifies the code that computes the cells: a digest of its SQL."""
    if connection.vendor != "postgresql":
        return ""
    sql, params = computing(Statement.objects.all())
    return hashlib.sha256(f"{sql} {params}".encode()).hexdigest()[:16]


def keep(statements, lock=True):
    """Compute and keep the export cells of `statements` (a queryset), on PostgreSQL;
    return how many statements were kept.

    With `lock`, the statements are locked first: two transactions keeping the same
    statement (one renaming its source, one adding another) then keep it one after the
    other, the second computing from what the first committed. Without it, as in a bulk
    load that nobody else writes to, the second could overwrite the first's cells with
    cells computed before the first committed.
    """
    if connection.vendor != "postgresql":
        return 0
    query, params = computing(statements)
    quote = connection.ops.quote_name
    names = [quote(cell.column) for cell in CELLS]
    aliases = [f"cell_{n}" for n in range(len(CELLS) + 1)]
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in [*names, "computed_by"])
    sql = (
        f"INSERT INTO {quote(StatementExportCells._meta.db_table)} "
        f"({quote('statement_id')}, {', '.join(names)}, computed_by) "
        f"SELECT {', '.join(aliases)}, %s FROM ({query}) AS cells({', '.join(aliases)}) "
        f"ON CONFLICT ({quote('statement_id')}) DO UPDATE SET {updates}"
    )
    with transaction.atomic(), connection.cursor() as cursor, looked_up_by_key(cursor):
        if lock:
            list(statements.select_for_update().order_by("pk").values_list("pk", flat=True))
        cursor.execute(sql, [fingerprint(), *params])
        return cursor.rowcount


def citing(record):
    """A queryset of the ids (`statement_id`) of the statements citing `record`, a source or
    a country."""
    relation = CITED[type(record)]
    through = getattr(Statement, relation).through
    target = Statement._meta.get_field(relation).m2m_reverse_field_name()
    return through.objects.filter(**{target: record.pk}).values("statement_id")


def citing_ids(record):
    return list(citing(record).values_list("statement_id", flat=True))
