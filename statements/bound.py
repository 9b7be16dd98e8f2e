"""The countries each agreement binds, kept in AgreementCountry.

An agreement binds a country when one of its parties is that country, or is a published
organisation from it. Asking that of the parties joins every party to its organisation:
at 100,000 agreements, counting Iran's took 66 ms of a 150 ms page. Kept as (country,
agreement) pairs, it is one index.

The pairs are kept in the same transaction as the change that moves them: a party saved or
deleted, an organisation saved (its country or its status may have changed). Nothing else
changes them: an organisation that is a party cannot be deleted, and a country's rows go
with it. What Django does not see (raw SQL, queryset.update(), the generator's bulk load)
leaves them stale; `manage.py keep_agreement_countries` computes them all again.
"""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from .models import Actor, Agreement, AgreementCountry, AgreementParty
from .querysets import Status


def bound_pairs(parties):
    """(agreement id, country id) of each country the `parties` bind, once each."""
    parties = parties.order_by()
    direct = parties.filter(country__isnull=False).values_list("agreement_id", "country_id")
    through = parties.filter(
        organisation__status=Status.PUBLISHED, organisation__country__isnull=False
    ).values_list("agreement_id", "organisation__country_id")
    return direct.union(through)


def keep(agreements, lock=True):
    """Compute the countries that `agreements` (ids, or a queryset of them) bind, and keep
    them; with `lock`, the agreements are locked first, so that two transactions changing
    one agreement's parties keep it in turn."""
    with transaction.atomic():
        if lock:
            agreements = list(
                Agreement.objects.filter(pk__in=agreements)
                .select_for_update()
                .values_list("pk", flat=True)
            )
        AgreementCountry.objects.filter(agreement__in=agreements).delete()
        insert(bound_pairs(AgreementParty.objects.filter(agreement__in=agreements)))


def keep_all():
    """Compute again the countries every agreement binds; return how many pairs there are."""
    with transaction.atomic():
        AgreementCountry.objects.all().delete()
        return insert(bound_pairs(AgreementParty.objects.all()))


def insert(pairs):
    """INSERT … SELECT of the `pairs` queryset: the database computes them and keeps them."""
    table = connection.ops.quote_name(AgreementCountry._meta.db_table)
    sql, params = pairs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (agreement_id, country_id) {sql}", params)
        return cursor.rowcount


def note_the_agreement_left(sender, instance, **kwargs):
    """A party moved to another agreement leaves the one it bound before to be kept too."""
    instance._agreement_before = None
    if instance.pk is not None:
        before = AgreementParty.objects.filter(pk=instance.pk)
        instance._agreement_before = before.values_list("agreement_id", flat=True).first()


def party_changed(sender, instance, **kwargs):
    agreements = {instance.agreement_id, getattr(instance, "_agreement_before", None)}
    keep(agreements - {None})


def organisation_saved(sender, instance, created, update_fields=None, **kwargs):
    # A new organisation is no party yet; record_history() stamps only `updated_at`.
    if created or (update_fields and set(update_fields) <= {"updated_at"}):
        return
    parties = AgreementParty.objects.filter(organisation=instance)
    if parties.exists():
        keep(parties.values("agreement_id"))


def connect():
    pre_save.connect(note_the_agreement_left, sender=AgreementParty, dispatch_uid="bound_pre")
    post_save.connect(party_changed, sender=AgreementParty, dispatch_uid="bound_saved")
    post_delete.connect(party_changed, sender=AgreementParty, dispatch_uid="bound_deleted")
    post_save.connect(organisation_saved, sender=Actor, dispatch_uid="bound_organisation")
