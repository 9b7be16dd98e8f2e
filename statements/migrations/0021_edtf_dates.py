"""Every date becomes an EDTF value with its earliest and latest day.

A date kept as the first day of its period and a precision (day, month, year) becomes the EDTF
value of that precision ("2025-04"); the day it was kept as is its earliest day, and the last
day of its period its latest. Nothing is lost: the precision is in the value.
"""

from django.db import migrations, models

# (model, EDTF field, precision field it replaces, whether a date is required)
DATES = [
    ("source", "published_on", "published_precision", False),
    ("role", "start_date", "start_precision", False),
    ("role", "end_date", "end_precision", False),
    ("event", "start_date", "start_precision", True),
    ("event", "end_date", "end_precision", False),
    ("statement", "date", "date_precision", True),
    ("agreement", "signed_on", "signed_precision", False),
]

POSTGRESQL = """
UPDATE {table} SET
    {value} = CASE {precision}
        WHEN 'year' THEN to_char({earliest}, 'YYYY')
        WHEN 'month' THEN to_char({earliest}, 'YYYY-MM')
        ELSE to_char({earliest}, 'YYYY-MM-DD') END,
    {latest} = CASE {precision}
        WHEN 'year' THEN (date_trunc('year', {earliest}) + interval '1 year - 1 day')::date
        WHEN 'month' THEN (date_trunc('month', {earliest}) + interval '1 month - 1 day')::date
        ELSE {earliest} END{more}
WHERE {earliest} IS NOT NULL
"""

SQLITE = """
UPDATE {table} SET
    {value} = CASE {precision}
        WHEN 'year' THEN strftime('%Y', {earliest})
        WHEN 'month' THEN strftime('%Y-%m', {earliest})
        ELSE {earliest} END,
    {latest} = CASE {precision}
        WHEN 'year' THEN date({earliest}, 'start of year', '+1 year', '-1 day')
        WHEN 'month' THEN date({earliest}, 'start of month', '+1 month', '-1 day')
        ELSE {earliest} END{more}
WHERE {earliest} IS NOT NULL
"""

# How each statement's words are known (0019), as its sources and text tell: its text from an
# official document or press release is official, from a transcript a transcript, from
# anything else reported; without a text only a summary is known. Curators correct it where it
# is wrong. Set in the same pass as the dates: every update of a statement computes its search
# vector again (a generated column), which is most of the cost at a million statements.
VERIFICATION = """,
    verification = CASE
        WHEN text = '' THEN 'summary'
        WHEN EXISTS (
            SELECT 1 FROM statements_statement_sources AS cited
            JOIN statements_source AS source ON source.id = cited.source_id
            WHERE cited.statement_id = statements_statement.id
            AND source.kind IN ('official_document', 'press_release')
        ) THEN 'official_text'
        WHEN EXISTS (
            SELECT 1 FROM statements_statement_sources AS cited
            JOIN statements_source AS source ON source.id = cited.source_id
            WHERE cited.statement_id = statements_statement.id AND source.kind = 'transcript'
        ) THEN 'transcript'
        ELSE 'reported' END"""


def to_edtf(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    sql = POSTGRESQL if postgresql else SQLITE
    if postgresql:
        # Foreign keys checked now, not at commit: a row updated twice in one transaction (an
        # event's start, then its end) leaves its checks pending, and a table with pending
        # checks cannot be altered in the same transaction (its precision columns are dropped
        # next).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    quote = schema_editor.quote_name
    for model_name, value, precision, _required in DATES:
        for name in (model_name, f"historical{model_name}"):
            table = apps.get_model("statements", name)._meta.db_table
            schema_editor.execute(
                sql.format(
                    table=quote(table),
                    value=quote(value),
                    precision=quote(precision),
                    earliest=quote(f"{value}_earliest"),
                    latest=quote(f"{value}_latest"),
                    more=VERIFICATION if name == "statement" else "",
                )
            )


def operations():
    renamed, added, removed = [], [], []
    for model_name, value, precision, _required in DATES:
        for name in (model_name, f"historical{model_name}"):
            renamed.append(migrations.RenameField(name, value, f"{value}_earliest"))
            added += [
                migrations.AddField(
                    name,
                    value,
                    models.CharField(max_length=40, blank=True, default=""),
                    preserve_default=False,
                ),
                migrations.AddField(
                    name,
                    f"{value}_latest",
                    models.DateField(null=True, blank=True, editable=False),
                ),
            ]
            removed.append(migrations.RemoveField(name, precision))
    return renamed, added, removed


# The indexes on the renamed columns are made again once the columns are in place (0022).
OLD_INDEXES = [
    migrations.RemoveIndex(
        model_name="agreement",
        name="ag_public_date",
    ),
    migrations.RemoveIndex(
        model_name="agreement",
        name="ag_public_date_asc",
    ),
    migrations.RemoveIndex(
        model_name="agreement",
        name="ag_public_kind",
    ),
    migrations.RemoveIndex(
        model_name="agreement",
        name="ag_public_status",
    ),
    migrations.RemoveIndex(
        model_name="agreement",
        name="ag_public_event",
    ),
    migrations.RemoveIndex(
        model_name="agreement",
        name="ag_public_signed",
    ),
    migrations.RemoveIndex(
        model_name="event",
        name="event_public_date",
    ),
    migrations.RemoveIndex(
        model_name="event",
        name="event_public_forum",
    ),
    migrations.RemoveIndex(
        model_name="event",
        name="event_public_host",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_public_date",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_public_country",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_public_forum",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_public_event",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_public_speaker",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_public_kind",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_public_language",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_date",
    ),
    migrations.RemoveIndex(
        model_name="statement",
        name="st_public_verification",
    ),
    migrations.RemoveIndex(
        model_name="event",
        name="event_end_date",
    ),
]


RENAMED, ADDED, REMOVED = operations()


class Migration(migrations.Migration):
    dependencies = [("statements", "0020_export_cells_keep_source_kinds")]

    operations = [
        *OLD_INDEXES,
        *RENAMED,
        *ADDED,
        migrations.RunPython(to_edtf, migrations.RunPython.noop, elidable=False),
        *REMOVED,
    ]
