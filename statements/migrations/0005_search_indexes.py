from django.db import migrations

from statements.search import (
    create_search_configuration,
    create_search_index,
    drop_search_configuration,
    drop_search_index,
)

TABLES = [
    "statements_statement",
    "statements_agreement",
    "statements_event",
    "statements_actor",
]


def fill_search_documents(apps, schema_editor):
    """Records saved before search existed get their documents (as the models build them)."""

    def joined(*parts):
        return "\n".join(part for part in parts if part)

    Actor = apps.get_model("statements", "Actor")
    names = {}
    for actor in Actor.objects.all():
        names[actor.pk] = joined(actor.name, actor.original_name, actor.other_names)
        actor.search_document = names[actor.pk]
        actor.save(update_fields=["search_document"])
    for event in apps.get_model("statements", "Event").objects.all():
        event.search_document = joined(event.name, event.city, event.description)
        event.save(update_fields=["search_document"])
    for statement in apps.get_model("statements", "Statement").objects.all():
        statement.search_document = joined(
            statement.title, names.get(statement.speaker_id), statement.summary, statement.text
        )
        statement.save(update_fields=["search_document"])
    for agreement in apps.get_model("statements", "Agreement").objects.all():
        agreement.search_document = joined(
            agreement.title, agreement.city, agreement.summary, agreement.text
        )
        agreement.save(update_fields=["search_document"])


def create_indexes(apps, schema_editor):
    create_search_configuration(schema_editor)
    for table in TABLES:
        create_search_index(schema_editor, table)


def drop_indexes(apps, schema_editor):
    for table in TABLES:
        drop_search_index(schema_editor, table)
    drop_search_configuration(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("statements", "0004_search_document")]

    operations = [
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
