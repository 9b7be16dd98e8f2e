"""The admin lists of the tables that grow to a million rows: statements and agreements.

Django's admin counts every row of a list and searches with LIKE '%word%' on each field,
which over a million statements takes seconds a page. These lists count up to COUNT_LIMIT,
as the public pages do, and search with the site's full-text search and its index.
"""

import datetime
import re

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property

from ..counts import cached
from ..dates import NO_EARLIEST
from ..listing import COUNT_LIMIT
from ..models import Country, Statement
from ..querysets import count_up_to
from ..search import Matches, SearchQuery, SearchQueryError
from ..validators import language_choices


class BoundedPaginator(Paginator):
    """Counts at most one row more than COUNT_LIMIT: past that, the pages stop there."""

    @cached_property
    def count(self):
        return count_up_to(self.object_list, COUNT_LIMIT)


class LargeListAdmin(admin.ModelAdmin):
    paginator = BoundedPaginator
    count_limit = COUNT_LIMIT  # for the paginator's template
    show_full_result_count = False
    # Facets count every choice of every filter over the whole list.
    show_facets = admin.ShowFacets.NEVER
    search_help_text = (
        'Words as the public search reads them: "a phrase", or, -word. Drafts are found too.'
    )

    def get_search_results(self, request, queryset, search_term):
        """Records matching the words as the public search reads them (stems, phrases, or,
        -word), whatever their status; a search with no word to look for finds nothing."""
        if not search_term.strip():
            return queryset, False
        try:
            query = SearchQuery.parse(search_term)
        except SearchQueryError as error:
            messages.warning(request, f"The search {error}.")
            return queryset.none(), False
        return queryset.filter(Matches(query)), False

    def response_action(self, request, queryset):
        """An action on "all" the records of a list past the count limit is refused: it
        would load and save each of up to a million records in one request."""
        across = request.POST.get("select_across") == "1"
        if across and count_up_to(queryset, COUNT_LIMIT) > COUNT_LIMIT:
            self.message_user(
                request,
                f"An action applies to at most {COUNT_LIMIT:,} records at once, and more than "
                "that match: filter or search to narrow the list first.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and changelist.result_count > COUNT_LIMIT:
            messages.info(
                request,
                f"More than {COUNT_LIMIT:,} records match: the count and the pages stop there. "
                "Filter or search to narrow the list.",
            )
        return response


def year_filter(model, name):
    """A filter by the year of the EDTF date `name` (of its earliest day), instead of a date
    hierarchy: the hierarchy reads the year of every row of the list on each page (5 s for a
    word in half the statements). The years offered run from the first to the last, read
    from the ends of the index of its earliest days."""
    field = f"{name}_earliest"

    class YearFilter(admin.SimpleListFilter):
        title = f"year ({model._meta.get_field(name).verbose_name})"
        parameter_name = f"{name}_year"

        def lookups(self, request, model_admin):
            dated = model.objects.exclude(**{field: NO_EARLIEST}).exclude(**{field: None})
            span = dated.aggregate(first=Min(field), last=Max(field))
            if span["first"] is None:
                return []
            years = range(span["last"].year, span["first"].year - 1, -1)
            return [(str(year), str(year)) for year in years]

        def queryset(self, request, queryset):
            value = self.value()
            if value is None:
                return queryset
            if not re.fullmatch(r"[0-9]{4}", value):
                messages.warning(request, "The year to filter by was not a year: not applied.")
                return queryset
            year = int(value)
            span = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
            return queryset.filter(**{f"{field}__range": span})

    return YearFilter


class LanguageFilter(admin.SimpleListFilter):
    """The languages statements are in, read from the kept counts: finding them anew reads
    every statement."""

    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        names = dict(language_choices())
        codes = cached({"admin:statement languages": recorded_languages})
        return [(code, names.get(code, code)) for code in codes["admin:statement languages"]]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


def recorded_languages():
    languages = Statement.objects.exclude(language="").order_by("language")
    return list(languages.values_list("language", flat=True).distinct())


class CountryFilter(admin.SimpleListFilter):
    """The countries statements are recorded for, not all 249, read from the kept counts;
    shown folded, as the longest list of the sidebar."""

    title = "country"
    parameter_name = "country"
    template = "admin/statements/folded_filter.html"

    def lookups(self, request, model_admin):
        codes = cached({"admin:statement countries": recorded_countries})
        names = {country.pk: str(country) for country in Country.objects.all()}
        found = codes["admin:statement countries"]
        return sorted(((code, names[code]) for code in found if code in names), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


def recorded_countries():
    countries = Statement.objects.exclude(country=None).order_by("country")
    return list(countries.values_list("country", flat=True).distinct())
