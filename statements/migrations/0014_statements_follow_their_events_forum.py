"""Statements at an event that moved to another forum stayed at the old one (the forum was
copied from the event when the statement was saved, and nothing followed the event): they
take their event's forum now, as derived.keep_held_at() keeps it from here on."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def follow_the_events(apps, schema_editor):
    Statement = apps.get_model("statements", "Statement")
    Event = apps.get_model("statements", "Event")
    forum = Event.objects.filter(pk=OuterRef("event")).values("forum")[:1]
    Statement.objects.filter(event__forum__isnull=False).exclude(forum=Subquery(forum)).update(
        forum=Subquery(forum)
    )


class Migration(migrations.Migration):
    dependencies = [("statements", "0013_lz4_compression")]

    operations = [migrations.RunPython(follow_the_events, migrations.RunPython.noop)]
