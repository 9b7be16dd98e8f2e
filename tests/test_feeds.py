"""Atom feeds: any view of a list, each hub and each actor, newest published first, read back
with feedparser as a subscriber's reader reads them."""

import datetime

import feedparser
import pytest
from django.utils import timezone

from statements import workflow
from statements.models import Agreement, Status

from .factories import (
    change,
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_statement,
    theme,
)

pytestmark = pytest.mark.django_db


def read_feed(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


def published(record, days_ago):
    """`record` as if it had been published `days_ago` days ago."""
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    type(record).objects.filter(pk=record.pk).update(status_changed_at=moment)
    return record


def test_a_feed_is_ordered_by_publication_not_by_the_statement_date(client):
    old_news = published(make_statement(title="Said in 2020", date="2020-03"), days_ago=0)
    published(make_statement(title="Said last week", date="2026-11-30"), days_ago=3)
    published(make_statement(title="Said in 2025", date="2025-04-08"), days_ago=9)
    feed = read_feed(client, "/statements/feed.atom")
    assert titles(feed) == ["Said in 2020", "Said last week", "Said in 2025"]
    first = feed.entries[0]
    assert first.id == f"tag:demarche.org,2026:statement:{old_news.pk}"
    assert first.link == "http://testserver" + old_news.get_absolute_url()
    assert first.published_parsed[:3] == timezone.now().timetuple()[:3]
    assert "March 2020" in first.summary


def test_a_list_feed_takes_the_list_filters(client):
    make_statement(
        title="Iran on e-government", on_behalf_of_country_id="IR", themes=[theme("e-government")]
    )
    make_statement(title="Iran elsewhere", on_behalf_of_country_id="IR")
    make_statement(
        title="Cuba on e-government", on_behalf_of_country_id="CU", themes=[theme("e-government")]
    )
    feed = read_feed(client, "/statements/feed.atom?country=IR&theme=e-government")
    assert titles(feed) == ["Iran on e-government"]
    assert "Country: Iran" in feed.feed.title
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == "http://testserver/statements/feed.atom?country=IR&theme=e-government"
    assert links["alternate"] == "http://testserver/statements/?country=IR&theme=e-government"


def test_agreement_and_event_feeds_take_their_lists_filters(client):
    make_agreement(title="With Cuba", parties=("IR", "CU"))
    make_agreement(title="With Serbia", parties=("IR", "RS"))
    assert titles(read_feed(client, "/agreements/feed.atom?country=RS")) == ["With Serbia"]
    forum = make_forum(name="Commission")
    make_event(name="Its session", forum=forum)
    make_event(name="Another meeting")
    assert titles(read_feed(client, f"/events/feed.atom?forum={forum.slug}")) == ["Its session"]


def test_drafts_never_appear_and_an_unpublished_record_drops_out(client, reviewer):
    make_statement(title="In draft", status=Status.DRAFT)
    shown = make_statement(title="Published, then sent back")
    assert titles(read_feed(client, "/statements/feed.atom")) == ["Published, then sent back"]
    workflow.move(shown, workflow.SEND_BACK, "a wrong date")
    assert titles(read_feed(client, "/statements/feed.atom")) == []


def test_a_draft_speaker_is_not_named_in_an_entry(client):
    make_statement(title="Said", speaker=make_person(name="Secret Envoy", status=Status.DRAFT))
    response = client.get("/statements/feed.atom")
    assert b"Secret Envoy" not in response.content


def test_a_feed_holds_at_most_fifty_entries(client):
    for n in range(51):
        published(make_statement(title=f"Statement {n}"), days_ago=n)
    feed = read_feed(client, "/statements/feed.atom")
    assert len(feed.entries) == 50
    assert (feed.entries[0].title, feed.entries[-1].title) == ("Statement 0", "Statement 49")


def test_each_hub_and_actor_has_a_feed_of_its_records(client):
    forum = make_forum(name="Council")
    session = make_event(name="Council session", forum=forum)
    envoy = make_actor(name="Envoy Office")
    make_statement(title="At the council", event=session, on_behalf_of_country_id="CU")
    make_statement(title="By the envoy", speaker=envoy, on_behalf_of_country_id="RS")
    make_statement(
        title="On e-government", on_behalf_of_country_id="RS", themes=[theme("e-government")]
    )
    make_agreement(title="Iran and Cuba", parties=("IR", "CU"), themes=[theme("e-government")])
    hubs = {
        "/countries/CU/feed.atom": {"At the council", "Iran and Cuba"},
        f"/forums/{forum.slug}/feed.atom": {"At the council", "Council session"},
        "/themes/e-government/feed.atom": {"On e-government", "Iran and Cuba"},
        f"/actors/{envoy.slug}/feed.atom": {"By the envoy"},
    }
    for url, expected in hubs.items():
        assert set(titles(read_feed(client, url))) == expected, url


def test_a_hub_feed_mixes_kinds_newest_published_first(client):
    published(make_agreement(title="Older agreement", parties=("IR", "CU")), days_ago=5)
    published(make_statement(title="Newer statement", on_behalf_of_country_id="CU"), days_ago=1)
    published(make_statement(title="Oldest statement", on_behalf_of_country_id="CU"), days_ago=8)
    feed = read_feed(client, "/countries/CU/feed.atom")
    assert titles(feed) == ["Newer statement", "Older agreement", "Oldest statement"]
    assert [entry.tags[0].term for entry in feed.entries] == ["statement", "agreement", "statement"]


def test_a_bad_filter_answers_400_with_the_reason(client):
    response = client.get("/statements/feed.atom?country=ZZ&date_from=yesterday")
    assert response.status_code == 400
    text = response.content.decode()
    assert "country: unknown country code: zz" in text.lower()
    assert "date_from:" in text
    assert client.get("/countries/IR/feed.atom?utm_source=x").status_code == 400


def test_unknown_hubs_and_lists_without_feeds_are_404(client):
    for url in [
        "/countries/ZZ/feed.atom",
        "/themes/no-such-theme/feed.atom",
        "/forums/no-such-forum/feed.atom",
        "/actors/no-such-actor/feed.atom",
        "/actors/feed.atom",
    ]:
        assert client.get(url).status_code == 404, url
    draft = make_actor(name="Draft Office", status=Status.DRAFT)
    assert client.get(f"/actors/{draft.slug}/feed.atom").status_code == 404


def test_readers_poll_cheaply_with_etag_and_last_modified(client):
    statement = make_statement(title="First")
    response = client.get("/statements/feed.atom")
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert client.get("/statements/feed.atom", HTTP_IF_NONE_MATCH=etag).status_code == 304
    unchanged = client.get("/statements/feed.atom", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert unchanged.status_code == 304
    change(statement, title="First, corrected")
    assert client.get("/statements/feed.atom", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_entry_carries_its_date_in_words_speaker_and_summary(client):
    envoy = make_person(name="Ana Envoy")
    make_statement(
        title="On cables",
        date="2025-04~",
        speaker=envoy,
        on_behalf_of_country_id="CU",
        summary="Cables & <b>links</b>.",
    )
    [entry] = read_feed(client, "/statements/feed.atom").entries
    assert entry.author == "Ana Envoy"
    assert "about April 2025" in entry.summary
    assert "Ana Envoy for Cuba" in entry.summary
    assert "Cables &amp; &lt;b&gt;links&lt;/b&gt;." in entry.summary
    assert entry.updated_parsed and entry.published_parsed


def test_lists_and_hubs_link_their_feeds(client):
    make_statement(on_behalf_of_country_id="IR")
    page = client.get("/statements/?country=IR").content.decode()
    assert 'rel="alternate" type="application/atom+xml"' in page
    assert 'href="/statements/feed.atom?country=IR"' in page
    assert 'href="/countries/IR/feed.atom"' in client.get("/countries/IR/").content.decode()


def test_records_created_published_know_when_they_were_published():
    statement = make_statement()
    assert statement.published_at is not None
    draft = make_agreement(status=Status.DRAFT)
    assert Agreement.objects.get(pk=draft.pk).published_at is None
