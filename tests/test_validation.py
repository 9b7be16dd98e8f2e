"""The models' own validation, shared by the admin and the importers."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from statements.models import Actor, AgreementParty, Event, Role, Statement, Status, Theme
from statements.workflow import broken_rules

from .factories import (
    change,
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_statement,
)

pytestmark = pytest.mark.django_db


def errors_of(record):
    with pytest.raises(ValidationError) as raised:
        record.full_clean()
    return raised.value.message_dict


def test_a_role_cannot_end_before_it_starts():
    role = Role(
        person=make_person(),
        title="Minister",
        start_date="2024-08-21",
        end_date="2024-08-01",
    )
    assert "end_date" in errors_of(role)


def test_a_role_may_end_in_the_year_it_started_when_the_end_is_known_to_the_year():
    role = Role(
        person=make_person(),
        title="Minister",
        start_date="2024-08-21",
        end_date="2024",
    )
    role.full_clean()


def test_a_role_belongs_to_a_person_not_an_organisation():
    assert "person" in errors_of(Role(person=make_actor(), title="Minister"))


def test_a_role_needs_a_title_or_an_organisation():
    assert "title" in errors_of(Role(person=make_person()))


def test_an_event_cannot_end_before_it_starts():
    event = Event(
        name="Session",
        kind=Event.Kind.SESSION,
        start_date="2025-04-11",
        end_date="2025-04-07",
    )
    assert "end_date" in errors_of(event)


@pytest.mark.parametrize("wikidata_id", ["Q", "q794", "794", "Q07", "Q79 4", "P31"])
def test_a_wikidata_id_is_q_followed_by_digits(wikidata_id):
    actor = Actor(name="Ministry", kind=Actor.Kind.MINISTRY, wikidata_id=wikidata_id)
    assert "wikidata_id" in errors_of(actor)


def test_a_valid_wikidata_id_is_accepted():
    Actor(name="Ministry", kind=Actor.Kind.MINISTRY, wikidata_id="Q794").full_clean()


@pytest.mark.parametrize("language", ["english", "EN", "xx", "fas", "e"])
def test_a_statement_language_is_an_iso_639_1_code(language):
    statement = make_statement()
    statement.language = language
    assert "language" in errors_of(statement)


def test_persian_and_spanish_are_valid_language_codes():
    statement = make_statement()
    for language in ("fa", "es", "sr"):
        statement.language = language
        statement.full_clean()


def test_a_statement_date_must_fall_within_its_event():
    event = make_event(start_date="2025-04-07", end_date="2025-04-11")
    statement = make_statement(event=event, date="2025-04-09")
    statement.full_clean()
    statement.date = datetime.date(2025, 5, 2)
    assert "date" in errors_of(statement)


def test_a_statement_known_to_the_month_fits_an_event_in_that_month():
    event = make_event(start_date="2025-04-07", end_date="2025-04-11")
    statement = make_statement(event=event, date="2025-04")
    statement.full_clean()


def test_a_statement_is_made_on_behalf_of_a_country_or_a_group_not_both():
    statement = make_statement(on_behalf_of_country_id="IR")
    statement.on_behalf_of_actor = make_actor(kind=Actor.Kind.INTERGOVERNMENTAL)
    assert "on_behalf_of_actor" in errors_of(statement)


def test_a_statement_forum_must_be_its_event_forum():
    event = make_event(forum=make_forum())
    statement = make_statement(event=event)
    assert statement.forum == event.forum
    statement.forum = make_forum()
    assert "forum" in errors_of(statement)


def test_an_actor_cannot_have_a_person_as_parent_organisation():
    actor = Actor(name="Office", kind=Actor.Kind.AGENCY, parent=make_person())
    assert "parent" in errors_of(actor)


def test_a_published_record_needs_a_source():
    statement = make_statement()
    assert statement.publication_problems() == []
    statement.sources.clear()
    assert statement.publication_problems() == ["It needs at least one source."]


def test_an_agreement_needs_at_least_two_parties_to_be_published():
    agreement = make_agreement(parties=("IR",))
    assert agreement.publication_problems() == ["An agreement needs at least two parties."]
    assert broken_rules(agreement) == ["An agreement needs at least two parties."]
    AgreementParty.objects.create(agreement=agreement, country_id="CU")
    assert agreement.publication_problems() == broken_rules(agreement) == []


def test_a_draft_agreement_may_be_saved_with_fewer_parties_while_it_is_entered():
    make_agreement(parties=(), status=Status.DRAFT).full_clean()


def test_the_same_party_twice_does_not_make_two_parties():
    agreement = make_agreement(parties=("IR", "IR"))
    assert agreement.publication_problems() == ["An agreement needs at least two parties."]


def test_a_proposed_agreement_has_no_date_signed():
    agreement = make_agreement(agreement_status="proposed")
    assert "signed_on" in errors_of(agreement)


def test_a_party_organisation_must_belong_to_the_party_country():
    party = AgreementParty(
        agreement=make_agreement(), country_id="CU", organisation=make_actor(country_id="IR")
    )
    assert "organisation" in errors_of(party)


def test_a_party_is_a_country_or_an_organisation():
    assert "country" in errors_of(AgreementParty(agreement=make_agreement()))


def test_statement_country_is_the_on_behalf_of_country_or_else_the_speakers():
    speaker = make_person(country_id="IR")
    assert make_statement(speaker=speaker).country_id == "IR"
    assert make_statement(speaker=speaker, on_behalf_of_country_id="CU").country_id == "CU"


def test_statement_country_follows_a_correction_of_the_speakers_country():
    speaker = make_person(country_id="IR")
    statement = make_statement(speaker=speaker)
    change(speaker, country_id="CU")
    assert Statement.objects.get(pk=statement.pk).country_id == "CU"


def test_a_forum_cannot_sit_under_its_own_sub_forum():
    parent = make_forum(name="Council")
    child = make_forum(name="Commission", parent=parent)
    parent.parent = child
    assert "parent" in errors_of(parent)


def test_a_theme_cannot_sit_under_itself():
    theme = Theme.objects.get(slug="telecommunications")
    theme.parent = Theme.objects.get(slug="satellites")
    assert "parent" in errors_of(theme)


def test_a_statement_follows_its_event_to_the_events_forum():
    cstd = make_forum(name="CSTD")
    event = make_event(forum=cstd)
    statement = make_statement()
    statement.event = event
    statement.save()
    assert statement.forum == cstd
