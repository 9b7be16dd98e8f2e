"""The filters of the public lists: one FilterSet per list serves its page, its exports and
any API, so a URL means the same rows wherever it is used.

Bad input is the user's mistake. Every field here is lenient: it keeps what it can use and
records a warning for the rest (an unknown country code among known ones, a long query cut
short), and a value it cannot use at all is a form error. `notices()` turns both, and any
parameter the list does not know, into sentences for the page; the valid filters still apply.
"""

import re
import unicodedata

import django_filters
from django import forms
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q

from .dates import PLAIN as PLAIN_DATE
from .dates import plain_date
from .keyset import key_of, reversed_order, rows_after, rows_before
from .models import SLUG_LENGTH, Actor, Agreement, Country, Event, Forum, Statement, Theme
from .querysets import count_up_to, dated_first, may_end_on_or_after, may_start_on_or_before
from .search import (
    MAX_QUERY_LENGTH,
    PHRASE_CHECK_LIMIT,
    Matches,
    Relevance,
    SearchQuery,
    SearchQueryError,
    expected_rows,
    matches_in_order,
    rows_in_reach,
)
from .validators import language_choices, language_codes

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SHOWN_VALUE_LENGTH = 40


def shown(value):
    """A value as a notice may quote it: short, on one line (the template escapes it)."""
    value = " ".join(value.split())
    return value if len(value) <= SHOWN_VALUE_LENGTH else value[: SHOWN_VALUE_LENGTH - 1] + "…"


def printable(value, warnings):
    cleaned = CONTROL_CHARACTERS.sub("", unicodedata.normalize("NFC", value)).strip()
    if cleaned != value.strip():
        warnings.append("control characters were removed")
    return cleaned


