"""The EDTF dates as the models declare them, their indexes made again on the renamed
columns, and the text columns added since 0015 compressed with lz4."""

from importlib import import_module

from django.db import migrations, models

import statements.validators

lz4 = import_module("statements.migrations.0013_lz4_compression")


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0021_edtf_dates"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="agreement",
            options={
                "ordering": [
                    models.OrderBy(
                        models.ExpressionWrapper(
                            models.Q(("signed_on_earliest__isnull", True)),
                            output_field=models.BooleanField(),
                        )
                    ),
                    models.OrderBy(models.F("signed_on_earliest"), descending=True),
                    models.OrderBy(models.F("id"), descending=True),
                ]
            },
        ),
        migrations.AlterModelOptions(
            name="event",
            options={"ordering": ["-start_date_earliest", "-id"]},
        ),
        migrations.AlterModelOptions(
            name="role",
            options={
                "ordering": [
                    models.OrderBy(
                        models.F("start_date_earliest"), descending=True, nulls_last=True
                    ),
                    "-id",
                ]
            },
        ),
        migrations.AlterModelOptions(
            name="statement",
            options={
                "ordering": ["-date_earliest", "-id"],
                "permissions": [("publish", "Can publish and unpublish any curated record")],
            },
        ),
        migrations.AlterField(
            model_name="agreement",
            name="signed_on",
            field=models.CharField(
                blank=True,
                help_text="Empty when not signed or not known. As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="date signed",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="signed_on_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="event",
            name="end_date",
            field=models.CharField(
                blank=True,
                help_text="Empty for a one-day event. As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="end date",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="end_date_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="event",
            name="start_date",
            field=models.CharField(
                help_text="As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="start date",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="start_date_earliest",
            field=models.DateField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="historicalagreement",
            name="signed_on",
            field=models.CharField(
                blank=True,
                help_text="Empty when not signed or not known. As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="date signed",
            ),
        ),
        migrations.AlterField(
            model_name="historicalagreement",
            name="signed_on_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="end_date",
            field=models.CharField(
                blank=True,
                help_text="Empty for a one-day event. As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="end date",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="end_date_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="start_date",
            field=models.CharField(
                help_text="As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="start date",
            ),
        ),
        migrations.AlterField(
            model_name="historicalevent",
            name="start_date_earliest",
            field=models.DateField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="historicalrole",
            name="end_date",
            field=models.CharField(
                blank=True,
                help_text="Empty while held or when unknown. As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="to",
            ),
        ),
        migrations.AlterField(
            model_name="historicalrole",
            name="end_date_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="historicalrole",
            name="start_date",
            field=models.CharField(
                blank=True,
                help_text="Empty when unknown. Known only as of a date: ../2025-04 here and 2025-04/.. under “to”. As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="from",
            ),
        ),
        migrations.AlterField(
            model_name="historicalrole",
            name="start_date_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="published_on",
            field=models.CharField(
                blank=True,
                help_text="As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="publication date",
            ),
        ),
        migrations.AlterField(
            model_name="historicalsource",
            name="published_on_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="date",
            field=models.CharField(
                help_text="As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="date",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="date_earliest",
            field=models.DateField(blank=True, editable=False),
        ),
        migrations.AlterField(
            model_name="role",
            name="end_date",
            field=models.CharField(
                blank=True,
                help_text="Empty while held or when unknown. As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="to",
            ),
        ),
        migrations.AlterField(
            model_name="role",
            name="end_date_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="role",
            name="start_date",
            field=models.CharField(
                blank=True,
                help_text="Empty when unknown. Known only as of a date: ../2025-04 here and 2025-04/.. under “to”. As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="from",
            ),
        ),
        migrations.AlterField(
            model_name="role",
            name="start_date_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="source",
            name="published_on",
            field=models.CharField(
                blank=True,
                help_text="As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="publication date",
            ),
        ),
        migrations.AlterField(
            model_name="source",
            name="published_on_earliest",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="statement",
            name="date",
            field=models.CharField(
                help_text="As precisely as the source says it, in EDTF: 2025-04-09, 2025-04 or 2025; 2025-04? (probably), 2024~ (about), 2024-01% (both); 201X (the 2010s); 2024-21 (spring 2024); 2023-08/2024-07 (between), ../2024-01-24 (on or before), 2025-02/.. (then or later).",
                max_length=40,
                validators=[statements.validators.validate_edtf],
                verbose_name="date",
            ),
        ),
        migrations.AlterField(
            model_name="statement",
            name="date_earliest",
            field=models.DateField(blank=True, editable=False),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["signed_on_latest"],
                name="ag_public_signed_latest",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["end_date_latest"], name="event_end_date"),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                models.OrderBy(
                    models.ExpressionWrapper(
                        models.Q(("signed_on_earliest__isnull", True)),
                        output_field=models.BooleanField(),
                    )
                ),
                models.OrderBy(models.F("signed_on_earliest"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="ag_public_date",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                models.OrderBy(
                    models.ExpressionWrapper(
                        models.Q(("signed_on_earliest__isnull", True)),
                        output_field=models.BooleanField(),
                    )
                ),
                models.OrderBy(models.F("signed_on_earliest")),
                models.OrderBy(models.F("id")),
                condition=models.Q(("status", "published")),
                name="ag_public_date_asc",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                models.F("kind"),
                models.OrderBy(
                    models.ExpressionWrapper(
                        models.Q(("signed_on_earliest__isnull", True)),
                        output_field=models.BooleanField(),
                    )
                ),
                models.OrderBy(models.F("signed_on_earliest"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="ag_public_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                models.F("agreement_status"),
                models.OrderBy(
                    models.ExpressionWrapper(
                        models.Q(("signed_on_earliest__isnull", True)),
                        output_field=models.BooleanField(),
                    )
                ),
                models.OrderBy(models.F("signed_on_earliest"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="ag_public_status",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                models.F("event"),
                models.OrderBy(
                    models.ExpressionWrapper(
                        models.Q(("signed_on_earliest__isnull", True)),
                        output_field=models.BooleanField(),
                    )
                ),
                models.OrderBy(models.F("signed_on_earliest"), descending=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                name="ag_public_event",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["signed_on_earliest"],
                name="ag_public_signed",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-start_date_earliest", "-id"],
                name="event_public_date",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["forum", "-start_date_earliest", "-id"],
                name="event_public_forum",
            ),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["host_country", "-start_date_earliest", "-id"],
                name="event_public_host",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["-date_earliest", "-id"],
                name="st_public_date",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["country", "-date_earliest", "-id"],
                name="st_public_country",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["forum", "-date_earliest", "-id"],
                name="st_public_forum",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["event", "-date_earliest", "-id"],
                name="st_public_event",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["speaker", "-date_earliest", "-id"],
                name="st_public_speaker",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["kind", "-date_earliest", "-id"],
                name="st_public_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["language", "-date_earliest", "-id"],
                name="st_public_language",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["verification", "-date_earliest", "-id"],
                name="st_public_verification",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["-date_earliest", "-id"], name="st_date"),
        ),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["start_date_latest"],
                name="event_public_start_latest",
            ),
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["date_latest"],
                name="st_public_latest",
            ),
        ),
        # The text columns added since 0015 (how we know, the kept source kinds).
        migrations.RunPython(lz4.compress_with("lz4"), migrations.RunPython.noop),
    ]
