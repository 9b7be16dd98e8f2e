"""The desk's one rule, on the writes that once got round it: drafts are anyone's to change,
records in review or published only a reviewer's, whatever form the write comes through, and
no save leaves a published record breaking a rule publishing checked."""

import pytest

from statements.models import AgreementParty, Role, Status

from .desk import change_url, form_data, post_change
from .factories import make_agreement, make_person, make_role, make_statement

pytestmark = pytest.mark.django_db


def inline_rows(response, model):
    [inline] = [i for i in response.context["inline_admin_formsets"] if i.formset.model is model]
    return inline.formset


def test_a_curator_cannot_change_a_record_in_review_but_can_withdraw_it(client, curator):
    statement = make_statement(title="Submitted words", status=Status.IN_REVIEW)
    assert post_change(client, curator, statement, title="Changed").status_code == 403
    client.post(
        "/admin/statements/statement/",
        {"action": "withdraw_from_review", "_selected_action": [statement.pk]},
    )
    statement.refresh_from_db()
    assert (statement.title, statement.status) == ("Submitted words", Status.DRAFT)
    assert statement.history.first().history_change_reason == "Withdraw from review"
    post_change(client, curator, statement, title="Corrected words")
    statement.refresh_from_db()
    assert statement.title == "Corrected words"


def test_a_curator_cannot_edit_or_delete_a_published_role_through_a_draft_persons_form(
    client, curator
):
    person = make_person(name="Draft Person", status=Status.DRAFT)
    published = make_role(person, title="Published title")
    draft = make_role(person, title="Draft title", status=Status.DRAFT)
    client.force_login(curator)
    page = client.get(change_url(person))
    rows = inline_rows(page, Role)
    locked, open_ = (next(f for f in rows.forms if f.instance == r) for r in (published, draft))
    assert all(field.disabled for field in locked.fields.values())
    assert not any(field.disabled for field in open_.fields.values())

    data = form_data(page)
    data[locked.add_prefix("title")] = "Rewritten"
    data[locked.add_prefix("DELETE")] = "on"
    data[open_.add_prefix("title")] = "Draft title, corrected"
    assert client.post(change_url(person), data).status_code == 302
    published.refresh_from_db()
    draft.refresh_from_db()
    assert (published.title, published.status) == ("Published title", Status.PUBLISHED)
    assert draft.title == "Draft title, corrected"


def test_a_curator_cannot_delete_a_draft_that_would_take_a_published_record_with_it(
    client, curator
):
    person = make_person(status=Status.DRAFT)
    make_role(person)
    client.force_login(curator)
    delete = f"/admin/statements/actor/{person.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Role.objects.filter(person=person).exists()


def test_removing_a_party_from_a_published_agreement_is_refused_with_the_input_kept(
    client, reviewer
):
    agreement = make_agreement(parties=("IR", "CU"), title="Memorandum")
    client.force_login(reviewer)
    page = client.get(change_url(agreement))
    data = form_data(page)
    [first, *_] = inline_rows(page, AgreementParty).forms
    data[first.add_prefix("DELETE")] = "on"
    data["summary"] = "A summary typed meanwhile."
    response = client.post(change_url(agreement), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "An agreement needs at least two parties." in text
    assert "A summary typed meanwhile." in text  # the input is kept
    agreement.refresh_from_db()
    assert (agreement.parties.count(), agreement.summary) == (2, "")
    assert agreement.status == Status.PUBLISHED


def test_a_reviewer_cannot_take_the_last_source_from_a_published_statement(client, reviewer):
    statement = make_statement()
    response = post_change(client, reviewer, statement, sources=[], title="Retitled")
    assert response.status_code == 200
    assert "It needs at least one source." in response.content.decode()
    statement.refresh_from_db()
    assert statement.sources.count() == 1 and statement.title != "Retitled"


def test_a_save_need_not_mend_what_another_records_move_broke(client, reviewer):
    person = make_person(name="Sent Back")
    role = make_role(person, title="Head of Office")
    person.status = Status.DRAFT  # a reviewer sent the person back after the role was published
    person.save()
    client.force_login(reviewer)
    page = client.get(change_url(person))
    data = form_data(page)
    [form] = inline_rows(page, Role).forms
    data[form.add_prefix("title")] = "Head of the Office"
    assert client.post(change_url(person), data).status_code == 302
    role.refresh_from_db()
    assert role.title == "Head of the Office"
