"""One record's page: statements, agreements, events and actors."""

import datetime

import pytest

from statements.models import AgreementParty, Status

from .factories import (
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_role,
    make_source,
    make_statement,
    theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement():
    speaker = make_person(name="Mohammad-Mohsen Sadr", country_id="IR")
    make_role(speaker, title="Head of the Information Technology Organization of Iran")
    cstd = make_forum(name="Commission on Science and Technology for Development", acronym="CSTD")
    session = make_event(name="28th session of the CSTD", forum=cstd, city="Geneva")
    statement = make_statement(
        title="The digital divide",
        speaker=speaker,
        on_behalf_of_country_id="IR",
        event=session,
        date="2025-04",
        summary="Sanctions widen the gap.",
        text="First paragraph.\n\nSecond paragraph.",
        themes=[theme("digital-divide")],
    )
    statement.mentioned_countries.set(["CU"])
    statement.sources.set(
        [
            make_source(
                title="Report on the session",
                publisher="dolat.ir",
                accessed_on=datetime.date(2025, 5, 2),
            )
        ]
    )
    return statement


def test_a_statement_page_shows_every_fact_with_links(client, statement):
    page = client.get(statement.get_absolute_url()).content.decode()
    for text in [
        "Mohammad-Mohsen Sadr",
        "Head of the Information Technology Organization of Iran",
        'href="/actors/mohammad-mohsen-sadr/"',
        'href="/countries/IR/"',
        'href="/events/28th-session-of-the-cstd/"',
        'href="/forums/cstd/"',
        '<time datetime="2025-04">April 2025</time>',
        'href="/themes/digital-divide/"',
        'href="/countries/CU/"',
        "<p>First paragraph.</p>",
        "Report on the session",
        "dolat.ir",
        'accessed <time datetime="2025-05-02">2 May 2025</time>',
    ]:
        assert text in page, text


def test_a_statement_page_reads_its_statement_whole_with_its_relations(client, statement):
    """But for the search document and the curators' review note, which it does not show."""
    shown = client.get(statement.get_absolute_url()).context["statement"]
    assert shown.get_deferred_fields() == {"search_document", "review_note"}
    for relation in ("speaker", "event", "forum", "country"):
        assert getattr(shown, relation).get_deferred_fields() == set()


def test_a_statement_page_has_a_citation_with_its_permanent_url(client, statement):
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Cite this" in page
    assert f"http://testserver{statement.get_absolute_url()}" in page
    assert "Mohammad-Mohsen Sadr. 2025. “The Digital Divide”. Speech." in page


def test_a_statement_page_shows_related_statements_and_agreements(client, statement):
    make_statement(title="Same speaker later", speaker=statement.speaker)
    make_statement(title="Same event, other speaker", event=statement.event)
    make_agreement(title="Iran–Cuba postal memorandum", parties=("IR", "CU"))
    make_agreement(title="Iran–Serbia document", parties=("IR", "RS"))
    make_statement(title="Hidden draft", speaker=statement.speaker, status=Status.DRAFT)
    response = client.get(statement.get_absolute_url())
    assert [s.title for s in response.context["by_speaker"]] == ["Same speaker later"]
    assert "Same event, other speaker" in [s.title for s in response.context["at_event"]]
    assert [a.title for a in response.context["agreements"]] == ["Iran–Cuba postal memorandum"]
    assert "Hidden draft" not in response.content.decode()


def test_a_statement_page_runs_a_fixed_number_of_queries(
    client, statement, django_assert_num_queries
):
    for _ in range(5):
        make_statement(speaker=statement.speaker, event=statement.event)
    # The statement with its speaker, event and forum (1); what only its page shows, each
    # read apart when it has one: the country it was made for (1 here), the group it was made
    # for and its event's host (none here); its themes, mentioned countries and sources (3);
    # the speaker's other statements and their themes (2), those at the event and their
    # themes (2); the agreements between its countries (1).
    with django_assert_num_queries(10):
        assert client.get(statement.get_absolute_url()).status_code == 200


def test_an_agreement_page_shows_parties_signatories_and_sources(client):
    minister = make_person(name="Sattar Hashemi")
    make_role(minister, title="Minister of ICT")
    agreement = make_agreement(
        title="Postal MoU",
        parties=("CU",),
        city="Havana",
        signed_in_id="CU",
        summary="Postal exchanges.",
    )
    AgreementParty.objects.create(
        agreement=agreement,
        country_id="IR",
        signatory=minister,
        organisation=make_actor(name="Ministry of ICT", country_id="IR"),
    )
    page = client.get(agreement.get_absolute_url()).content.decode()
    for text in [
        "Postal MoU",
        "Havana",
        "24 November 2024",
        "Ministry of ICT",
        'signed by <a href="/actors/sattar-hashemi/">Sattar Hashemi</a>, Minister of ICT',
        "Cite this",
        agreement.sources.get().title,
    ]:
        assert text in page, text


def test_an_agreement_reached_by_a_wrong_slug_redirects(client):
    agreement = make_agreement(title="Postal MoU")
    response = client.get(f"/agreements/{agreement.pk}/wrong/")
    assert (response.status_code, response["Location"]) == (301, agreement.get_absolute_url())


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_records_not_yet_published_have_no_page(client, status):
    for record in [
        make_agreement(status=status),
        make_event(status=status),
        make_actor(status=status),
        make_statement(status=status),
    ]:
        assert client.get(record.get_absolute_url()).status_code == 404


def test_an_unknown_id_or_slug_is_a_404(client):
    for path in ["/agreements/99999/x/", "/events/nowhere/", "/actors/nobody/"]:
        assert client.get(path).status_code == 404


def test_an_event_page_shows_its_statements_agreements_and_meetings(client, statement):
    session = statement.event
    session.participating_countries.set(["IR", "CU"])
    make_event(name="Iran–Cuba meeting", part_of=session)
    make_event(name="Draft meeting", part_of=session, status=Status.DRAFT)
    make_agreement(title="Signed there", event=session, signed_on="2025-04-09")
    page = client.get(session.get_absolute_url()).content.decode()
    for text in [
        "28th session of the CSTD",
        "7 April 2025",
        "11 April 2025",
        "Geneva",
        'href="/forums/cstd/"',
        "Cuba",
        "The digital divide",
        "Signed there",
        "Iran–Cuba meeting",
    ]:
        assert text in page, text
    assert "Draft meeting" not in page


def test_an_actor_page_shows_names_roles_statements_and_agreements(client, statement):
    speaker = statement.speaker
    speaker.original_name, speaker.original_name_language = "محمدمحسن صدر", "fa"
    speaker.other_names = "Mohammad Mohsen Sadr"
    speaker.save()
    agreement = make_agreement(title="Signed by Sadr", parties=("CU",))
    AgreementParty.objects.create(agreement=agreement, country_id="IR", signatory=speaker)
    make_role(speaker, title="Secret draft role", status=Status.DRAFT)
    page = client.get(speaker.get_absolute_url()).content.decode()
    for text in [
        '<span class="original" lang="fa">محمدمحسن صدر</span>',
        "Mohammad Mohsen Sadr",
        "Head of the Information Technology Organization of Iran",
        "The digital divide",
        "Signed by Sadr",
    ]:
        assert text in page, text
    assert "Secret draft role" not in page


def test_the_statement_page_names_its_language(client):
    persian = make_statement(language="fa")
    unknown = make_statement(language="")
    assert (
        "<dt>Language</dt><dd>Persian</dd>"
        in client.get(persian.get_absolute_url()).content.decode()
    )
    assert (
        "<dt>Language</dt><dd>not known</dd>"
        in client.get(unknown.get_absolute_url()).content.decode()
    )
