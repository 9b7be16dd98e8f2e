"""The countries each agreement binds are kept (AgreementCountry) and read by the country
filter: whatever changes a party or a party organisation (through derived.changing, as every
path that changes records does), they stay what the parties say."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements import derived
from statements.models import Actor, Agreement, AgreementCountry, AgreementParty, Status

from .expected import bound_by_the_parties, kept_countries
from .factories import make_actor, make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    """Three agreements: one has a Kenyan ministry as party, one a Ugandan agency in draft."""
    direct = make_agreement(parties=("IR", "CU"))
    through = make_agreement(parties=("RS",))
    ministry = make_actor(name="Ministry of ICT", country_id="KE")
    add_party(agreement=through, organisation=ministry, position=1)
    other = make_agreement(parties=("RS", "CU"))
    agency = make_actor(name="Communications Agency", country_id="UG", status=Status.DRAFT)
    add_party(agreement=other, organisation=agency, position=2)
    return SimpleNamespace(
        direct=direct, through=through, other=other, ministry=ministry, agency=agency
    )


def add_party(**fields):
    party = AgreementParty(**fields)
    with derived.changing(party):
        party.save()


def saved(record, **changes):
    """`record` changed and saved, as every path that changes records does it."""
    with derived.changing(record):
        for name, value in changes.items():
            setattr(record, name, value)
        record.save()


def deleted(record):
    with derived.changing(record):
        record.delete()


def add_a_party(records):
    add_party(agreement=records.other, country_id="BR", position=3)


def change_a_partys_country(records):
    saved(records.direct.parties.get(country_id="CU"), country_id="CN")


def delete_a_party(records):
    deleted(records.direct.parties.get(country_id="IR"))


def replace_the_parties_as_the_importer_does(records):
    with derived.changing(records.other):
        records.other.parties.all().delete()
        AgreementParty.objects.create(agreement=records.other, country_id="IN")


def add_an_organisation_as_party(records):
    add_party(agreement=records.direct, organisation=records.ministry)


def move_a_party_to_another_agreement(records):
    saved(records.through.parties.get(organisation=records.ministry), agreement=records.direct)


def move_the_organisation_to_another_country(records):
    saved(records.ministry, country_id="TZ")


def unpublish_the_organisation(records):
    saved(records.ministry, status=Status.DRAFT)


def publish_the_organisation(records):
    saved(records.agency, status=Status.PUBLISHED)


def delete_an_agreement(records):
    deleted(records.through)


CHANGES = [
    add_a_party,
    change_a_partys_country,
    delete_a_party,
    replace_the_parties_as_the_importer_does,
    add_an_organisation_as_party,
    move_a_party_to_another_agreement,
    move_the_organisation_to_another_country,
    unpublish_the_organisation,
    publish_the_organisation,
    delete_an_agreement,
]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__ for change in CHANGES])
def test_the_kept_countries_follow_every_change_of_the_parties(records, change):
    before = kept_countries()
    assert before == bound_by_the_parties()
    change(records)
    assert kept_countries() == bound_by_the_parties()
    assert kept_countries() != before


def test_a_published_party_organisation_binds_its_country(records):
    assert list(Agreement.objects.with_parties_from(["KE"])) == [records.through]
    assert not Agreement.objects.with_parties_from(["UG"]).exists()
    assert set(Agreement.objects.with_parties_from(["RS"])) == {records.through, records.other}


def test_the_country_filter_reads_the_kept_countries(records, client):
    assert records.through.title in client.get("/agreements/?country=KE").content.decode()
    AgreementCountry.objects.filter(country="KE").delete()
    assert records.through.title not in client.get("/agreements/?country=KE").content.decode()


def test_keep_agreement_countries_computes_them_again_after_changes_django_did_not_see(
    records, capsys
):
    AgreementParty.objects.filter(agreement=records.other).update(country_id="MX")
    Actor.objects.filter(pk=records.ministry.pk).update(country_id="TZ")
    assert kept_countries() != bound_by_the_parties()
    call_command("keep_agreement_countries")
    assert kept_countries() == bound_by_the_parties()
    assert "Kept 5 countries bound by agreements" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite locks the database")
def test_keeping_an_agreements_countries_locks_it_first_against_a_concurrent_change(records):
    with CaptureQueriesContext(connection) as queries:
        add_party(agreement=records.direct, country_id="BR")
    sent = [q["sql"] for q in queries]
    write = next(i for i, sql in enumerate(sent) if 'INTO "statements_agreementcountry' in sql)
    assert any("FOR UPDATE" in sql for sql in sent[:write])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_the_countries_of_existing_agreements():
    make_agreement(parties=("IR", "CU"))
    through = make_agreement(parties=("RS",))
    ministry = make_actor(country_id="KE")
    AgreementParty.objects.create(agreement=through, organisation=ministry)
    draft = make_actor(country_id="UG", status=Status.DRAFT)
    AgreementParty.objects.create(agreement=through, organisation=draft)
    call_command("migrate", "statements", "0011", verbosity=0)
    call_command("migrate", "statements", verbosity=0)
    assert kept_countries() == bound_by_the_parties()
    assert len(kept_countries()) == 4
