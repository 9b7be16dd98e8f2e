"""The desk takes a date as its source gives it, and shows how the page will say it."""

import pytest

from statements.models import Agreement, Event, Role, Source, Statement, Status

from .desk import change_url
from .factories import make_person, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def at_the_desk(client, curator):
    client.force_login(curator)


def add_statement(client, date):
    data = {
        "title": "On the digital divide",
        "speaker": make_person().pk,
        "date": date,
        "kind": "speech",
        "verification": "reported",
    }
    return client.post("/admin/statements/statement/add/", data)


@pytest.mark.parametrize("date", ["2025-04", "2025", "2025-04?", "2024~", "2023-08/2024-07"])
def test_a_curator_types_a_date_as_precise_as_the_source(client, date):
    response = add_statement(client, date)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statement = Statement.objects.get()
    assert statement.date == date


def test_a_date_that_is_not_edtf_is_a_message_and_the_form_keeps_what_was_typed(client):
    response = add_statement(client, "April 2025")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["date"]
    assert "is not a date Demarche takes" in errors[0]
    assert 'value="April 2025"' in response.content.decode()
    assert not Statement.objects.exists()


def test_each_date_field_says_how_to_write_it_and_how_its_value_reads(client):
    statement = make_statement(date="2025-04?", status=Status.DRAFT)
    page = client.get(change_url(statement)).content.decode()
    assert "2024~ (about)" in page
    assert (
        '<output class="date-words help" id="id_date_words" for="id_date" aria-live="polite">'
        "Reads: probably April 2025</output>"
    ) in page
    assert 'data-words-url="/admin/date-in-words/"' in page
    assert "js/date-words.js" in page


@pytest.mark.parametrize(
    "url",
    [
        "/admin/statements/agreement/add/",
        "/admin/statements/event/add/",
        "/admin/statements/source/add/",
        "/admin/statements/role/add/",
        "/admin/statements/actor/add/",
    ],
)
def test_every_date_of_the_desk_shows_how_it_reads(client, url):
    page = client.get(url).content.decode()
    assert 'class="date-words help"' in page, url


def test_every_edtf_date_is_entered_with_its_reading():
    for model in (Statement, Event, Agreement, Role, Source):
        for name in model.edtf_dates:
            assert model._meta.get_field(f"{name}_earliest").editable is False
            assert model._meta.get_field(f"{name}_latest").editable is False


def test_the_reading_follows_the_typing(client):
    answer = client.get("/admin/date-in-words/", {"value": "../2024-01-24"}).json()
    assert answer == {"words": "Reads: on or before 24 January 2024"}
    answer = client.get("/admin/date-in-words/", {"value": "2025-13"}).json()
    assert answer["words"].startswith("Not yet a date: “2025-13” is not a date Demarche takes")


def test_the_reading_is_for_the_desk_only(client):
    client.logout()
    response = client.get("/admin/date-in-words/", {"value": "2025"})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
