"""The home page and the hubs of a country, a forum and a theme."""

import re

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from ..charts import YearChart
from ..models import Agreement, AgreementParty, Country, Event, Forum, Statement, Status, Theme
from .lists import agreement_rows, tree
from .records import lowercase

LATEST = 10
SESSIONS = 50


def home(request):
    statements = Statement.objects.published()
    countries = (
        Country.objects.filter(statements__status=Status.PUBLISHED)
        .annotate(count=Count("statements"))
        .order_by("-count", "name")[:12]
    )
    context = {
        "statements": statements.for_listing().newest_first()[:LATEST],
        "agreements": agreement_rows(Agreement.objects.published().newest_first())[:5],
        "countries": countries,
        "forums": tree(list(Forum.objects.published().order_by("name"))),
        "themes": tree(list(Theme.objects.published().order_by("name"))),
    }
    return render(request, "statements/home.html", context)


def partners_in(agreements, country):
    """The other countries bound by `agreements`, with how many of them each shares."""
    shared = {}
    parties = AgreementParty.objects.filter(agreement__in=agreements).select_related("organisation")
    for party in parties:
        code = party.public_country
        if code and code != country.code:
            shared.setdefault(code, set()).add(party.agreement_id)
    partners = Country.objects.in_bulk(list(shared))
    return sorted(
        ((partners[code], len(ids)) for code, ids in shared.items()),
        key=lambda pair: (-pair[1], str(pair[0])),
    )


def country_detail(request, code):
    if not re.fullmatch(r"[A-Za-z]{2}", code):
        raise Http404("Country codes are two letters.")
    if code != code.upper():
        return redirect("statements:country_detail", code=code.upper(), permanent=True)
    country = get_object_or_404(Country, code=code)
    statements = Statement.objects.published().filter(country=country)
    agreements = Agreement.objects.published().with_parties_from([country.code])
    context = {
        "country": country,
        "by_forum": Forum.objects.published()
        .filter(statements__in=statements)
        .annotate(count=Count("statements"))
        .order_by("-count", "name"),
        "by_theme": Theme.objects.published()
        .filter(statements__in=statements)
        .annotate(count=Count("statements"))
        .order_by("-count", "name"),
        "statements": statements.for_listing().newest_first()[:LATEST],
        "agreements": agreement_rows(agreements.newest_first())[:LATEST],
        "partners": partners_in(agreements, country),
        "events_hosted": Event.objects.published()
        .filter(host_country=country)
        .select_related("forum", "host_country")[:LATEST],
        "chart": YearChart.of(statements, agreements),
    }
    return render(request, "statements/country_detail.html", context)


def forum_detail(request, slug):
    if response := lowercase("statements:forum_detail", slug):
        return response
    forum = get_object_or_404(Forum.objects.published().select_related("parent"), slug=slug)
    statements = Statement.objects.published().at_forums(forum)
    agreements = Agreement.objects.published().filter(
        event__in=Event.objects.published().at_forums(forum)
    )
    context = {
        "forum": forum,
        "sub_forums": forum.children.published().order_by("name"),
        "sessions": Event.objects.published()
        .at_forums(forum)
        .filter(part_of__isnull=True)
        .select_related("forum", "host_country")[:SESSIONS],
        "by_country": Country.objects.filter(statements__in=statements)
        .annotate(count=Count("statements"))
        .order_by("-count", "name"),
        "statements": statements.for_listing().newest_first()[:LATEST],
        "chart": YearChart.of(statements, agreements),
    }
    return render(request, "statements/forum_detail.html", context)


def theme_detail(request, slug):
    if response := lowercase("statements:theme_detail", slug):
        return response
    theme = get_object_or_404(Theme.objects.published().select_related("parent"), slug=slug)
    statements = Statement.objects.published().on_themes(theme)
    agreements = Agreement.objects.published().on_themes(theme)
    context = {
        "theme": theme,
        "sub_themes": tree(
            list(Theme.objects.published().with_descendants(theme).exclude(pk=theme.pk))
        )
        if theme.children.exists()
        else [],
        "by_country": Country.objects.filter(statements__in=statements)
        .annotate(count=Count("statements"))
        .order_by("-count", "name"),
        "statements": statements.for_listing().newest_first()[:LATEST],
        "agreements": agreement_rows(agreements.newest_first())[:LATEST],
        "chart": YearChart.of(statements, agreements),
    }
    return render(request, "statements/theme_detail.html", context)
