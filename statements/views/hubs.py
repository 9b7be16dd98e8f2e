"""The home page and the hubs of a country, a forum and a theme."""

import re

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ..charts import YearChart
from ..counts import cached
from ..models import Agreement, AgreementCountry, Country, Event, Forum, Statement, Status, Theme
from .records import lowercase, moved
from .rows import agreement_rows, statement_rows

LATEST = 10
SESSIONS = 50


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


def counted(queryset):
    """[[key, count], …] of records annotated with a `count`, in their order: kept as JSON."""
    return [[record.pk, record.count] for record in queryset]


def with_counts(queryset, pairs):
    """The records of `queryset` named in `pairs` ([[key, count], …]), in that order, each
    with its `count`; a record no longer in `queryset` is left out."""
    records = queryset.in_bulk([key for key, _ in pairs])
    shown = []
    for key, count in pairs:
        if key in records:
            records[key].count = count
            shown.append(records[key])
    return shown


def statements_per(records, statements):
    """`records` (forums, themes, countries) by how many of `statements` they have."""
    return counted(
        records.filter(statements__in=statements)
        .annotate(count=Count("statements"))
        .order_by("-count", "name")
    )


def chart_years(statements, agreements):
    return YearChart.of(statements, agreements).years


def home(request):
    statements = Statement.objects.published()
    counts = cached(
        {
            "home:countries": lambda: counted(
                Country.objects.filter(statements__status=Status.PUBLISHED)
                .annotate(count=Count("statements"))
                .order_by("-count", "name")[:12]
            )
        }
    )
    context = {
        "statements": statement_rows(statements.newest_first()[:LATEST]),
        "agreements": agreement_rows(Agreement.objects.published().newest_first())[:5],
        "countries": with_counts(Country.objects, counts["home:countries"]),
        "forums": tree(list(Forum.objects.published().order_by("name"))),
        "themes": tree(list(Theme.objects.published().order_by("name"))),
    }
    return render(request, "statements/home.html", context)


def partners_in(agreements, country):
    """[[code, agreements], …] of the other countries bound by `agreements`, counted in SQL."""
    bound = (
        AgreementCountry.objects.filter(agreement__in=agreements)
        .exclude(country=country)
        .values("country")
        .annotate(count=Count("agreement", distinct=True))
        .order_by("-count", "country__name")
    )
    return [[row["country"], row["count"]] for row in bound]


def country_detail(request, code):
    if not re.fullmatch(r"[A-Za-z]{2}", code):
        raise Http404("Country codes are two letters.")
    if code != code.upper():
        return redirect("statements:country_detail", code=code.upper(), permanent=True)
    country = get_object_or_404(Country, code=code)
    statements, agreements = country_records(country)
    counts = country_counts(country, statements, agreements)
    context = {
        "country": country,
        "by_forum": counts["by_forum"],
        "by_theme": counts["by_theme"],
        "statements": statement_rows(statements.newest_first()[:LATEST]),
        "agreements": agreement_rows(agreements.newest_first())[:LATEST],
        "partners": [(partner, partner.count) for partner in counts["partners"]],
        "events_hosted": Event.objects.published()
        .filter(host_country=country)
        .select_related("forum", "host_country")[:LATEST],
        "chart": YearChart(counts["years"]),
        "feed_url": reverse("statements:country_feed", args=[country.code]),
        "feed_title": f"statements and agreements of {country}",
    }
    return render(request, "statements/country_detail.html", context)


def country_records(country):
    """The published statements made for a country, and the agreements it is a party to."""
    statements = Statement.objects.published().filter(country=country)
    return statements, Agreement.objects.published().with_parties_from([country.code])


def country_counts(country, statements, agreements):
    """The kept counts a country's hub draws: its statements by forum and by theme, the
    countries it signed agreements with, and its statements and agreements by year."""
    key = f"country:{country.code}"
    counts = cached(
        {
            f"{key}:forums": lambda: statements_per(Forum.objects.published(), statements),
            f"{key}:themes": lambda: statements_per(Theme.objects.published(), statements),
            f"{key}:partners": lambda: partners_in(agreements, country),
            f"{key}:chart": lambda: chart_years(statements, agreements),
        }
    )
    return {
        "by_forum": with_counts(Forum.objects.published(), counts[f"{key}:forums"]),
        "by_theme": with_counts(Theme.objects.published(), counts[f"{key}:themes"]),
        "partners": with_counts(Country.objects, counts[f"{key}:partners"]),
        "years": counts[f"{key}:chart"],
    }


def forum_detail(request, slug):
    if response := lowercase("statements:forum_detail", slug):
        return response
    forums = Forum.objects.published().select_related("parent")
    forum = forums.filter(slug=slug).first()
    if forum is None:
        return moved(forums, slug)
    statements, agreements = forum_records(forum)
    counts = forum_counts(forum, statements, agreements)
    context = {
        "forum": forum,
        "by_country": counts["by_country"],
        "statements": statement_rows(statements.newest_first()[:LATEST]),
        "chart": YearChart(counts["years"]),
        "sub_forums": forum.children.published().order_by("name"),
        "sessions": Event.objects.published()
        .at_forums(forum)
        .filter(part_of__isnull=True)
        .select_related("forum", "host_country")[:SESSIONS],
        "feed_url": reverse("statements:forum_feed", args=[forum.slug]),
        "feed_title": f"statements and sessions at {forum.acronym or forum.name}",
    }
    return render(request, "statements/forum_detail.html", context)


def forum_records(forum):
    """The published statements at a forum (or under it), and the agreements of its events."""
    statements = Statement.objects.published().at_forums(forum)
    agreements = Agreement.objects.published().filter(
        event__in=Event.objects.published().at_forums(forum)
    )
    return statements, agreements


def forum_counts(forum, statements, agreements):
    return by_country_and_year(f"forum:{forum.pk}", statements, agreements)


def theme_detail(request, slug):
    if response := lowercase("statements:theme_detail", slug):
        return response
    themes = Theme.objects.published().select_related("parent")
    theme = themes.filter(slug=slug).first()
    if theme is None:
        return moved(themes, slug)
    statements, agreements = theme_records(theme)
    counts = theme_counts(theme, statements, agreements)
    context = {
        "theme": theme,
        "by_country": counts["by_country"],
        "statements": statement_rows(statements.newest_first()[:LATEST]),
        "chart": YearChart(counts["years"]),
        "sub_themes": sub_themes(theme) if theme.children.exists() else [],
        "agreements": agreement_rows(agreements.newest_first())[:LATEST],
        "feed_url": reverse("statements:theme_feed", args=[theme.slug]),
        "feed_title": f"statements and agreements on {theme.name}",
    }
    return render(request, "statements/theme_detail.html", context)


def theme_records(theme):
    """The published statements and agreements on a theme (or under it)."""
    statements = Statement.objects.published().on_themes(theme)
    return statements, Agreement.objects.published().on_themes(theme)


def theme_counts(theme, statements, agreements):
    return by_country_and_year(f"theme:{theme.pk}", statements, agreements)


def sub_themes(theme):
    return tree(list(Theme.objects.published().with_descendants(theme).exclude(pk=theme.pk)))


def by_country_and_year(key, statements, agreements):
    """The kept counts a forum's or a theme's hub draws: its `statements` by country, and its
    statements and `agreements` by year."""
    counts = cached(
        {
            f"{key}:countries": lambda: statements_per(Country.objects, statements),
            f"{key}:chart": lambda: chart_years(statements, agreements),
        }
    )
    return {
        "by_country": with_counts(Country.objects, counts[f"{key}:countries"]),
        "years": counts[f"{key}:chart"],
    }
