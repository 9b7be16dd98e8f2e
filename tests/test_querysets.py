"""The chainable queryset methods that the FilterSets, hubs and record pages share."""

import pytest

from statements.models import Agreement, Event, Statement, Status, Theme

from .factories import (
    add_party,
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_statement,
    theme,
)

pytestmark = pytest.mark.django_db


def test_on_themes_includes_sub_themes_and_accepts_slugs_or_instances():
    on_satellites = make_statement(themes=[theme("satellites")])
    make_statement(themes=[theme("e-government")])
    assert list(Statement.objects.on_themes("digital-infrastructure")) == [on_satellites]
    assert list(Statement.objects.on_themes(theme("telecommunications"))) == [on_satellites]


def test_on_themes_ignores_themes_not_yet_published():
    draft = Theme.objects.create(
        name="Draft sub-theme", parent=theme("satellites"), status=Status.DRAFT
    )
    make_statement(themes=[draft])
    assert not Statement.objects.on_themes("satellites").exists()


def test_on_themes_works_for_agreements():
    postal = make_agreement()
    postal.themes.set([theme("postal-services")])
    assert list(Agreement.objects.on_themes("digital-infrastructure")) == [postal]


def test_at_forums_includes_sub_forums_for_statements_and_events():
    ecosoc = make_forum(name="ECOSOC", acronym="ECOSOC")
    cstd = make_forum(name="CSTD", acronym="CSTD", parent=ecosoc)
    session = make_event(forum=cstd)
    statement = make_statement(event=session)
    assert list(Statement.objects.at_forums("ecosoc")) == [statement]
    assert list(Event.objects.at_forums(ecosoc)) == [session]


def test_with_parties_from_counts_a_party_organisations_country():
    direct = make_agreement(parties=("IR", "CU"))
    through = make_agreement(parties=("RS",))
    add_party(through, organisation=make_actor(country_id="IR"))
    make_agreement(parties=("RS", "CU"))
    assert set(Agreement.objects.with_parties_from(["IR"])) == {direct, through}
    assert list(Agreement.objects.with_parties_from(["IR"]).with_parties_from(["CU"])) == [direct]
