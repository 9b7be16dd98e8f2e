"""The history keeps the reason for a change whole: a reason for sending back or restoring,
or an imported file's path, could be longer than the 100 characters it had. The new text
columns are compressed with lz4 like the others (migration 0013)."""

from importlib import import_module

from django.db import migrations, models

lz4 = import_module("statements.migrations.0013_lz4_compression")


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0014_statements_follow_their_events_forum"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalactor",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalagreement",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalagreementparty",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalforum",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalrole",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.AlterField(
            model_name="historicaltheme",
            name="history_change_reason",
            field=models.TextField(null=True),
        ),
        migrations.RunPython(lz4.compress_with("lz4"), migrations.RunPython.noop),
    ]
