"""The four public lists: one FilterSet each, with its facets, notices, chips, sorting and pages."""

from django.shortcuts import redirect, render
from django.urls import reverse

from .. import facets
from ..filters import ActorFilterSet, AgreementFilterSet, EventFilterSet, StatementFilterSet
from ..listing import active_filter_chips, key_of, paginate, query_string, without_empty
from . import feeds
from .exports import CITED
from .rows import agreement_rows, event_rows, statement_rows

SORT_LABELS = {
    "-date": "newest first",
    "date": "oldest first",
    "title": "title A–Z",
    "-title": "title Z–A",
    "name": "name A–Z",
    "-name": "name Z–A",
    "relevance": "most relevant",
}
# Older names of sorts, still understood, not offered.
SORT_ALIASES = {
    "statements": (),
    "agreements": (),
    "events": ("title", "-title"),
    "actors": ("title", "-title"),
}


def render_list(request, filterset_class, template, prepare, list_name):
    """A list page: the FilterSet's rows, one page of them, the filter panel with its facets,
    and what was wrong in the URL. A URL with empty parameters (a submitted form's) is sent
    to the same view without them, the URL to share."""
    clean = without_empty(request.GET)
    if clean != request.GET:
        return redirect(f"{request.path}{query_string(clean)}")
    model = filterset_class._meta.model
    filterset = filterset_class(request.GET, queryset=model.objects.published(), bounded=True)
    page = paginate(request, filterset, prepare)
    params = request.GET
    wrong_filters = filterset.notices()
    sort = filterset.sort_key()
    offered = [key for key in filterset.sorts if key not in SORT_ALIASES[list_name]]
    if filterset.search_query:
        offered.append("relevance")
    context = {
        "title": model._meta.verbose_name_plural.capitalize(),
        "list_name": list_name,
        "noun": model._meta.verbose_name,
        "noun_plural": model._meta.verbose_name_plural,
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "notices": wrong_filters + page.notices,
        "bounds": filterset.bounds,
        "chips": active_filter_chips(params, filterset),
        "labels": {name: each.label for name, each in filterset.filters.items()},
        "search": filterset.search_query,
        "sort": sort,
        "sort_label": SORT_LABELS[sort],
        "sorts": [(key, SORT_LABELS[key]) for key in offered],
        "ranked": filterset.ranked_matches if filterset.ranks_only_the_newest(page.count) else None,
        "selected": {name: params.getlist(name) for name in filterset.filters},
        "facets": facets.facet_panel(filterset, list_name, chosen_keys(filterset)),
        "facet_count_limit": facets.FACET_COUNT_LIMIT,
        "previous_url": query_string(params, page=str(page.number - 1)),
        "next_url": query_string(params, page=str(page.number + 1)),
        "export_query": query_string(params, page=None),
        # An export answers 400 where a filter is wrong, so it is offered only when none is.
        "exportable": not wrong_filters,
        "feed_url": feed_of(list_name, params) if not wrong_filters else None,
        "feed_title": f"these {model._meta.verbose_name_plural}",
        "citable": list_name in CITED,
    }
    return render(request, template, context)


def feed_of(list_name, params):
    """The address of the list's feed for these filters, if the list has one."""
    if list_name not in feeds.LIST_FEEDS:
        return None
    return reverse("statements:list_feed", args=[list_name]) + query_string(params, page=None)


def chosen_keys(filterset):
    """What each filter chose, as the panel's values are keyed: codes, slugs, choices."""
    chosen = {}
    for name, value in filterset.form.cleaned_data.items():
        if isinstance(value, list):
            chosen[name] = [key_of(each) for each in value]
    for name in ("date_from", "date_to"):
        chosen[name] = filterset.data.getlist(name)
    return chosen


def statement_list(request):
    return render_list(
        request,
        StatementFilterSet,
        "statements/statement_list.html",
        statement_rows,
        "statements",
    )


def agreement_list(request):
    return render_list(
        request,
        AgreementFilterSet,
        "statements/agreement_list.html",
        agreement_rows,
        "agreements",
    )


def event_list(request):
    return render_list(
        request,
        EventFilterSet,
        "statements/event_list.html",
        event_rows,
        "events",
    )


def actor_list(request):
    return render_list(
        request,
        ActorFilterSet,
        "statements/actor_list.html",
        lambda queryset: queryset.select_related("country", "parent"),
        "actors",
    )
