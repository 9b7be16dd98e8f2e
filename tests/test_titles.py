"""A statement remembers the title its speaker held on the day."""

import datetime

import pytest

from statements.dates import Precision
from statements.models import Agreement, AgreementParty, Status

from .factories import make_actor, make_agreement, make_person, make_role, make_statement

pytestmark = pytest.mark.django_db


def test_speaker_title_is_filled_from_the_role_held_on_the_day():
    person = make_person()
    make_role(
        person,
        title="Deputy Minister",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    make_role(person, title="Minister", start_date=datetime.date(2024, 8, 21))
    assert make_statement(speaker=person, date=datetime.date(2022, 5, 1)).speaker_title == (
        "Deputy Minister"
    )
    assert make_statement(speaker=person, date=datetime.date(2025, 2, 27)).speaker_title == (
        "Minister"
    )


def test_speaker_title_stays_empty_when_no_role_was_held_on_the_day():
    person = make_person()
    make_role(person, title="Minister", start_date=datetime.date(2024, 8, 21))
    assert make_statement(speaker=person, date=datetime.date(2019, 1, 1)).speaker_title == ""


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
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2025, 4, 1),
        end_precision=Precision.MONTH,
    )
    assert make_statement(speaker=person, date=datetime.date(2025, 4, 20)).speaker_title == (
        "Ambassador"
    )


def test_a_role_known_by_its_organisation_only_gives_the_organisation_name():
    person = make_person()
    make_role(person, title="", organisation=make_actor(name="Ministry of Foreign Affairs"))
    assert make_statement(speaker=person).speaker_title == "Ministry of Foreign Affairs"


def test_the_latest_role_wins_when_two_overlap():
    person = make_person()
    make_role(person, title="Adviser", start_date=datetime.date(2019, 1, 1))
    make_role(person, title="Minister", start_date=datetime.date(2024, 8, 21))
    assert make_statement(speaker=person, date=datetime.date(2025, 1, 10)).speaker_title == (
        "Minister"
    )


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
    make_role(minister, title="Minister of ICT", start_date=datetime.date(2024, 8, 21))
    agreement = make_agreement(parties=("CU",))
    party = AgreementParty.objects.create(agreement=agreement, country_id="IR", signatory=minister)
    assert party.signatory_title == "Minister of ICT"
    assert Agreement.objects.get(pk=agreement.pk).parties.count() == 2
