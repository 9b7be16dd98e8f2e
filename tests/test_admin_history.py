"""No lost edits: every change is kept and can be restored, and a stale form never overwrites."""

import pytest

from statements.models import Statement, Status

from .desk import change_url, form_data, member_of, post_change
from .factories import make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def curators():
    return member_of("curators", "carla"), member_of("curators", "chen")


def test_a_stale_save_is_refused_with_what_changed_and_the_input_kept(client, curators):
    carla, chen = curators
    statement = make_statement(title="First title", summary="First summary", status=Status.DRAFT)
    client.force_login(carla)
    carlas_form = form_data(client.get(change_url(statement)))
    client.force_login(chen)
    chens_form = form_data(client.get(change_url(statement)))
    client.post(change_url(statement), {**chens_form, "title": "Chen's title"})

    client.force_login(carla)
    response = client.post(change_url(statement), {**carlas_form, "summary": "Carla's summary"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not saved: chen saved this record" in page
    assert "title: “First title” → “Chen&#x27;s title”" in page
    assert "Carla&#x27;s summary" in page  # her input is still in the form
    statement.refresh_from_db()
    assert (statement.title, statement.summary) == ("Chen's title", "First summary")

    # Having seen the conflict, saving the same form again is deliberate and goes through.
    again = form_data(response)
    assert client.post(change_url(statement), again).status_code == 302
    statement.refresh_from_db()
    assert (statement.title, statement.summary) == ("First title", "Carla's summary")


def test_each_save_is_kept_with_who_and_which_fields_changed(client, curators):
    carla, _ = curators
    statement = make_statement(title="Before", status=Status.DRAFT)
    before = statement.history.count()
    client.force_login(carla)
    client.post(
        change_url(statement), {**form_data(client.get(change_url(statement))), "title": "After"}
    )
    assert statement.history.count() == before + 1  # one entry per save, relations included
    latest = statement.history.first()
    assert latest.history_user == carla
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "title"] == [
        ("title", "Before", "After")
    ]
    page = client.get(change_url(statement).replace("change/", "history/")).content.decode()
    assert "carla" in page and "Before" in page and "After" in page


def restore_url(record, version):
    return change_url(record).replace("change/", f"history/{version.history_id}/")


def test_an_earlier_version_is_restored_with_a_reason_and_a_new_version_number(client, curators):
    carla, _ = curators
    statement = make_statement(title="Original", status=Status.DRAFT)
    original = statement.history.first()
    client.force_login(carla)
    client.post(
        change_url(statement), {**form_data(client.get(change_url(statement))), "title": "Mistake"}
    )
    statement.refresh_from_db()
    before = statement.version
    response = client.get(restore_url(statement, original))
    assert response.status_code == 200

    refused = client.post(restore_url(statement, original), form_data(response))
    assert "reason" in refused.context["adminform"].form.errors
    statement.refresh_from_db()
    assert statement.title == "Mistake"

    client.post(restore_url(statement, original), {**form_data(response), "reason": "Typo."})
    statement.refresh_from_db()
    assert statement.title == "Original"
    assert statement.version == before + 1
    latest = statement.history.first()
    assert latest.title == "Original"  # the restore is itself kept
    assert latest.history_change_reason == f"Restored version {original.version}: Typo."
    assert latest.history_user == carla


def test_restoring_never_moves_a_record_and_keeps_the_reviewers_note(client, curators, reviewer):
    carla, _ = curators
    statement = make_statement(title="Published words")
    published = statement.history.first()
    post_change(client, reviewer, statement, move="send_back", reason="Cite the UN record.")
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT
    stored_version = statement.version

    client.force_login(carla)
    page = client.get(restore_url(statement, published))
    assert 'name="_save"' in page.content.decode()  # a draft is hers to restore
    data = {**form_data(page), "reason": "Put it back.", "move": "publish"}
    response = client.post(restore_url(statement, published), data)
    assert "move" in response.context["adminform"].form.errors  # no moves when restoring
    client.post(restore_url(statement, published), {**data, "move": ""})
    statement.refresh_from_db()
    assert statement.status == Status.DRAFT
    assert statement.review_note == "Cite the UN record."
    assert statement.version == stored_version + 1


def test_a_curator_cannot_restore_a_published_statement(client, curators):
    carla, _ = curators
    statement = make_statement(title="First words")
    first = statement.history.first()
    Statement.objects.filter(pk=statement.pk).update(title="Published words")
    client.force_login(carla)
    page = client.get(restore_url(statement, first))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # read, not restored
    data = {**form_data(page), "reason": "Mine."}
    assert client.post(restore_url(statement, first), data).status_code == 403
    statement.refresh_from_db()
    assert (statement.title, statement.status) == ("Published words", Status.PUBLISHED)


def test_a_stale_restore_is_refused_like_a_stale_save(client, curators):
    carla, chen = curators
    statement = make_statement(title="Original", status=Status.DRAFT)
    original = statement.history.first()
    client.force_login(carla)
    page = form_data(client.get(restore_url(statement, original)))
    post_change(client, chen, statement, title="Chen's title")
    client.force_login(carla)
    response = client.post(restore_url(statement, original), {**page, "reason": "Undo."})
    assert "Not saved: chen saved this record" in response.content.decode()
    statement.refresh_from_db()
    assert statement.title == "Chen's title"
