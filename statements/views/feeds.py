"""Atom feeds: what was published on Demarche, newest first, for any view of a list, a hub or
an actor.

A feed is ordered by when each record was published here, not by its own date: a statement
of 2020 published today is news to a subscriber. Its filters are the list's own FilterSet,
so a feed's URL is its list's URL with `feed.atom` in place of the page, and a hub's feed
holds what the hub's lists hold. The entries are written by Django's Atom 1.0 generator.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.http import http_date, quote_etag

from ..filters import AgreementFilterSet, EventFilterSet, StatementFilterSet
from ..listing import active_filter_chips, query_string, without_empty
from ..models import Actor, Country, Forum, Theme
from .exports import site
from .rows import agreement_rows, event_rows

FEED_SIZE = 50
LIST_FEEDS = {
    "statements": StatementFilterSet,
    "agreements": AgreementFilterSet,
    "events": EventFilterSet,
}
NEWEST_PUBLISHED = ("-status_changed_at", "-id")


def list_feed(request, list_name):
    """The feed of a list's view: /statements/feed.atom?country=IR&theme=… ."""
    if list_name not in LIST_FEEDS:
        raise Http404(f"The {list_name} have no feed.")
    filterset_class = LIST_FEEDS[list_name]
    model = filterset_class._meta.model
    filterset = filterset_class(request.GET, queryset=model.objects.published())
    if notices := filterset.notices():
        return bad_request(notices)
    chips = [chip.label for chip in active_filter_chips(request.GET, filterset)]
    title = model._meta.verbose_name_plural.capitalize()
    if chips:
        title += " · " + ", ".join(chips)
    list_url = reverse(f"statements:{model._meta.model_name}_list")
    return atom(request, title, list_url + query_string(without_empty(request.GET)), [filterset])


def country_feed(request, code):
    country = get_object_or_404(Country, code=code.upper())
    return hub_feed(request, country, {"statements": "country", "agreements": "country"}, code)


def forum_feed(request, slug):
    forum = get_object_or_404(Forum.objects.published(), slug=slug.lower())
    return hub_feed(request, forum, {"statements": "forum", "events": "forum"}, forum.slug)


def theme_feed(request, slug):
    theme = get_object_or_404(Theme.objects.published(), slug=slug.lower())
    return hub_feed(request, theme, {"statements": "theme", "agreements": "theme"}, theme.slug)


def actor_feed(request, slug):
    actor = get_object_or_404(Actor.objects.published(), slug=slug.lower())
    return hub_feed(request, actor, {"statements": "actor"}, actor.slug)


def hub_feed(request, record, filters, key):
    """The feed of a hub: the records of each of its lists ({list: the hub's filter}) that
    name `record`, together, newest published first."""
    if request.GET:
        return bad_request([(name, "a hub's feed takes no parameters") for name in request.GET])
    filtersets = []
    for list_name, name in filters.items():
        filterset_class = LIST_FEEDS[list_name]
        model = filterset_class._meta.model
        filtersets.append(filterset_class(QueryDict(f"{name}={key}"), model.objects.published()))
    return atom(request, str(record), record.get_absolute_url(), filtersets)


def newest_published(filtersets):
    """The FEED_SIZE records published last among the rows of `filtersets`, newest first."""
    records = []
    for filterset in filtersets:
        queryset = filterset.filtered().order_by(*NEWEST_PUBLISHED)
        ids = list(queryset.values_list("pk", flat=True)[:FEED_SIZE])
        model = filterset.queryset.model
        records += KINDS[model._meta.model_name].read(model.objects.filter(pk__in=ids))
    records.sort(key=lambda record: (record.status_changed_at, record.pk), reverse=True)
    return records[:FEED_SIZE]