class LenientField(forms.Field):
    """A field that can warn about what it left out, besides failing outright; a filter that
    is not given is not applied."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        self.warnings = []
        return super().clean(value)


class KeyField(LenientField):
    """Several keys (codes, slugs, choices): the known ones are kept, the others reported."""

    widget = forms.SelectMultiple

    def __init__(self, *, resolve, noun, normalise=str.lower, item=None, **kwargs):
        super().__init__(**kwargs)
        self.resolve, self.noun, self.normalise = resolve, noun, normalise
        self.item = item or {"type": "string"}  # one value, as JSON Schema (openapi.py)

    def to_python(self, value):
        if value in (None, "", []):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        keys = []
        for raw in values:
            key = self.normalise(printable(str(raw), self.warnings))
            if key and key not in keys:
                keys.append(key)
        found = self.resolve(keys) if keys else {}
        unknown = [shown(key) for key in keys if key not in found]
        if unknown:
            plural = "s" if len(unknown) > 1 else ""
            self.warnings.append(f"unknown {self.noun}{plural}: {', '.join(unknown)}")
        return [found[key] for key in keys if key in found]


class DayMonthOrYearField(LenientField):
    widget = forms.TextInput
    item = {"type": "string", "pattern": f"^{PLAIN_DATE.pattern}$", "examples": ["2025-04"]}

    def to_python(self, value):
        if isinstance(value, list):
            value = value[-1] if value else ""
        text = printable(value or "", self.warnings)
        if not text:
            return None
        try:
            return plain_date(text)
        except ValueError:
            raise forms.ValidationError(
                f"“{shown(text)}” is not a date; write YYYY-MM-DD, YYYY-MM or YYYY"
            ) from None


class SearchField(LenientField):
    widget = forms.TextInput
    item = {
        "type": "string",
        "maxLength": MAX_QUERY_LENGTH,
        "examples": ['"digital cooperation" -satellite'],
    }

    def to_python(self, value):
        if isinstance(value, list):
            value = " ".join(value)
        text = printable(value or "", self.warnings)
        if not text:
            return None
        if len(text) > MAX_QUERY_LENGTH:
            self.warnings.append(
                f"only the first {MAX_QUERY_LENGTH} of its {len(text):,} characters were searched"
            )
            text = text[:MAX_QUERY_LENGTH]
        if "<" in text or ">" in text:
            self.warnings.append("markup is not searched, only the words in it")
        try:
            return SearchQuery.parse(text)
        except SearchQueryError as error:
            raise forms.ValidationError(f"the search {error}") from None


class KeyFilter(django_filters.Filter):
    field_class = KeyField


class DayMonthOrYearFilter(django_filters.Filter):
    field_class = DayMonthOrYearField


class SearchFilter(django_filters.Filter):
    field_class = SearchField


class FilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start.earliest > end.latest:
            message = f"date_from ({start.iso}) is after date_to ({end.iso})"
            self.add_error("date_from", message)
            self.add_error("date_to", message)
        return cleaned


def countries(keys):
    return {country.code: country for country in Country.objects.filter(code__in=keys)}


def published(model):
    def resolve(keys):
        return {record.slug: record for record in model.objects.published().filter(slug__in=keys)}

    return resolve


def choices_of(choices):
    keys = {key for key, _ in choices}
    return lambda values: {value: value for value in values if value in keys}


def languages(keys):
    return {key: key for key in keys if key in language_codes()}


def country_filter(**kwargs):
    kwargs.setdefault("help_text", "ISO 3166-1 alpha-2 code of its country; any of several")
    item = {"type": "string", "pattern": "^[A-Za-z]{2}$", "examples": ["IR"]}
    return KeyFilter(
        resolve=countries, noun="country code", normalise=str.upper, item=item, **kwargs
    )


class PublicFilterSet(django_filters.FilterSet):
    """What every public list shares: q, sort, and the notices."""

    q = SearchFilter(
        method="filter_q",
        label="Search",
        help_text="Words to find, all of them: a phrase in quotes, “or” between alternatives, "
        "-word to leave out (see the search help on the list pages)",
    )
    # Sorting is applied last, by `sorted()`; its field only validates the choice.
    sort = KeyFilter(
        resolve=dict,
        noun="sort",
        normalise=str.strip,
        method="keep",
        help_text="The order: a key, or -key for the reverse; relevance needs a search",
    )

    # Parameters that are not filters but belong to the page.
    page_parameters = {"page"}
    sorts = {}  # sort key → ordering
    default_sort = "-date"
    # Sorted by relevance, at most this many matches are ranked: the newest (see `parts()`).
    ranked_matches = 1_000
    date_field = None  # the EDTF date that date_from and date_to filter on

    class Meta:
        form = FilterForm
        fields = []

    def __init__(self, data=None, queryset=None, bounded=False, **kwargs):
        """`bounded`: a search too costly to run exactly on a page is run within a stated
        bound (see filter_q), which `bounds` then states; files and feeds run it exactly."""
        super().__init__(data, queryset=queryset, **kwargs)
        self.form.fields["sort"].resolve = choices_of(
            [(key, key) for key in [*self.sorts, "relevance"]]
        )
        self.bounded = bounded
        self.bounds = []

    def keep(self, queryset, name, value):
        return queryset

    def filter_q(self, queryset, name, query):
        """The rows matching the search. On a page, a phrase whose words stand together in so
        many rows that checking each for the phrase would take seconds (PostgreSQL reads
        each row's search data to check the words' positions) is searched as its words."""
        if self.bounded and query.phrases and checking_phrases_is_costly(queryset, query):
            phrases = ", ".join(f"“{' '.join(term.words)}”" for term in query.phrases)
            self.bounds.append(
                (
                    "q",
                    f"{phrases} {'is' if len(query.phrases) == 1 else 'are'} in too many "
                    f"{self.queryset.model._meta.verbose_name_plural} to check word by word "
                    "in time: showing those with all the words, wherever they stand (the "
                    "downloads hold the exact phrase)",
                )
            )
            return queryset.filter(Matches(query.words_only()))
        return queryset.filter(Matches(query))

    def filter_date_from(self, queryset, name, when):
        """Records whose date may fall on the range's first day or later: a date known to a
        month or a year, uncertain, or an interval counts when it overlaps the range."""
        return queryset.filter(may_end_on_or_after(self.date_field, when.earliest))

    def filter_date_to(self, queryset, name, when):
        return queryset.filter(may_start_on_or_before(self.date_field, when.latest))

    @property
    def search_query(self):
        self.errors  # noqa: B018 (validates the form)
        return self.form.cleaned_data.get("q")

    def sort_key(self):
        chosen = (self.form.cleaned_data.get("sort") or [None])[-1]
        if chosen == "relevance" and not self.form.cleaned_data.get("q"):
            return self.default_sort
        if chosen:
            return chosen
        return "relevance" if self.form.cleaned_data.get("q") else self.default_sort

    def filtered(self):
        """The matching rows, unordered: for counting. Built once: theme and forum filters
        read the ids under the chosen ones."""
        if not hasattr(self, "_filtered"):
            self.errors  # noqa: B018 (validates the form)
            self._filtered = self.filter_queryset(self.queryset.all())
        return self._filtered

    def count_up_to(self, limit):
        """The number of matching rows when it is at most `limit`, else None; counted once.
        A search counts up to `ranked_matches` the newest matches, read to be ranked."""
        if not hasattr(self, "_counts"):
            self._counts = {}
        counts = self._counts
        for known, found in list(counts.items()):
            # A count made up to one limit may answer for another.
            if found is not None or known >= limit:
                counts.setdefault(limit, found if found is not None and found <= limit else None)
        if limit not in counts:
            if self.search_query and limit <= self.ranked_matches:
                found = len(self.newest_matches())
            else:
                found = count_up_to(self.filtered(), limit)
            counts[limit] = found if found <= limit else None
        return counts[limit]

    def rows_in_reach(self):
        """How many rows of a search a page may reach (None: all of them); files and feeds
        reach every row."""
        if not (self.bounded and self.search_query):
            return None
        return rows_in_reach(self.search_query, self.filtered(), self.queryset)

    def newest_matches(self):
        """The ids of the first `ranked_matches` rows in the list's default order (the newest,
        or for actors the first by name), and of one more if there are more. Sorted by
        relevance, each is ranked as it is found (`_relevance`)."""
        if not hasattr(self, "_newest"):
            order = self.sorts[self.default_sort]
            ranked = self.sort_key() == "relevance"
            found = matches_in_order(
                self.search_query,
                self.filtered(),
                self.queryset,
                order,
                0,
                self.ranked_matches + 1,
                ranked=ranked,
            )
            self._newest = [pk for pk, _ in found] if ranked else found
            self._relevance = dict(found) if ranked else None
        return self._newest

    @property
    def qs(self):
        """The list as one queryset; sorted by relevance, a list is read in parts (`parts()`),
        two of them when there are more matches than are ranked."""
        self.errors  # noqa: B018 (validates the form)
        if self.sort_key() == "relevance":
            raise ValueError("A list sorted by relevance is read in parts; use parts().")
        return self.parts()[0]

    def ranks_only_the_newest(self, count):
        """Whether relevance leaves some of `count` matches unranked (None: too many to count)."""
        return self.sort_key() == "relevance" and (count is None or count > self.ranked_matches)

    def parts(self):
        """The list, in order, as querysets to read one after the other.

        Ranking every match of a common word is slow (ts_rank over ~470,000 rows takes
        seconds), so relevance ranks only the newest `ranked_matches` and the older ones
        follow, newest first, from the first of them on (keyset.py). The ids of the newest
        are read once, and also tell whether there are more matches than are ranked.
        """
        if not hasattr(self, "_parts"):
            self._parts, self._scopes = self.ordered_parts()
        return self._parts

    def ordered_parts(self):
        """The parts, and for each part of a search the rows it is a search within and their
        order, for read_ids."""
        queryset = self.filtered()
        key = self.sort_key()
        searched = self.search_query
        if key != "relevance":
            order = self.sorts[key]
            return [queryset.order_by(*order)], [(self.queryset, order) if searched else None]
        order = self.sorts[self.default_sort]
        ranked_ids = self.newest_matches()[: self.ranked_matches]
        # As the ranked queryset orders them (best first, then in `order`, as they were
        # found), for pages to read without asking again.
        relevance = self._relevance
        self._ranking = sorted(
            ranked_ids, key=lambda pk: (relevance[pk] is None, -(relevance[pk] or 0))
        )
        # The ids are those of matching published rows: the filters need not be tested again.
        ranked = (
            self.queryset.filter(pk__in=ranked_ids)
            .annotate(relevance=Relevance(searched))
            .order_by(F("relevance").desc(nulls_last=True), *order)
        )
        if self.count_up_to(self.ranked_matches) is not None:
            return [ranked], [None]
        # The newest matches are those ranked and one more, the first of the rest.
        first_unranked = self.newest_matches()[self.ranked_matches]
        key = key_of(self.queryset.model, order, first_unranked)
        rest = rows_after(queryset, order, key, including=True)
        within = rows_after(self.queryset, order, key, including=True)
        return [ranked, *rest], [None, *((each, order) for each in within)]

    def read_ids(self, index, start, stop):
        """The ids of rows `start` to `stop` of the part `index` of the list: a search's as
        search.matches_in_order finds them."""
        part = self.parts()[index]
        if index == 0 and self.sort_key() == "relevance":
            return self._ranking[start:stop]
        if self._scopes[index] is None:
            return list(part.values_list("pk", flat=True)[start:stop])
        everything, order = self._scopes[index]
        return matches_in_order(self.search_query, part, everything, order, start, stop)

    def part_order(self, index):
        """The order of part `index`: None for the ranked matches, ordered by relevance."""
        key = self.sort_key()
        if key != "relevance":
            return self.sorts[key]
        return None if index == 0 else self.sorts[self.default_sort]

    def read_ids_beside(self, index, key, wanted, backwards=False):
        """The ids of up to `wanted` rows of the part `index` (not the ranked one) after the
        row whose order columns hold `key` (from the start when None), or, `backwards`,
        before it (from the end when None), nearest first: keyset paging, which costs the
        same at any depth."""
        self.parts()
        part, scope, order = self._parts[index], self._scopes[index], self.part_order(index)
        read_in = reversed_order(order) if backwards else order
        if key is None:
            pieces = [part.order_by(*read_in)]
            scopes = [scope and scope[0]]
        else:
            beside = rows_before if backwards else rows_after
            pieces = beside(part, order, key)
            scopes = beside(scope[0], order, key) if scope else [None] * len(pieces)
        ids = []
        for piece, everything in zip(pieces, scopes, strict=True):
            if len(ids) == wanted:
                break
            stop = wanted - len(ids)
            if everything is None:
                ids += piece.values_list("pk", flat=True)[:stop]
            else:
                ids += matches_in_order(self.search_query, piece, everything, read_in, 0, stop)
        return ids

    def notices(self):
        """Sentences naming each parameter that was wrong and what was done about it."""
        self.errors  # noqa: B018 (validates the form)
        notices = []
        for name, field in self.form.fields.items():
            for warning in getattr(field, "warnings", []):
                notices.append((name, warning))
            for error in self.form.errors.get(name, []):
                notices.append((name, f"{error}; this filter was not applied"))
        chosen = self.form.cleaned_data.get("sort") or []
        if "relevance" in chosen and not self.form.cleaned_data.get("q"):
            notices.append(
                ("sort", f"relevance needs a search (q); sorted by {self.default_sort} instead")
            )
        for name in self.data:
            if name not in self.filters and name not in self.page_parameters:
                notices.append((shown(name), "is not a filter of this list and was ignored"))
        return notices


def checking_phrases_is_costly(queryset, query):
    """Whether PostgreSQL expects more than PHRASE_CHECK_LIMIT rows of `queryset` to hold all
    the words of `query`'s phrases: each would be read to check the phrase. SQLite's index
    holds the words' positions, and checks a phrase at no such cost."""
    if connections[queryset.db].vendor != "postgresql":
        return False
    return expected_rows(queryset.filter(Matches(query.words_only()))) > PHRASE_CHECK_LIMIT


