"""Addresses never die: a record whose slug a reviewer changes keeps every earlier slug, and
its old addresses redirect (301) to the current one."""

import pytest

from statements.models import Actor, Event, FormerSlug, Forum, Status, Theme

from .desk import post_change
from .factories import change, make_actor, make_event, make_forum, make_theme

pytestmark = pytest.mark.django_db

MAKERS = {
    "actor": lambda **kw: make_actor(name="Mohammad Hassan", **kw),
    "event": lambda **kw: make_event(name="Visit to Belgrade", **kw),
    "forum": lambda **kw: make_forum(name="Working Group", **kw),
    "theme": lambda **kw: make_theme(name="Cloud services", **kw),
}
PREFIX = {"actor": "actors", "event": "events", "forum": "forums", "theme": "themes"}


@pytest.mark.parametrize("kind", MAKERS)
def test_a_reviewer_changing_a_slug_keeps_the_old_address(client, reviewer, kind):
    record = MAKERS[kind]()
    old_address = record.get_absolute_url()

    response = post_change(client, reviewer, record, slug="the-new-slug")

    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert record.slug == "the-new-slug"
    client.logout()
    moved = client.get(old_address)
    assert moved.status_code == 301
    assert moved["Location"] == f"/{PREFIX[kind]}/the-new-slug/"
    assert client.get(moved["Location"]).status_code == 200


def test_every_earlier_slug_redirects_to_the_current_address(client):
    actor = make_actor(name="Mohammad Hassan")
    change(actor, slug="mohammad-hassan-2")
    change(actor, slug="m-hassan")

    for old in ("mohammad-hassan", "mohammad-hassan-2"):
        response = client.get(f"/actors/{old}/")
        assert (response.status_code, response["Location"]) == (301, "/actors/m-hassan/")


def test_a_slug_given_back_to_its_record_is_current_again(client):
    actor = make_actor(name="Mohammad Hassan")
    change(actor, slug="m-hassan")
    change(actor, slug="mohammad-hassan")

    assert client.get("/actors/mohammad-hassan/").status_code == 200
    assert client.get("/actors/m-hassan/").status_code == 301
    assert list(FormerSlug.objects.values_list("slug", flat=True)) == ["m-hassan"]


def test_a_new_record_never_takes_another_records_earlier_slug(client):
    first = make_actor(name="Mohammad Hassan")
    change(first, slug="m-hassan")

    second = make_actor(name="Mohammad Hassan")

    assert second.slug == "mohammad-hassan-2"
    response = client.get("/actors/mohammad-hassan/")
    assert (response.status_code, response["Location"]) == (301, "/actors/m-hassan/")


def test_an_earlier_slug_of_an_unpublished_record_is_not_found(client):
    actor = make_actor(name="Mohammad Hassan")
    change(actor, slug="m-hassan")
    change(actor, status=Status.DRAFT)

    assert client.get("/actors/mohammad-hassan/").status_code == 404


def test_earlier_slugs_are_kept_per_kind_of_record(client):
    """An actor's earlier slug is no address of a theme or an event."""
    actor = make_actor(name="Cloud services")
    change(actor, slug="cloud-people")
    make_theme(name="Something else", slug="other")

    assert client.get("/themes/cloud-services/").status_code == 404
    assert client.get("/events/cloud-services/").status_code == 404
    assert client.get("/actors/cloud-services/").status_code == 301


@pytest.mark.parametrize("model", [Actor, Event, Forum, Theme])
def test_a_curator_cannot_change_the_slug_of_a_published_record(client, curator, model):
    record = MAKERS[model._meta.model_name]()

    response = post_change(client, curator, record, slug="taken-over")

    assert response.status_code == 403
    record.refresh_from_db()
    assert record.slug != "taken-over"
    assert not FormerSlug.objects.exists()
