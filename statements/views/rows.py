"""What a row of the agreements' and events' lists shows, wherever such rows are listed: the
lists, the records' and hubs' pages, the feeds. (A statement's row is
`Statement.objects.for_listing()`.)"""

from django.db.models import Prefetch

from ..models import Actor, Agreement, AgreementParty, Event, Theme
from ..querysets import long_texts


def agreement_rows(queryset):
    """Everything an agreement's row shows, and not the long texts it does not show."""
    parties = AgreementParty.objects.select_related("country", "organisation").defer(
        *long_texts(Actor, "organisation__")
    )
    return (
        queryset.select_related("event", "signed_in")
        .defer(*long_texts(Agreement, shown=["summary"]), *long_texts(Event, "event__"))
        .prefetch_related(
            Prefetch("parties", queryset=parties),
            Prefetch("themes", queryset=Theme.objects.published().order_by("name")),
        )
    )


def event_rows(queryset):
    return queryset.select_related("forum", "host_country")
