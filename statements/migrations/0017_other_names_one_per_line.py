"""An actor's other names are kept one per line, each trimmed, none empty (Actor.save() keeps
them so from now on), so that PostgreSQL can split them as Python does when it writes the
actors' exports."""

from django.db import migrations


def one_per_line(apps, schema_editor):
    Actor = apps.get_model("statements", "Actor")
    changed = []
    for actor in Actor.objects.exclude(other_names="").only("id", "other_names").iterator():
        names = "\n".join(name.strip() for name in actor.other_names.splitlines() if name.strip())
        if names != actor.other_names:
            actor.other_names = names
            changed.append(actor)
    Actor.objects.bulk_update(changed, ["other_names"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("statements", "0016_export_cells_name_their_code")]

    operations = [migrations.RunPython(one_per_line, migrations.RunPython.noop)]
