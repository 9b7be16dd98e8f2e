"""One record's page: a statement, an agreement, an event, an actor."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .. import documents
from ..models import (
    Actor,
    Agreement,
    AgreementParty,
    Event,
    FormerSlug,
    Role,
    Source,
    SourceCopy,
    Statement,
    Theme,
)
from .citations import citation_context
from .rows import agreement_rows, statement_rows

RELATED = 5
LISTED = 20


def published_sources():
    """A record's published sources, with the copy of each document kept, if any."""
    return Prefetch("sources", queryset=Source.objects.published().select_related("copy"))


def published_themes():
    return Prefetch("themes", queryset=Theme.objects.published().order_by("name"))


def lowercase(view_name, slug):
    """Slugs are lower case; a link written otherwise redirects to the canonical URL."""
    if slug != slug.lower():
        return redirect(view_name, slug=slug.lower(), permanent=True)
    return None


def moved(records, slug):
    """A 301 to the address of the published record of `records` that had this slug before a
    reviewer changed it; 404 when none did."""
    former = FormerSlug.objects.filter(model=records.model._meta.label_lower, slug=slug)
    record = records.filter(pk__in=former.values("record_id")).first()
    if record is None:
        raise Http404(f"No {records.model._meta.verbose_name} has the address {slug}.")
    return redirect(record, permanent=True)


def canonical(record, slug):
    """A redirect to the record's canonical URL when it was reached by another slug."""
    return redirect(record, permanent=True) if slug != record.slug else None


def statement_detail(request, pk, slug):
    # What only this page shows is read apart: joined to the rest, PostgreSQL took longer to
    # plan the query (eight tables, 5.8 ms) than to run them all.
    statements = (
        Statement.objects.published()
        .for_reading()
        .prefetch_related(
            "on_behalf_of_country",
            "on_behalf_of_actor",
            "event__host_country",
            published_sources(),
        )
    )
    statement = get_object_or_404(statements, pk=pk)
    if response := canonical(statement, slug):
        return response
    others = Statement.objects.published().newest_first().exclude(pk=statement.pk)
    context = {
        "statement": statement,
        **citation_context(request, statement),
        "by_speaker": statement_rows(others.filter(speaker=statement.speaker_id)[:RELATED])
        if statement.public_speaker
        else [],
        "at_event": statement_rows(others.filter(event=statement.event_id)[:RELATED])
        if statement.public_event
        else [],
        "agreements": agreements_between(
            statement.country_id, [c.code for c in statement.mentioned_countries.all()]
        ),
    }
    return render(request, "statements/statement_detail.html", context)


def agreements_between(country, others):
    """Published agreements binding `country` and at least one of `others`."""
    others = [code for code in others if code != country]
    if not country or not others:
        return []
    agreements = (
        Agreement.objects.published().with_parties_from([country]).with_parties_from(others)
    )
    return agreement_rows(agreements.newest_first())[:RELATED]


def agreement_detail(request, pk, slug):
    parties = AgreementParty.objects.select_related("country", "organisation", "signatory")
    agreements = (
        Agreement.objects.published()
        .select_related("event__forum", "signed_in")
        .prefetch_related(
            Prefetch("parties", queryset=parties), published_themes(), published_sources()
        )
    )
    agreement = get_object_or_404(agreements, pk=pk)
    if response := canonical(agreement, slug):
        return response
    context = {"agreement": agreement, **citation_context(request, agreement)}
    return render(request, "statements/agreement_detail.html", context)


def event_detail(request, slug):
    if response := lowercase("statements:event_detail", slug):
        return response
    events = (
        Event.objects.published()
        .select_related("forum", "host_country", "part_of")
        .prefetch_related("participating_countries", published_sources())
    )
    event = events.filter(slug=slug).first()
    if event is None:
        return moved(events, slug)
    context = {
        "event": event,
        "side_events": event.side_events.published().order_by("start_date_earliest", "id"),
        "statements": statement_rows(
            Statement.objects.published().newest_first().filter(event=event)[:LISTED]
        ),
        "agreements": agreement_rows(
            Agreement.objects.published().newest_first().filter(event=event)
        ),
    }
    return render(request, "statements/event_detail.html", context)


def actor_detail(request, slug):
    if response := lowercase("statements:actor_detail", slug):
        return response
    actors = Actor.objects.published().select_related("country", "parent")
    actor = actors.prefetch_related(published_sources()).filter(slug=slug).first()
    if actor is None:
        return moved(actors, slug)
    statements = Statement.objects.published().filter(
        Q(speaker=actor) | Q(on_behalf_of_actor=actor)
    )
    signed = Agreement.objects.published().filter(
        Exists(
            AgreementParty.objects.filter(agreement=OuterRef("pk")).filter(
                Q(signatory=actor) | Q(organisation=actor)
            )
        )
    )
    context = {
        "actor": actor,
        "roles": Role.objects.published().filter(person=actor).select_related("organisation"),
        "positions": Role.objects.published().filter(organisation=actor).select_related("person"),
        "members": actor.children.published().order_by("name"),
        "statements": statement_rows(statements.newest_first()[:LISTED]),
        "statement_count": statements[: LISTED + 1].count(),
        "agreements": agreement_rows(signed.newest_first())[:LISTED],
    }
    return render(request, "statements/actor_detail.html", context)


def source_copy(request, pk):
    """The kept copy of a published source's document, where a curator said readers may have
    it (copyright); nothing of a draft."""
    published = Source.objects.published()
    copy = get_object_or_404(SourceCopy, source__in=published, source__pk=pk, public=True)
    return documents.served(copy, f"source-{pk}{documents.EXTENSIONS.get(copy.media_type, '')}")
