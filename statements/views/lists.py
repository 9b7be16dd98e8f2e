"""The four public lists: one FilterSet each, with notices, chips, sorting and pages."""

from django.db.models import Prefetch
from django.shortcuts import render

from ..counts import cached
from ..filters import ActorFilterSet, AgreementFilterSet, EventFilterSet, StatementFilterSet
from ..listing import active_filter_chips, paginate, query_string
from ..models import (
    Actor,
    Agreement,
    AgreementParty,
    Country,
    Event,
    Forum,
    Statement,
    Theme,
)
from ..querysets import long_texts


def tree(records):
    """Records with a parent in depth-first order, each indented by its depth."""
    children = {}
    for record in records:
        children.setdefault(record.parent_id, []).append(record)
    ordered = []

    def walk(parent_id, depth):
        for record in children.get(parent_id, []):
            record.indent = "– " * depth
            ordered.append(record)
            walk(record.pk, depth + 1)

    walk(None, 0)
    known = {record.pk for record in ordered}
    # A record under an unpublished parent is shown at the top level.
    for record in records:
        if record.pk not in known:
            record.indent = ""
            ordered.append(record)
    return ordered


def choices(filterset_class, name):
    """(value, label) of the values the filter `name` takes."""
    return list(filterset_class.choice_labels[name].items())


def picker_options():
    return {
        "countries": sorted(Country.objects.all(), key=str),
        "forums": tree(list(Forum.objects.published().order_by("name"))),
        "themes": tree(list(Theme.objects.published().order_by("name"))),
    }


def render_list(request, filterset_class, template, prepare, options=None):
    """A list page: the FilterSet's rows, one page of them, and what was wrong in the URL."""
    model = filterset_class._meta.model
    filterset = filterset_class(request.GET, queryset=model.objects.published())
    page = paginate(request, filterset, prepare)
    params = request.GET
    noun = model._meta.verbose_name
    context = {
        "title": model._meta.verbose_name_plural.capitalize(),
        "noun": noun,
        "noun_plural": model._meta.verbose_name_plural,
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "notices": filterset.notices() + page.notices,
        "chips": active_filter_chips(params, filterset),
        "labels": {name: each.label for name, each in filterset.filters.items()},
        "search": filterset.search_query,
        "sort": filterset.sort_key(),
        "ranked": filterset.ranked_matches if filterset.ranks_only_the_newest(page.count) else None,
        "sorts": [key for key in filterset.sorts if key not in ("name", "-name")],
        "selected": {name: params.getlist(name) for name in filterset.filters},
        "previous_url": query_string(params, page=str(page.number - 1)),
        "next_url": query_string(params, page=str(page.number + 1)),
        "export_query": query_string(params, page=None),
        # An export answers 400 where a filter is wrong, so it is offered only when none is.
        "exportable": not filterset.notices(),
        **(options or {}),
    }
    return render(request, template, context)


def statement_list(request):
    return render_list(
        request,
        StatementFilterSet,
        "statements/statement_list.html",
        lambda queryset: queryset.for_listing(),
        options={
            **picker_options(),
            "kinds": choices(StatementFilterSet, "kind"),
            "verifications": choices(StatementFilterSet, "verification"),
            "languages": used_languages(),
        },
    )


def used_languages():
    """(code, name) of the languages published statements are in."""
    names = StatementFilterSet.choice_labels["language"]
    codes = cached({"statements:languages": published_languages})["statements:languages"]
    return [(code, names.get(code, code)) for code in codes]


def published_languages():
    return list(
        Statement.objects.published()
        .exclude(language="")
        .order_by("language")
        .values_list("language", flat=True)
        .distinct()
    )


def agreement_rows(queryset):
    """Everything an agreement's row shows, and not the long texts it does not show."""
    parties = AgreementParty.objects.select_related("country", "organisation").defer(
        *long_texts(Actor, "organisation__")
    )
    return (
        queryset.select_related("event", "signed_in")
        .defer(*long_texts(Agreement, shown=["summary"]), *long_texts(Event, "event__"))
        .prefetch_related(
            Prefetch("parties", queryset=parties),
            Prefetch("themes", queryset=Theme.objects.published().order_by("name")),
        )
    )


def agreement_list(request):
    return render_list(
        request,
        AgreementFilterSet,
        "statements/agreement_list.html",
        agreement_rows,
        options={
            **picker_options(),
            "kinds": choices(AgreementFilterSet, "kind"),
            "statuses": choices(AgreementFilterSet, "status"),
        },
    )


def event_rows(queryset):
    return queryset.select_related("forum", "host_country")


def event_list(request):
    return render_list(
        request,
        EventFilterSet,
        "statements/event_list.html",
        event_rows,
        options=picker_options(),
    )


def actor_list(request):
    return render_list(
        request,
        ActorFilterSet,
        "statements/actor_list.html",
        lambda queryset: queryset.select_related("country", "parent"),
        options={
            "countries": sorted(Country.objects.all(), key=str),
            "kinds": choices(ActorFilterSet, "kind"),
        },
    )
