"""No lost edits: every change is kept and can be restored, and a stale form never overwrites."""

import pytest

from statements.models import Status

from .factories import make_statement
from .test_admin_workflow import change_url, form_data, member_of

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


def test_an_earlier_version_can_be_restored_from_the_history(client, curators):
    carla, _ = curators
    statement = make_statement(title="Original", status=Status.DRAFT)
    original = statement.history.first()
    client.force_login(carla)
    client.post(
        change_url(statement), {**form_data(client.get(change_url(statement))), "title": "Mistake"}
    )
    revert = change_url(statement).replace("change/", f"history/{original.history_id}/")
    response = client.get(revert)
    assert response.status_code == 200
    client.post(revert, form_data(response))
    statement.refresh_from_db()
    assert statement.title == "Original"
    assert statement.history.first().title == "Original"  # the restore is itself kept
