"""Only published records are visible outside the admin; `published()` decides."""

import pytest

from statements.models import (
    Actor,
    Agreement,
    Event,
    Forum,
    Role,
    Source,
    Statement,
    Status,
    Theme,
)

from .factories import (
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_role,
    make_source,
    make_statement,
)

pytestmark = pytest.mark.django_db

MAKERS = {
    Source: make_source,
    Forum: make_forum,
    Actor: make_actor,
    Role: lambda **kwargs: make_role(make_person(), **kwargs),
    Event: make_event,
    Statement: make_statement,
    Agreement: make_agreement,
    Theme: lambda **kwargs: Theme.objects.create(name=f"Quantum {kwargs['status']}", **kwargs),
}


@pytest.mark.parametrize("model", MAKERS, ids=lambda model: model.__name__)
@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_published_hides_drafts_and_records_in_review(model, status):
    hidden = MAKERS[model](status=status)
    shown = MAKERS[model](status=Status.PUBLISHED)
    published = model.objects.published()
    assert shown in published
    assert hidden not in published


@pytest.mark.parametrize("model", MAKERS, ids=lambda model: model.__name__)
def test_new_records_start_as_drafts(model):
    assert model._meta.get_field("status").default == Status.DRAFT


def test_home_page_lists_only_published_statements(client):
    make_statement(title="Published words")
    make_statement(title="Draft words", status=Status.DRAFT)
    make_statement(title="Words in review", status=Status.IN_REVIEW)
    page = client.get("/").content.decode()
    assert "Published words" in page
    assert "Draft words" not in page
    assert "Words in review" not in page


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW])
def test_a_statement_not_yet_published_has_no_page(client, status):
    statement = make_statement(status=status)
    assert client.get(statement.get_absolute_url()).status_code == 404


def test_a_published_statement_does_not_show_its_draft_speaker(client):
    speaker = make_person(name="Undisclosed Official", status=Status.DRAFT)
    make_role(speaker, title="Secret Title")
    statement = make_statement(title="Open words", speaker=speaker)
    for url in ("/", "/statements/", statement.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Open words" in page
        assert "Undisclosed Official" not in page
        assert "Secret Title" not in page


def test_a_published_statement_does_not_show_its_draft_event_or_forum(client):
    forum = make_forum(name="Hidden Forum", acronym="HF", status=Status.IN_REVIEW)
    event = make_event(name="Hidden Session", forum=forum, status=Status.DRAFT)
    statement = make_statement(event=event)
    for url in ("/", "/statements/", statement.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Hidden Session" not in page
        assert "Hidden Forum" not in page


def test_a_published_statement_shows_only_its_published_sources_and_themes(client):
    statement = make_statement()
    statement.sources.add(make_source(title="Unchecked leak", status=Status.DRAFT))
    draft_theme = Theme.objects.create(name="Draft topic", status=Status.DRAFT)
    statement.themes.add(draft_theme, Theme.objects.get(slug="digital-divide"))
    for url in ("/", "/statements/", statement.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Digital divide" in page
        assert "Draft topic" not in page
        assert "Unchecked leak" not in page
