"""The countries each agreement binds, kept in AgreementCountry.

An agreement binds a country when one of its parties is that country, or is a published
organisation from it. Asking that of the parties joins every party to its organisation:
at 100,000 agreements, counting Iran's took 66 ms of a 150 ms page. Kept as (country,
agreement) pairs, it is one index.

The pairs are kept in the same transaction as the change that moves them (see derived.py):
a party saved or deleted, an organisation saved (its country or its status may have changed).
Nothing else changes them: an organisation that is a party cannot be deleted, and a
country's rows go with it. A change made otherwise (raw SQL, queryset.update(), the
generator's bulk load) leaves them stale; `manage.py keep_agreement_countries` computes them
all again.
"""

from django.db import connection, transaction

from .models import Agreement, AgreementCountry, AgreementParty
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
