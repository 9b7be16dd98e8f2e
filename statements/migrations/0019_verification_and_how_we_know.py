"""How a statement's words are known, and the "how we know" notes. Existing statements get
their level in 0021, in the one pass that rewrites every statement for its dates."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("statements", "0018_former_slugs"),
    ]

    operations = [
        migrations.AddField(
            model_name="actor",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="agreement",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="event",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="forum",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="historicalactor",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="historicalevent",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="historicalforum",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="historicalrole",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="historicalstatement",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="historicalstatement",
            name="verification",
            field=models.CharField(
                choices=[
                    ("official_text", "official text"),
                    ("transcript", "transcript"),
                    ("reported", "reported"),
                    ("summary", "summary only"),
                ],
                default="summary",
                help_text="Official text: the text from the speaker's government or the UN's own record; Transcript: taken down as it was said; Reported: quoted in a news report; Summary only: no words of the speaker are known, only what they said.",
                max_length=20,
                verbose_name="how its words are known",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="role",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="how_we_know",
            field=models.TextField(
                blank=True,
                help_text="Shown to readers: how a fact was inferred from the sources (why a date is uncertain, why a party is assumed), or where a fact the cited sources do not contain comes from.",
                verbose_name="how we know",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="verification",
            field=models.CharField(
                choices=[
                    ("official_text", "official text"),
                    ("transcript", "transcript"),
                    ("reported", "reported"),
                    ("summary", "summary only"),
                ],
                default="summary",
                help_text="Official text: the text from the speaker's government or the UN's own record; Transcript: taken down as it was said; Reported: quoted in a news report; Summary only: no words of the speaker are known, only what they said.",
                max_length=20,
                verbose_name="how its words are known",
            ),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["verification", "-date", "-id"],
                name="st_public_verification",
            ),
        ),
    ]
