"""Pages of a filtered list: bounded counts, page numbers without a total, active-filter chips."""

import re
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.http import urlencode

from .dates import When
from .filters import printable
from .search import SearchQuery

PAGE_SIZE = 50
COUNT_LIMIT = 10_000
# Counting the matches of a search reads each row's search vector: a tenth as many.
SEARCH_COUNT_LIMIT = 1_000


@dataclass
class Page:
    number: int
    rows: list
    has_next: bool
    count: int | None  # exact when at most count_limit, else None
    notices: list = field(default_factory=list)
    count_limit: int = COUNT_LIMIT

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def first_row(self):
        return (self.number - 1) * PAGE_SIZE + 1

    @property
    def last_row(self):
        return self.first_row + len(self.rows) - 1

    @property
    def last_number(self):
        if self.count is None:
            return None
        return max(1, -(-self.count // PAGE_SIZE))


def requested_page(request):
    """The page number asked for, and a notice when it was not a page number."""
    raw = request.GET.getlist("page")
    if not raw:
        return 1, []
    text = printable(raw[-1], [])
    if re.fullmatch(r"[0-9]{1,6}", text) and int(text) > 0:
        return int(text), []
    return 1, [("page", "is not a page number; showing the first page")]


def paginate(request, filterset, prepare):
    """The requested page of the filterset's rows, counting at most one row more than the
    count limit (smaller for a search)."""
    number, notices = requested_page(request)
    limit = SEARCH_COUNT_LIMIT if filterset.search_query else COUNT_LIMIT
    count = filterset.count_up_to(limit)
    last = max(1, -(-count // PAGE_SIZE)) if count is not None else None
    if last is not None and number > last:
        notices.append(("page", f"page {number} is past the end; showing the last page, {last}"))
        number = last
    number, deepest = within_reach(filterset, number)
    rows = read_page(filterset, prepare, number)
    if not rows and number > 1:
        notices.append(("page", f"page {number} is past the end; showing the first page"))
        number, rows = 1, read_page(filterset, prepare, 1)
    has_next = len(rows) > PAGE_SIZE and number != deepest
    return Page(number, rows[:PAGE_SIZE], has_next, count, notices, limit)


def within_reach(filterset, number):
    """The page to show for page `number`, and the deepest page a search reaches in time
    (None: any), which the filterset's bounds state when the page is that one or past it."""
    reach = filterset.rows_in_reach()
    if reach is None or (number + 1) * PAGE_SIZE <= reach:
        return number, None
    deepest = max(1, reach // PAGE_SIZE)
    noun = filterset.queryset.model._meta.verbose_name_plural
    shown = f"showing page {deepest}, " if number > deepest else "this is page "
    filterset.bounds.append(
        (
            "page",
            f"its words are in so many {noun} that pages past {deepest} would take seconds to "
            f"find: {shown}the deepest in reach; narrow the search, or download every match",
        )
    )
    return min(number, deepest), deepest


def read_page(filterset, prepare, number):
    """The rows of page `number`, and one more to tell whether there is a next page.

    The page's ids are found first, on the indexes alone, and only those rows are read:
    skipping the rows of earlier pages then costs index entries, not whole rows.
    """
    ids = page_ids(filterset, (number - 1) * PAGE_SIZE, PAGE_SIZE + 1)
    rows = prepare(filterset.queryset.model._default_manager.filter(pk__in=ids))
    position = {pk: index for index, pk in enumerate(ids)}
    return sorted(rows, key=lambda row: position[row.pk])


def page_ids(filterset, start, wanted):
    """The ids of `wanted` rows from row `start` of the filterset's parts read one after the
    other."""
    ids, parts = [], filterset.parts()
    for index, part in enumerate(parts):
        found = filterset.read_ids(index, start, start + wanted - len(ids))
        ids += found
        if len(ids) == wanted or index == len(parts) - 1:
            break
        # The next part takes over where this one ends.
        start = 0 if found else start - part.order_by().count()
    return ids


def query_string(params, **changes):
    """The query string of `params` (a QueryDict) with some parameters replaced or removed."""
    data = params.copy()
    for name, value in changes.items():
        data.pop(name, None)
        if value is not None:
            data.setlist(name, value if isinstance(value, list) else [value])
    encoded = urlencode(sorted(data.lists()), doseq=True)
    return f"?{encoded}" if encoded else "?"


@dataclass
class Chip:
    name: str
    label: str
    remove_url: str


def describe(value):
    if isinstance(value, When):
        return value.edtf
    if isinstance(value, SearchQuery):
        return None
    return str(value)


def key_of(value):
    return getattr(value, "slug", None) or getattr(value, "code", None) or str(value)


def active_filter_chips(params, filterset):
    """A chip for each value of each applied filter, with the URL that removes just it."""
    chips = []
    cleaned = filterset.form.cleaned_data
    labels = {name: each.label for name, each in filterset.filters.items() if name != "sort"}
    for name, label in labels.items():
        values = cleaned.get(name)
        if values in (None, [], ""):
            continue
        if name == "q":
            text = params.getlist("q")[-1]
            chips.append(Chip(name, f"{label}: {text}", query_string(params, q=None, page=None)))
            continue
        if not isinstance(values, list):
            chips.append(
                Chip(
                    name,
                    f"{label}: {describe(values)}",
                    query_string(params, **{name: None}, page=None),
                )
            )
            continue
        normalise = filterset.form.fields[name].normalise
        for value in values:
            keep = [raw for raw in params.getlist(name) if normalise(raw.strip()) != key_of(value)]
            chips.append(
                Chip(
                    name,
                    f"{label}: {value_label(filterset, name, value)}",
                    query_string(params, **{name: keep or None}, page=None),
                )
            )
    return chips


def value_label(filterset, name, value):
    choices = getattr(filterset, "choice_labels", {}).get(name)
    if choices:
        return choices.get(value, value)
    return str(value)


def without_empty(params):
    """`params` (a QueryDict) without the parameters that say nothing: those a form submits
    empty. A view's URL is then the one to share."""
    kept = QueryDict(mutable=True)
    for name, values in params.lists():
        values = [value for value in values if value.strip()]
        if values:
            kept.setlist(name, values)
    return kept
