"""What the desk shows curators and reviewers at a glance: the changelist's first screen, the
filters that fit, what awaits review on the home page, and the queue's changes since the last
published version."""

import pytest

from statements.models import Status

from .desk import post_change
from .factories import make_person, make_source, make_statement

pytestmark = pytest.mark.django_db


def test_the_statement_changelist_shows_title_date_speaker_status_and_who_changed_it_last(
    client, curator
):
    statement = make_statement(title="Iran on the divide", status=Status.DRAFT)
    post_change(client, curator, statement, title="Iran on the digital divide")
    response = client.get("/admin/statements/statement/")
    assert response.context["cl"].list_display == [
        "action_checkbox",
        "title",
        "date",
        "speaker",
        "status",
        "last_changed",
    ]
    row = response.content.decode().split('<tr><td class="action-checkbox">')[1]
    assert "Iran on the digital divide" in row and "by carla" in row and "Draft" in row


def test_the_country_filter_lists_only_the_countries_statements_are_recorded_for(client, curator):
    make_statement(speaker=make_person(country_id="IR"))
    make_statement(speaker=make_person(country_id="CU"))
    client.force_login(curator)
    response = client.get("/admin/statements/statement/")
    country = next(spec for spec in response.context["cl"].filter_specs if spec.title == "country")
    assert country.lookup_choices == [("CU", "Cuba"), ("IR", "Iran")]
    filtered = client.get("/admin/statements/statement/", {"country": "CU"})
    assert filtered.context["cl"].result_count == 1


def test_the_desk_home_counts_what_awaits_review_and_the_users_own_drafts(
    client, curator, reviewer
):
    mine = make_statement(status=Status.DRAFT)
    post_change(client, curator, mine, title="Carla's draft")
    make_statement(status=Status.DRAFT, title="Nobody's draft yet")
    make_statement(status=Status.IN_REVIEW)
    statements = client.get("/admin/").context["summary"][0]
    assert (statements["kind"], statements["in_review"], statements["my_drafts"]) == (
        "statements",
        1,
        1,
    )
    page = client.get("/admin/").content.decode()
    assert '<a href="/admin/statements/statement/?status__exact=in_review">1</a>' in page
    client.force_login(reviewer)
    assert client.get("/admin/").context["summary"][0]["my_drafts"] == 0


def test_the_review_queue_shows_what_changed_since_publication_and_the_sources(
    client, curator, reviewer
):
    source = make_source(title="Report of the 28th session")
    statement = make_statement(title="As first published", sources=[source])
    post_change(client, reviewer, statement, move="send_back", reason="The title is wrong")
    post_change(client, curator, statement, title="As corrected", move="submit")
    never = make_statement(title="Brand new", status=Status.IN_REVIEW)

    client.force_login(reviewer)
    response = client.get("/admin/review/")
    rows = {row["record"].pk: row for row in response.context["rows"]}
    assert rows[statement.pk]["changes"] == [("title", "As first published", "As corrected")]
    assert rows[statement.pk]["sources"] == [source]
    assert rows[never.pk]["changes"] is None
    page = response.content.decode()
    assert "<del>As first published</del> → <ins>As corrected</ins>" in page
    assert "Never published: the whole record is new." in page
    assert "Report of the 28th session" in page