def newest_first(model, field):
    """The date sorts, undated records last. The orderings must match the models' indexes
    exactly (an index on `date DESC` does not serve `ORDER BY date DESC NULLS LAST`)."""
    if not model._meta.get_field(field).null:
        return {"-date": (f"-{field}", "-id"), "date": (field, "id")}
    return {"-date": dated_first(field), "date": dated_first(field, descending=False)}


def date_from_filter():
    return DayMonthOrYearFilter(
        method="filter_date_from",
        label="From",
        help_text="Only those that may be dated on or after this day, month or year "
        "(YYYY-MM-DD, YYYY-MM or YYYY): a date known to the month or the year counts when it "
        "overlaps",
    )


def date_to_filter():
    return DayMonthOrYearFilter(
        method="filter_date_to",
        label="To",
        help_text="Only those that may be dated on or before this day, month or year",
    )


def record_filter(model, label, **kwargs):
    """Published records of `model`, by slug; on the field of the same name unless a method
    says otherwise."""
    noun = model._meta.verbose_name
    kwargs.setdefault("lookup_expr", "in")
    kwargs.setdefault("help_text", f"The {noun}'s slug, as in its page's address; any of several")
    item = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$", "maxLength": SLUG_LENGTH}
    return KeyFilter(resolve=published(model), noun=noun, label=label, item=item, **kwargs)


