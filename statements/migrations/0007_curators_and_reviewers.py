"""The two groups of the editing desk: curators enter and correct records and submit them
for review; reviewers also publish, unpublish and delete published records."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = ["theme", "source", "forum", "actor", "role", "event", "statement", "agreement"]
# Entered only inside another record's form, or only read.
PARTS = ["agreementparty"]
READ_ONLY = ["country", "seededrecord"]


def codenames(actions, models):
    return [f"{action}_{model}" for model in models for action in actions]


CURATORS = [
    *codenames(["add", "change", "view", "delete"], CURATED + PARTS),
    *codenames(["view"], READ_ONLY),
    *codenames(["view"], [f"historical{model}" for model in CURATED + PARTS]),
]
REVIEWERS = [*CURATORS, "publish"]


def make_groups(apps, schema_editor):
    # Permissions are normally created after migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in [("curators", CURATORS), ("reviewers", REVIEWERS)]:
        group, _ = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="statements", codename__in=wanted
        )
        missing = set(wanted) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions not found: {sorted(missing)}")
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["curators", "reviewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("statements", "0006_history_versions_and_review"),
    ]

    operations = [migrations.RunPython(make_groups, remove_groups)]
