"""A statement remembers the title its speaker held on the day."""

import pytest

from statements.models import Agreement, AgreementParty, Status

from .factories import make_actor, make_agreement, make_person, make_role, make_statement

pytestmark = pytest.mark.django_db


def test_speaker_title_is_filled_from_the_role_held_on_the_day():
    person = make_person()
    make_role(
        person,
        title="Deputy Minister",
        start_date="2020-01-01",
        end_date="2023-12-31",
    )
    make_role(person, title="Minister", start_date="2024-08-21")
    assert make_statement(speaker=person, date="2022-05-01").speaker_title == ("Deputy Minister")
    assert make_statement(speaker=person, date="2025-02-27").speaker_title == ("Minister")


def test_speaker_title_stays_empty_when_no_role_was_held_on_the_day():
    person = make_person()
    make_role(person, title="Minister", start_date="2024-08-21")
    assert make_statement(speaker=person, date="2019-01-01").speaker_title == ""


def test_a_title_given_by_the_curator_is_kept():
    person = make_person()
    make_role(person, title="Minister")
    statement = make_statement(speaker=person, speaker_title="Acting Minister")
    assert statement.speaker_title == "Acting Minister"


def test_the_title_is_remembered_after_the_role_changes():
    person = make_person()
    role = make_role(person, title="Head of the Information Technology Organization")
    statement = make_statement(speaker=person)
    role.title = "Vice-President"
    role.save()
    statement.refresh_from_db()
    assert statement.speaker_title == "Head of the Information Technology Organization"


def test_a_role_ending_in_a_month_covers_a_statement_later_that_month():
    person = make_person()
    make_role(
        person,
        title="Ambassador",
        start_date="2021-03-01",
        end_date="2025-04",
    )
    assert make_statement(speaker=person, date="2025-04-20").speaker_title == ("Ambassador")


def test_a_role_without_dates_gives_no_title_on_any_day():
    person = make_person()
    make_role(person, title="First Deputy Minister of Communications", start_date="")
    assert make_statement(speaker=person, date="2025-04-08").speaker_title == ""


def test_a_role_known_as_of_a_month_gives_its_title_in_that_month_only(client):
    person = make_person()
    role = make_role(
        person, title="First Deputy Minister", start_date="../2025-04", end_date="2025-04/.."
    )
    assert role.tenure == "as of April 2025"
    assert (
        make_statement(speaker=person, date="2025-04-08").speaker_title == "First Deputy Minister"
    )
    assert make_statement(speaker=person, date="2024-01-24").speaker_title == ""
    page = client.get(person.get_absolute_url()).content.decode()
    assert "First Deputy Minister: as of April 2025" in page


def test_a_date_known_to_the_year_takes_a_title_only_from_a_role_held_all_that_year():
    person = make_person()
    make_role(person, title="Minister", start_date="2024-08-21")
    assert make_statement(speaker=person, date="2024").speaker_title == ""
    assert make_statement(speaker=person, date="2025").speaker_title == "Minister"


def test_a_role_known_by_its_organisation_only_gives_the_organisation_name():
    person = make_person()
    make_role(person, title="", organisation=make_actor(name="Ministry of Foreign Affairs"))
    assert make_statement(speaker=person).speaker_title == "Ministry of Foreign Affairs"


def test_the_latest_role_wins_when_two_overlap():
    person = make_person()
    make_role(person, title="Adviser", start_date="2019-01-01")
    make_role(person, title="Minister", start_date="2024-08-21")
    assert make_statement(speaker=person, date="2025-01-10").speaker_title == ("Minister")


def test_a_role_not_yet_published_does_not_fill_the_title():
    person = make_person()
    make_role(person, title="Secret future post", status=Status.DRAFT)
    assert make_statement(speaker=person).speaker_title == ""


def test_an_unpublished_organisation_is_not_named_as_a_title():
    person = make_person()
    make_role(person, title="", organisation=make_actor(name="Hidden office", status=Status.DRAFT))
    assert make_statement(speaker=person).speaker_title == ""


def test_signatory_title_is_filled_from_the_role_held_on_the_date_signed():
    minister = make_person()
    make_role(minister, title="Minister of ICT", start_date="2024-08-21")
    agreement = make_agreement(parties=("CU",))
    party = AgreementParty.objects.create(agreement=agreement, country_id="IR", signatory=minister)
    assert party.signatory_title == "Minister of ICT"
    assert Agreement.objects.get(pk=agreement.pk).parties.count() == 2