def atom(request, title, page_url, filtersets):
    records = newest_published(filtersets)
    base = site(request)
    # Readers poll: the same entries, as last changed, answer 304.
    versions = repr([(entry_id(record), updated(record).isoformat()) for record in records])
    etag = quote_etag(hashlib.sha256(versions.encode()).hexdigest()[:32])
    last_modified = max((updated(record) for record in records), default=None)
    timestamp = int(last_modified.timestamp()) if last_modified else None
    if response := get_conditional_response(request, etag, timestamp):
        response["ETag"] = etag
        return response
    feed = Atom1Feed(
        title=f"{title} · Demarche",
        link=base + page_url,
        feed_url=request.build_absolute_uri(),
        feed_guid=f"tag:{settings.FEED_TAG_AUTHORITY}:feed:{page_url}",
        description="",
        author_name="Demarche",
        feed_copyright=settings.DATA_LICENCE["title"],
        language="en",
    )
    for record in records:
        feed.add_item(**KINDS[record._meta.model_name].entry(record, base))
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(timestamp)
    return response


def bad_request(notices):
    """Like an export's: a feed is not made from filters it cannot use."""
    lines = ["No feed was made: some filters are wrong."]
    lines += [f"{name}: {message}" for name, message in notices]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def entry_id(record):
    """A permanent id: it names the record, not its address, which a new slug would change."""
    return f"tag:{settings.FEED_TAG_AUTHORITY}:{record._meta.model_name}:{record.pk}"


def updated(record):
    return max(record.updated_at, record.status_changed_at)


def entry(record, base, author, facts):
    return {
        "title": record.title if hasattr(record, "title") else record.name,
        "link": base + record.get_absolute_url(),
        "unique_id": entry_id(record),
        "pubdate": record.status_changed_at,
        "updateddate": updated(record),
        "author_name": author,
        "categories": [record._meta.verbose_name],
        "description": format_html(
            "<p>{}</p>{}",
            " · ".join(fact for fact in facts if fact),
            format_html("<p>{}</p>", record.summary) if getattr(record, "summary", "") else "",
        ),
    }


def statement_entry(statement, base):
    speaker = statement.public_speaker
    who = speaker.name if speaker else ""
    on_behalf = str(statement.country) if statement.country_id else ""
    event = statement.public_event
    facts = [
        statement.get_kind_display(),
        str(statement.when) if statement.when else "date not known",
        f"{who} for {on_behalf}" if who and on_behalf else who or on_behalf,
        f"at {event.name}" if event else "",
    ]
    return entry(statement, base, who or on_behalf or "Demarche", facts)


def agreement_entry(agreement, base):
    parties = format_html_join(" – ", "{}", ((name,) for name in party_names(agreement)))
    facts = [
        agreement.get_kind_display().capitalize(),
        f"signed {agreement.signed}" if agreement.signed else "date of signing not known",
        str(parties),
    ]
    return entry(agreement, base, ", ".join(party_names(agreement)) or "Demarche", facts)


def party_names(agreement):
    names = []
    for party in agreement.parties.all():
        organisation = party.organisation if party.organisation_id else None
        if organisation is not None and organisation.is_published:
            names.append(organisation.name)
        elif party.country_id:
            names.append(str(party.country))
    return names


def event_entry(event, base):
    forum = event.forum if event.forum_id and event.forum.is_published else None
    host = str(event.host_country) if event.host_country_id else ""
    facts = [
        forum.name if forum else "",
        str(event.period),
        f"hosted by {host}" if host else "",
    ]
    return entry(event, base, forum.name if forum else "Demarche", facts)


@dataclass
class Kind:
    """How the records of a kind are read for a feed, and written as its entries."""

    read: Callable  # queryset → the records, with what their entries show
    entry: Callable  # (record, base) → the keyword arguments of Atom1Feed.add_item


KINDS = {
    "statement": Kind(lambda queryset: queryset.for_listing(), statement_entry),
    "agreement": Kind(agreement_rows, agreement_entry),
    "event": Kind(event_rows, event_entry),
}