def choice_filter(choices, label, **kwargs):
    """Values among `choices`, on the field of the same name unless `field_name` says."""
    noun = label.lower()
    kwargs.setdefault("help_text", f"{label}: any of several")
    item = {"type": "string", "enum": [key for key, _ in choices]}
    return KeyFilter(
        resolve=choices_of(choices), noun=noun, label=label, lookup_expr="in", item=item, **kwargs
    )


class StatementFilterSet(PublicFilterSet):
    country = country_filter(label="Country", lookup_expr="in")
    mentions = country_filter(
        method="filter_mentions",
        label="Mentions country",
        help_text="ISO 3166-1 alpha-2 code of a country it mentions; any of several",
    )
    forum = record_filter(Forum, "Forum", method="filter_forum")
    theme = record_filter(Theme, "Theme", method="filter_theme")
    actor = record_filter(
        Actor,
        "Actor",
        method="filter_actor",
        help_text="The slug of its speaker, or of the organisation it was made on behalf of",
    )
    event = record_filter(Event, "Event")
    kind = choice_filter(Statement.Kind.choices, "Kind")
    verification = choice_filter(Statement.Verification.choices, "How its words are known")
    language = KeyFilter(
        resolve=languages,
        noun="language",
        label="Language",
        lookup_expr="in",
        item={"type": "string", "enum": sorted(language_codes())},
        help_text="ISO 639-1 code of its language; any of several",
    )
    date_from = date_from_filter()
    date_to = date_to_filter()

    sorts = {
        **newest_first(Statement, "date_earliest"),
        "title": ("title", "id"),
        "-title": ("-title", "-id"),
    }
    date_field = "date"
    choice_labels = {
        "kind": dict(Statement.Kind.choices),
        "verification": dict(Statement.Verification.choices),
        "language": dict(language_choices()),
    }

    class Meta(PublicFilterSet.Meta):
        model = Statement

    def filter_mentions(self, queryset, name, countries):
        mentions = Statement.mentioned_countries.through.objects.filter(
            statement=OuterRef("pk"), country__in=countries
        )
        return queryset.filter(Exists(mentions))

    def filter_forum(self, queryset, name, forums):
        return queryset.at_forums(*forums)

    def filter_theme(self, queryset, name, themes):
        return queryset.on_themes(*themes)

    def filter_actor(self, queryset, name, actors):
        return queryset.filter(Q(speaker__in=actors) | Q(on_behalf_of_actor__in=actors))


