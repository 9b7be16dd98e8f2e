from django.db import migrations

from statements.countries import read_snapshot


def load_countries(apps, schema_editor):
    Country = apps.get_model("statements", "Country")
    known = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        Country(**country) for country in read_snapshot() if country["code"] not in known
    )


class Migration(migrations.Migration):
    dependencies = [("statements", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
