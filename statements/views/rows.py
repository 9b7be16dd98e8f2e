"""What a row of the agreements' and events' lists shows, wherever such rows are listed: the
lists, the records' and hubs' pages, the feeds. (A statement's row is
`Statement.objects.for_listing()`.)"""

from django.db.models import Prefetch

from ..models import Actor, Agreement, AgreementParty, Country
from ..querysets import all_but, long_texts, named_themes


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
