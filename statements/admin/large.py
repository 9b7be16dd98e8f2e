"""The admin lists of the tables that grow to a million rows: statements and agreements.

Django's admin counts every row of a list and searches with LIKE '%word%' on each field,
which over a million statements takes seconds a page. These lists count up to COUNT_LIMIT,
as the public pages do, and search with the site's full-text search and its index.
"""

import datetime

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from ..counts import cached
from ..listing import COUNT_LIMIT
from ..models import Statement
from ..search import Matches, SearchQuery, SearchQueryError
from ..validators import language_choices


class BoundedPaginator(Paginator):
    """Counts at most one row more than COUNT_LIMIT: past that, the pages stop there."""

    @cached_property
    def count(self):
        return self.object_list.order_by()[: COUNT_LIMIT + 1].count()


class LargeListAdmin(admin.ModelAdmin):
    paginator = BoundedPaginator
    show_full_result_count = False
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


def year_filter(model, field):
    """A filter by the year of `field`, instead of a date hierarchy: the hierarchy reads the
    year of every row of the list on each page (5 s for a word in half the statements)."""
    key = f"admin:{model._meta.model_name} years of {field}"

    def years():
        return [day.year for day in model.objects.dates(field, "year")]

    class YearFilter(admin.SimpleListFilter):
        title = f"year ({model._meta.get_field(field).verbose_name})"
        parameter_name = f"{field}_year"

        def lookups(self, request, model_admin):
            return [(str(year), str(year)) for year in reversed(cached({key: years})[key])]

        def queryset(self, request, queryset):
            value = self.value()
            if not value or not value.isdigit() or not 1 <= int(value) <= 9999:
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
