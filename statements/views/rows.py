"""What a row of a list shows, wherever such rows are listed: the lists, the records' and hubs'
pages, the feeds.

A statement's row is read as values, not as models: a page of fifty rows with their speaker,
country, forum and event took 11 ms to build as some 350 model instances, and 4 ms as values.
(A feed's entries, which show more, are `Statement.objects.for_listing()`.)"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..addresses import addresses_of
from ..dates import stored
from ..models import Actor, Agreement, AgreementParty, Country, Statement, Status
from ..querysets import all_but, long_texts, named_themes


@dataclass(slots=True)
class Linked:
    """A related record as a row names and links it."""

    name: str
    url: str
    slug: str = ""

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.url


@dataclass(slots=True)
class StatementRow:
    """A statement as its row shows it; its speaker, forum and event only when published."""

    pk: int
    title: str
    url: str
    date: str  # as typed, EDTF
    when: object  # a When, or None
    kind: str
    verification: str
    summary: str
    speaker_title: str
    speaker: Linked | None
    country: Linked | None
    forum: Linked | None
    event: Linked | None
    themes: list = field(default_factory=list)

    def get_absolute_url(self):
        return self.url

    def get_kind_display(self):
        return Statement.Kind(self.kind).label

    def get_verification_display(self):
        return Statement.Verification(self.verification).label


ROW_VALUES = (
    *("pk", "slug", "title", "date", "date_earliest", "date_latest", "kind", "verification"),
    *("summary", "speaker_title", "country_id", "country__name", "country__common_name"),
    *("speaker__slug", "speaker__name", "speaker__status"),
    *("forum__slug", "forum__name", "forum__acronym", "forum__status"),
    *("event__slug", "event__name", "event__status"),
)


def statement_rows(queryset):
    """The rows of the statements of `queryset` (which may be sliced), in its order: two
    queries, the statements with what names and links their speaker, country, forum and
    event, then their published themes."""
    # Each page's address pattern is looked up once for the rows (several hundred addresses).
    at = {page: addresses_of(f"statements:{page}_detail", 1) for page in LINKED_PAGES}
    at["statement"] = addresses_of("statements:statement_detail", 2)
    rows = [row_of(values, at) for values in queryset.values(*ROW_VALUES)]
    through = Statement.themes.through.objects.filter(
        statement__in=[row.pk for row in rows], theme__status=Status.PUBLISHED
    )
    by_pk = {row.pk: row for row in rows}
    for pk, slug, name in through.order_by("theme__name").values_list(
        "statement_id", "theme__slug", "theme__name"
    ):
        by_pk[pk].themes.append(Linked(name, at["theme"](slug), slug))
    return rows


LINKED_PAGES = ("actor", "country", "forum", "event", "theme")


def row_of(values, at):
    def published(name, label, page):
        if values[f"{name}__status"] != Status.PUBLISHED:
            return None
        slug = values[f"{name}__slug"]
        return Linked(label, at[page](slug), slug)

    code = values["country_id"]
    return StatementRow(
        pk=values["pk"],
        title=values["title"],
        url=at["statement"](values["pk"], values["slug"]),
        date=values["date"],
        when=stored(values["date"], values["date_earliest"], values["date_latest"]),
        kind=values["kind"],
        verification=values["verification"],
        summary=values["summary"],
        speaker_title=values["speaker_title"],
        speaker=published("speaker", values["speaker__name"], "actor"),
        country=Linked(
            values["country__common_name"] or values["country__name"],
            at["country"](code),
            code,
        )
        if code
        else None,
        forum=published("forum", values["forum__acronym"] or values["forum__name"], "forum"),
        event=published("event", values["event__name"], "event"),
    )


def agreement_rows(queryset):
    """Everything an agreement's row shows: of the agreement, all but the long texts it does
    not show; of its parties and themes, only what names and links them."""
    parties = AgreementParty.objects.select_related("country", "organisation").defer(
        *all_but(Country, "country__", ["name", "common_name"]),
        *all_but(Actor, "organisation__", ["slug", "name", "status"]),
    )
    return queryset.defer(*long_texts(Agreement, shown=["summary"])).prefetch_related(
        Prefetch("parties", queryset=parties), named_themes()
    )


def event_rows(queryset):
    return queryset.select_related("forum", "host_country")