class AgreementFilterSet(PublicFilterSet):
    country = country_filter(method="filter_country", label="Country")
    theme = record_filter(Theme, "Theme", method="filter_theme")
    kind = choice_filter(Agreement.Kind.choices, "Kind")
    status = choice_filter(
        Agreement.AgreementStatus.choices, "Status", field_name="agreement_status"
    )
    event = record_filter(Event, "Event")
    date_from = date_from_filter()
    date_to = date_to_filter()

    sorts = {
        **newest_first(Agreement, "signed_on_earliest"),
        "title": ("title", "id"),
        "-title": ("-title", "-id"),
    }
    date_field = "signed_on"
    choice_labels = {
        "kind": dict(Agreement.Kind.choices),
        "status": dict(Agreement.AgreementStatus.choices),
    }

    class Meta(PublicFilterSet.Meta):
        model = Agreement

    def filter_country(self, queryset, name, countries):
        return queryset.with_parties_from(countries)

    def filter_theme(self, queryset, name, themes):
        return queryset.on_themes(*themes)


class EventFilterSet(PublicFilterSet):
    forum = record_filter(Forum, "Forum", method="filter_forum")
    country = country_filter(method="filter_country", label="Country (host or participant)")
    date_from = date_from_filter()
    date_to = date_to_filter()

    sorts = {
        **newest_first(Event, "start_date_earliest"),
        "name": ("name", "id"),
        "-name": ("-name", "-id"),
        "title": ("name", "id"),
        "-title": ("-name", "-id"),
    }
    date_field = "start_date"

    class Meta(PublicFilterSet.Meta):
        model = Event

    def filter_forum(self, queryset, name, forums):
        return queryset.at_forums(*forums)

    def filter_country(self, queryset, name, countries):
        attended = Event.participating_countries.through.objects.filter(
            event=OuterRef("pk"), country__in=countries
        )
        return queryset.filter(Q(host_country__in=countries) | Exists(attended))

    def filter_date_from(self, queryset, name, when):
        """Events overlapping the range: those ending (or, without an end, starting) after it."""
        without_end = Q(end_date="") & may_end_on_or_after("start_date", when.earliest)
        with_end = ~Q(end_date="") & may_end_on_or_after("end_date", when.earliest)
        return queryset.filter(without_end | with_end)


class ActorFilterSet(PublicFilterSet):
    country = country_filter(label="Country", lookup_expr="in")
    kind = choice_filter(Actor.Kind.choices, "Kind")

    sorts = {
        "name": ("name", "id"),
        "-name": ("-name", "-id"),
        "title": ("name", "id"),
        "-title": ("-name", "-id"),
    }
    default_sort = "name"
    choice_labels = {"kind": dict(Actor.Kind.choices)}

    class Meta(PublicFilterSet.Meta):
        model = Actor
