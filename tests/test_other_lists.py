"""/agreements/, /events/ and /actors/: their filters, alone and combined."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Actor, AgreementParty, Status

from .factories import (
    add_party,
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    theme,
)

pytestmark = pytest.mark.django_db


def listed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.context["notices"] == []
    return [getattr(row, "title", None) or row.name for row in response.context["page"].rows]


def test_agreement_country_filter_includes_parties_through_their_organisations(client):
    make_agreement(title="Direct", parties=("IR", "CU"))
    through_ministry = make_agreement(title="Through a ministry", parties=("RS",))
    add_party(through_ministry, organisation=make_actor(name="Ministry of ICT", country_id="IR"))
    make_agreement(title="Elsewhere", parties=("RS", "CU"))
    assert set(listed(client, "/agreements/?country=IR")) == {"Direct", "Through a ministry"}


def test_agreement_filters_theme_kind_status_and_event(client):
    visit = make_event(
        name="Visit to Cuba",
        start_date="2024-11",
        end_date="",
    )
    make_agreement(title="Postal MoU", event=visit).themes.set([theme("postal-services")])
    make_agreement(title="Working group", kind="working_group", agreement_status="in_force")
    assert listed(client, "/agreements/?theme=digital-infrastructure") == ["Postal MoU"]
    assert listed(client, "/agreements/?kind=working_group") == ["Working group"]
    assert listed(client, "/agreements/?status=in_force") == ["Working group"]
    assert listed(client, f"/agreements/?event={visit.slug}") == ["Postal MoU"]


def test_agreement_dates_are_the_date_signed_and_undated_ones_come_last(client):
    make_agreement(title="2023", signed_on="2023-12-05")
    make_agreement(title="Proposed", signed_on="", agreement_status="proposed")
    make_agreement(title="2024", signed_on="2024-01")
    assert listed(client, "/agreements/") == ["2024", "2023", "Proposed"]
    assert listed(client, "/agreements/?date_from=2024-01-15") == ["2024"]
    assert listed(client, "/agreements/?sort=date") == ["2023", "2024", "Proposed"]


def test_event_country_filter_includes_hosts_and_participants(client):
    make_event(name="Hosted", host_country_id="IR")
    make_event(name="Attended").participating_countries.set(["IR"])
    make_event(name="Neither", host_country_id="CH")
    assert set(listed(client, "/events/?country=IR")) == {"Hosted", "Attended"}


def test_event_forum_filter_includes_sub_forums(client):
    ecosoc = make_forum(acronym="ECOSOC", name="ECOSOC")
    cstd = make_forum(acronym="CSTD", name="CSTD", parent=ecosoc)
    make_event(name="CSTD session", forum=cstd)
    make_event(name="Other")
    assert listed(client, "/events/?forum=ecosoc") == ["CSTD session"]


def test_events_overlapping_a_date_range_are_listed(client):
    make_event(name="Session", start_date="2025-04-07", end_date="2025-04-11")
    make_event(
        name="A month",
        start_date="2024-11",
        end_date="",
    )
    assert listed(client, "/events/?date_from=2025-04-10&date_to=2025-04-20") == ["Session"]
    assert listed(client, "/events/?date_from=2024-11-24&date_to=2024-11-24") == ["A month"]
    assert listed(client, "/events/?date_from=2025-04-12") == []


def test_an_event_with_an_open_end_is_in_every_range_after_its_start(client):
    make_event(name="Exhibition", start_date="2024-11", end_date="2024-11/..")
    make_event(name="Session", start_date="2025-04-07", end_date="2025-04-11")
    assert listed(client, "/events/?date_from=2026") == ["Exhibition"]
    assert listed(client, "/events/?date_to=2024-10") == []


def test_agreement_date_filters_take_open_and_uncertain_dates(client):
    make_agreement(title="Set up before the article", signed_on="../2024-01-24")
    make_agreement(title="Probably March", signed_on="2024-03?")
    make_agreement(title="Later", signed_on="2025-02/..")
    assert listed(client, "/agreements/?date_to=2020") == ["Set up before the article"]
    assert listed(client, "/agreements/?date_from=2024-03&date_to=2024-03") == ["Probably March"]
    assert listed(client, "/agreements/?date_from=2030") == ["Later"]
    assert listed(client, "/agreements/?date_from=2024-01-24&date_to=2024-01-24") == [
        "Set up before the article"
    ]


def test_actor_filters_and_name_order(client):
    make_person(name="Sattar Hashemi", country_id="IR")
    make_actor(name="Ministry of Communications", country_id="CU")
    make_person(name="Ernesto Rodríguez", country_id="CU")
    assert listed(client, "/actors/?country=CU") == [
        "Ernesto Rodríguez",
        "Ministry of Communications",
    ]
    assert listed(client, "/actors/?kind=person") == ["Ernesto Rodríguez", "Sattar Hashemi"]
    assert listed(client, "/actors/?sort=-name&kind=person") == [
        "Sattar Hashemi",
        "Ernesto Rodríguez",
    ]


@pytest.mark.parametrize("path", ["/agreements/", "/events/", "/actors/"])
@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_lists_hide_records_not_yet_published(client, path, status):
    make_agreement(title="Hidden agreement", status=status)
    make_event(name="Hidden event", status=status)
    make_actor(name="Hidden actor", status=status, kind=Actor.Kind.AGENCY)
    page = client.get(path).content.decode()
    assert "Hidden" not in page
    assert client.get(path).context["page"].count == 0


@pytest.mark.parametrize(
    ("path", "count"),
    [
        ("/agreements/", 1),
        ("/agreements/", 50),
        ("/events/", 1),
        ("/events/", 50),
        ("/actors/", 1),
        ("/actors/", 50),
    ],
)
def test_lists_run_a_fixed_number_of_queries(client, django_assert_num_queries, path, count):
    for _ in range(count):
        make_agreement(themes=[theme("postal-services")])
        make_event(forum=make_forum(), host_country_id="CU")
        make_person(parent=make_actor())
    first, later = QUERIES[path]
    with django_assert_num_queries(first):
        client.get(path)
    with django_assert_num_queries(later):
        response = client.get(path)
    assert response.status_code == 200
    assert len(response.context["page"].rows) >= count


# Each list's bounded count, the page's ids, its rows with their relations (an agreement's
# parties and themes); the data's generation (1), under which the process keeps the filter
# panel's options. The first visit in a generation also reads the kept counts (1), the names
# of the countries (1) and the trees of forums or themes it shows (1), and the very first
# counts each facet over every published record and keeps the counts (a query per facet, two
# for the countries of events, hosts and participants, one more per depth of a tree, and 1 to
# keep them).
QUERIES = {
    "/agreements/": (5 + 1 + 3 + 7 + 1, 5 + 1),
    "/events/": (3 + 1 + 3 + 4 + 1, 3 + 1),
    "/actors/": (3 + 1 + 2 + 2 + 1, 3 + 1),
}


def test_the_agreement_list_does_not_read_the_full_texts_it_does_not_show(client):
    organisation = make_actor(description="word " * 5000)
    agreement = make_agreement(title="Long", text="word " * 5000, event=make_event())
    AgreementParty.objects.create(agreement=agreement, organisation=organisation, position=2)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/agreements/")
    assert organisation.name in response.content.decode()
    read = " ".join(q["sql"] for q in queries)
    assert '"statements_agreement"."text"' not in read and "search_document" not in read
    assert '"statements_actor"."description"' not in read
    assert '"statements_event"."description"' not in read
