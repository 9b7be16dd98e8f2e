"""/sitemap.xml and /robots.txt: where search engines and archives find every published record.

The sitemap is an index of sections, each at most SECTION_SIZE records of one kind in a range
of ids (ids 1–10,000, 10,001–20,000…): a section is one range scan of the primary key,
never an OFFSET deep in a million rows nor a count, and its URL names the same records for
as long as they are published. Django's sitemaps framework pages with OFFSET and counts every
record, so the sections are written here. The protocol allows 50,000 URLs a section; 10,000
keep a section's answer within a page's time.
"""

from html import escape

from django.db.models import Exists, Max, OuterRef
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ..addresses import addresses_of
from ..models import Actor, Agreement, AgreementCountry, Country, Event, Forum, Statement, Theme
from .exports import site

SECTION_SIZE = 10_000
RECORDS = {
    "statements": Statement,
    "agreements": Agreement,
    "events": Event,
    "actors": Actor,
}
# The view of each kind's record, and whether its address holds the id before the slug.
DETAILS = {
    "statements": ("statements:statement_detail", True),
    "agreements": ("statements:agreement_detail", True),
    "events": ("statements:event_detail", False),
    "actors": ("statements:actor_detail", False),
}
XML = "application/xml; charset=utf-8"


def sitemap_index(request):
    base = site(request)
    sections = [base + reverse("statements:sitemap_hubs")]
    for kind, model in RECORDS.items():
        last_id = model.objects.published().aggregate(last=Max("pk"))["last"] or 0
        for number in range(1, -(-last_id // SECTION_SIZE) + 1):
            sections.append(base + reverse("statements:sitemap_section", args=[kind, number]))
    context = {"sections": sections}
    return render(request, "sitemaps/index.xml", context, content_type=XML)


def sitemap_section(request, kind, number):
    """The published records of `kind` whose ids are in the section's range."""
    if kind not in RECORDS or number < 1:
        raise Http404
    first = (number - 1) * SECTION_SIZE + 1
    model = RECORDS[kind]
    rows = (
        model.objects.published()
        .filter(pk__gte=first, pk__lt=first + SECTION_SIZE)
        .order_by("pk")
        .values_list("pk", "slug", "updated_at")
    )
    base, (view, with_id) = escape(site(request)), DETAILS[kind]
    address = addresses_of(view, 2 if with_id else 1)
    return urlset(
        (base + (address(pk, slug) if with_id else address(slug)), updated_at)
        for pk, slug, updated_at in rows
    )


def urlset(urls):
    """The sitemap of `urls`, (address, last changed or None) pairs."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for address, changed in urls:
        lastmod = f"<lastmod>{changed.isoformat(timespec='seconds')}</lastmod>" if changed else ""
        lines.append(f"<url><loc>{address}</loc>{lastmod}</url>\n")
    lines.append("</urlset>\n")
    return HttpResponse("".join(lines), content_type=XML)


def sitemap_hubs(request):
    """The lists, the data page and the hubs of countries, forums and themes with records."""
    base = site(request)
    pages = [
        "statements:home",
        "statements:data",
        *(f"statements:{name[:-1]}_list" for name in RECORDS),
    ]
    base = escape(base)
    urls = [(base + reverse(name), None) for name in pages]
    said = Statement.objects.published().filter(country=OuterRef("pk"))
    bound = AgreementCountry.objects.filter(
        country=OuterRef("pk"), agreement__in=Agreement.objects.published()
    )
    countries = Country.objects.filter(Exists(said) | Exists(bound)).order_by("code")
    for hub in [
        *countries,
        *Forum.objects.published().order_by("pk"),
        *Theme.objects.published().order_by("pk"),
    ]:
        urls.append((base + hub.get_absolute_url(), getattr(hub, "updated_at", None)))
    return urlset(urls)


def robots(request):
    lines = [
        "User-agent: *",
        # Every record is in the sitemap: the endless combinations of filters and the
        # exports of whole lists are not for crawlers, nor is the API (the same records).
        "Disallow: /*?",
        "Disallow: /*/export.",
        "Disallow: /api/v1/",
        "",
        f"Sitemap: {site(request)}{reverse('statements:sitemap_index')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
