"""The editing desk: curators enter and submit, reviewers publish; the server enforces it."""

import datetime

import pytest

from statements.models import Source, Statement, Status

from .desk import change_url, post_change
from .factories import make_person, make_source, make_statement, relate

pytestmark = pytest.mark.django_db


def draft_statement(**kwargs):
    return make_statement(status=Status.DRAFT, **kwargs)


def test_a_curator_submits_a_draft_for_review(client, curator):
    statement = draft_statement()
    response = post_change(client, curator, statement, move="submit")
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    assert statement.history.first().history_change_reason == "Submit for review"
    assert statement.history.first().history_user == curator


@pytest.mark.parametrize("move", ["publish", "send_back"])
def test_a_curator_posting_a_reviewers_move_directly_is_refused(client, curator, move):
    statement = draft_statement()
    response = post_change(client, curator, statement, move=move, reason="x", status="published")
    assert response.status_code == 200
    assert "move" in response.context["adminform"].form.errors
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT


def test_the_status_field_cannot_be_posted_into_publication(client, curator):
    statement = draft_statement()
    post_change(client, curator, statement, status="published", title="Changed")
    statement.refresh_from_db()
    assert (statement.status, statement.title) == (Status.DRAFT, "Changed")


def test_a_reviewer_publishes_a_record_in_review(client, reviewer):
    statement = make_statement(status=Status.IN_REVIEW)
    post_change(client, reviewer, statement, move="publish")
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED
    assert client.get(statement.get_absolute_url()).status_code == 200


def test_publishing_says_exactly_what_is_missing(client, reviewer):
    speaker = make_person(name="Draft Speaker", status=Status.DRAFT)
    statement = draft_statement(speaker=speaker)
    statement.sources.clear()
    response = post_change(client, reviewer, statement, move="publish")
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT
    page = client.get(response.url).content.decode()
    assert "was not published" in page
    assert "It needs at least one source." in page
    assert "Its actor “Draft Speaker” is not published" in page


def test_records_chosen_together_in_the_review_queue_are_published_together(client, reviewer):
    speaker = make_person(name="New Speaker", status=Status.IN_REVIEW)
    statement = make_statement(speaker=speaker, status=Status.IN_REVIEW)
    client.force_login(reviewer)
    page = client.get("/admin/review/").content.decode()
    assert "New Speaker" in page and statement.title in page
    client.post("/admin/review/", {"record": [f"statement:{statement.pk}"]})
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW  # its speaker is not published
    client.post("/admin/review/", {"record": [f"statement:{statement.pk}", f"actor:{speaker.pk}"]})
    statement.refresh_from_db()
    speaker.refresh_from_db()
    assert statement.status == speaker.status == Status.PUBLISHED


def test_the_review_queue_lists_the_oldest_first_and_curators_cannot_publish_from_it(
    client, curator
):
    older, newer = make_statement(title="Older"), make_statement(title="Newer")
    for record, day in [(newer, 20), (older, 10)]:
        Statement.objects.filter(pk=record.pk).update(
            status=Status.IN_REVIEW,
            status_changed_at=datetime.datetime(2026, 11, day, tzinfo=datetime.UTC),
        )
    client.force_login(curator)
    page = client.get("/admin/review/").content.decode()
    assert page.index("Older") < page.index("Newer")
    assert 'name="record"' not in page
    client.post("/admin/review/", {"record": [f"statement:{older.pk}"]})
    older.refresh_from_db()
    assert older.status == Status.IN_REVIEW


def test_sending_back_needs_a_reason_that_the_curator_then_reads(client, reviewer, curator):
    statement = make_statement(status=Status.IN_REVIEW)
    response = post_change(client, reviewer, statement, move="send_back")
    assert "reason" in response.context["adminform"].form.errors
    post_change(client, reviewer, statement, move="send_back", reason="Cite the UN record.")
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT
    client.force_login(curator)
    assert "Cite the UN record." in client.get(change_url(statement)).content.decode()
    reason = statement.history.first().history_change_reason
    assert reason == "Send back to draft: Cite the UN record."


def test_the_publish_action_is_refused_to_curators_and_works_for_reviewers(
    client, curator, reviewer
):
    statement = make_statement(status=Status.IN_REVIEW)
    action = {"action": "publish", "_selected_action": [statement.pk]}
    client.force_login(curator)
    client.post("/admin/statements/statement/", action)
    statement.refresh_from_db()
    assert statement.status == Status.IN_REVIEW
    client.force_login(reviewer)
    client.post("/admin/statements/statement/", action)
    statement.refresh_from_db()
    assert statement.status == Status.PUBLISHED


def test_the_send_back_action_asks_for_a_reason(client, reviewer):
    statement = make_statement()
    client.force_login(reviewer)
    action = {"action": "send_back_to_draft", "_selected_action": [statement.pk]}
    response = client.post("/admin/statements/statement/", action)
    assert response.status_code == 200 and "Send back to draft" in response.content.decode()
    client.post("/admin/statements/statement/", {**action, "reason": "Wrong date."})
    statement.refresh_from_db()
    assert (statement.status, statement.review_note) == (Status.DRAFT, "Wrong date.")


def test_curators_read_but_cannot_change_or_delete_published_records(client, curator, reviewer):
    statement = make_statement(title="Published words")
    client.force_login(curator)
    assert client.get(change_url(statement)).status_code == 200
    response = client.post(change_url(statement), {"title": "Rewritten"})
    assert response.status_code == 403
    delete = f"/admin/statements/statement/{statement.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 403
    statement.refresh_from_db()
    assert statement.title == "Published words"
    client.force_login(reviewer)
    assert "Are you sure" in client.get(delete).content.decode()
    client.post(delete, {"post": "yes"})
    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_a_cited_source_cannot_be_deleted_and_the_page_names_who_cites_it(client, reviewer):
    source = make_source(title="Cited report")
    statement = make_statement(title="Citing statement")
    relate(statement, sources=[source])
    client.force_login(reviewer)
    delete = f"/admin/statements/source/{source.pk}/delete/"
    page = client.get(delete).content.decode()
    assert "Citing statement" in page
    client.post(delete, {"post": "yes"})
    assert Source.objects.filter(pk=source.pk).exists()


def test_new_records_start_as_drafts(client, reviewer):
    client.force_login(reviewer)
    speaker = make_person()
    response = client.post(
        "/admin/statements/statement/add/",
        {
            "title": "Fresh words",
            "speaker": speaker.pk,
            "date": "2025-04-08",
            "date_precision": "day",
            "kind": "speech",
            "verification": "reported",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Statement.objects.get(title="Fresh words").status == Status.DRAFT


def test_a_long_reason_for_sending_back_is_kept_whole(client, reviewer):
    statement = make_statement(status=Status.IN_REVIEW)
    reason = " ".join(["Cite the UN record of the session, not the news report."] * 10)
    post_change(client, reviewer, statement, move="send_back", reason=reason)
    statement.refresh_from_db()
    assert (statement.status, statement.review_note) == (Status.DRAFT, reason)
    assert statement.history.first().history_change_reason == f"Send back to draft: {reason}"
