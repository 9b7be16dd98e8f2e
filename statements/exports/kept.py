"""A statement's export cells for its sources and mentioned countries, kept on PostgreSQL.

Looking up each statement's sources and countries while COPY writes it cost more than
writing the rest of the row: at a million statements the CSV export ran at half the speed
of COPY reading the statements alone. So the cells of those lists are kept in
StatementExportCells, computed by the very SQL the export would run (sql.copy_query with
`kept=False`), and refreshed in the same transaction whenever one of their inputs changes
(see derived.py): a statement's sources or mentioned countries, a source. The themes are not kept:
they are looked up in a map of every theme (see sql.LookedUpCells), and renaming a theme
would rewrite the cells of every statement about it.

An export reads a statement's kept cells when it has them and computes them otherwise, so a
statement written without them (by a bulk load, or before this table existed) is exported
the same, only more slowly. A change made otherwise than through derived.py leaves them
stale: raw SQL or queryset.update() on sources, countries or the links, a data migration of
the countries, and a change to the export's code that changes these cells. `manage.py
keep_export_cells` computes them all again after any of these.

On SQLite nothing is kept: the exports are written in Python there.
"""

from django.db import connection, transaction
from django.db.models import Case, F, When

from ..models import Country, Source, Statement, StatementExportCells

# The records whose cells are kept, by the statements' relation to them.
CITED = {Source: "sources", Country: "mentioned_countries"}
JSON_SUFFIX = "_json"
KEPT_FIELDS = [f for f in StatementExportCells._meta.concrete_fields if not f.primary_key]
KEPT_NAMES = {f.name for f in KEPT_FIELDS}


def keeps(model):
    return model is Statement and connection.vendor == "postgresql"


def kept_or_computed(name, computed):
    """The kept cell `name` of the exported statement, or `computed` when it has none."""
    return Case(
        When(export_cells__isnull=True, then=computed),
        default=F(f"export_cells__{name}"),
    )


def csv_cell(column):
    """The name of the kept cell of a statement's CSV column, or None when it is not kept."""
    return column.name if column.name in KEPT_NAMES else None


def json_cell(key):
    """The name of the kept JSON text of a statement's key, or None when it is not kept."""
    name = key.name + JSON_SUFFIX
    return name if name in KEPT_NAMES else None


class Computed:
    """A cell given to copy_query by its expression alone, as a Column or a Key is."""

    def __init__(self, expression):
        self.expression = expression


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
    from .columns import statement_columns
    from .documents import statement_keys
    from .sql import copy_query
    from .streaming import looked_up_by_key

    columns = {c.name: c for c in statement_columns("")}
    keys = {k.name + JSON_SUFFIX: k for k in statement_keys("")}
    cells = [Computed(F("pk")), *(columns.get(f.name) or keys[f.name] for f in KEPT_FIELDS)]
    query, params = copy_query(statements.order_by(), cells, kept=False)
    quote = connection.ops.quote_name
    names = [quote(f.column) for f in KEPT_FIELDS]
    aliases = [f"cell_{n}" for n in range(len(cells))]
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in names)
    sql = (
        f"INSERT INTO {quote(StatementExportCells._meta.db_table)} "
        f"({quote('statement_id')}, {', '.join(names)}) "
        f"SELECT {', '.join(aliases)} FROM ({query}) AS cells({', '.join(aliases)}) "
        f"ON CONFLICT ({quote('statement_id')}) DO UPDATE SET {updates}"
    )
    with transaction.atomic(), connection.cursor() as cursor, looked_up_by_key(cursor):
        if lock:
            list(statements.select_for_update().order_by("pk").values_list("pk", flat=True))
        cursor.execute(sql, params)
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
