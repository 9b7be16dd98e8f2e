"""Curators and reviewers keep a source's document, in the source's form."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WANTED = [f"{action}_sourcecopy" for action in ("add", "change", "view", "delete")]


def grant(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need these now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="statements", codename__in=WANTED
    )
    for group in Group.objects.filter(name__in=["curators", "reviewers"]):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="statements", codename__in=WANTED
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=["curators", "reviewers"]):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("statements", "0027_source_copy")]

    operations = [migrations.RunPython(grant, revoke)]
