"""What the public may see, and the queries the lists share.

`published()` is the one definition of visibility. A published record that links to a
record still in draft or review keeps the link in the database but never shows it:
`published_or_none()` hides the related record, and the prefetches below keep only the
published rows of many-valued relations.
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


def may_end_on_or_after(name, day):
    """Records whose EDTF date `name` may stand for `day` or a later day (an open end is kept
    as the last day there is: see dates.NO_LATEST)."""
    return Q(**{f"{name}_latest__gte": day})


def may_start_on_or_before(name, day):
    """Records whose EDTF date `name` may stand for `day` or an earlier day."""
    return Q(**{f"{name}_earliest__lte": day})


def count_up_to(queryset, limit):
    """The rows of `queryset` counted up to one more than `limit`: an exact count over a
    million rows takes seconds, and past the limit a page says "more than"."""
    return queryset.order_by()[: limit + 1].count()


def dated_first(field, descending=True):
    """An order on a date that may be empty: the dated records in date order, then the undated,
    then by id. Written without NULLS LAST, which SQLite cannot put in an index, so that one
    index serves the order on both databases (see the agreements' indexes)."""
    undated = models.ExpressionWrapper(
        Q(**{f"{field}__isnull": True}), output_field=models.BooleanField()
    )
    if descending:
        return (undated.asc(), models.F(field).desc(), models.F("id").desc())
    return (undated.asc(), models.F(field).asc(), models.F("id").asc())


def published_or_none(record):
    """The related record if the public may see it, else None."""
    if record is None or record.status != Status.PUBLISHED:
        return None
    return record


class CuratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class TreeQuerySet(CuratedQuerySet):
    """Records with a `parent`: themes under themes, forums under forums."""

    def with_descendants(self, *roots):
        """The given records (instances, ids or slugs) and everything below them.

        Two queries whatever the depth: one reads the (small) tree of ids, the returned
        queryset reads the records.
        """
        parents = dict(self.model.objects.values_list("id", "parent_id"))
        slugs = {root for root in roots if isinstance(root, str)}
        found = set()
        if slugs:
            found = set(self.model.objects.filter(slug__in=slugs).values_list("id", flat=True))
        found |= {getattr(root, "pk", root) for root in roots if not isinstance(root, str)}
        children = {}
        for child, parent in parents.items():
            children.setdefault(parent, []).append(child)
        pending = list(found)
        while pending:
            for child in children.get(pending.pop(), ()):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return self.filter(id__in=found)

    def published_ids(self, *roots):
        """The ids of the published records among `roots` and those below them, as a list: a
        filter on a list of ids is estimated from the column's statistics, where a subquery
        would make PostgreSQL guess (and pick a plan that reads every tagged statement)."""
        return list(self.published().with_descendants(*roots).values_list("id", flat=True))


class ThemedQuerySet(CuratedQuerySet):
    """Records with `themes`."""

    def on_themes(self, *themes):
        """Records on any of these themes (instances or slugs) or on a theme under them."""
        theme_model = apps.get_model("statements", "Theme")
        tagged = self.model.themes.through.objects.filter(
            **{self.model._meta.model_name: OuterRef("pk")},
            theme__in=theme_model.objects.published_ids(*themes),
        )
        return self.filter(Exists(tagged))


class ForumQuerySetMixin:
    """Records with a `forum`."""

    def at_forums(self, *forums):
        """Records at any of these forums (instances or slugs) or at a forum under them."""
        forum_model = apps.get_model("statements", "Forum")
        return self.filter(forum__in=forum_model.objects.published_ids(*forums))


class EventQuerySet(ForumQuerySetMixin, CuratedQuerySet):
    pass


def long_texts(model, prefix="", shown=()):
    """For defer(): the names of the model's text fields but those `shown`, after `prefix`
    (a relation's name and "__"). A row is read whole otherwise, TOASTed values too."""
    return [
        prefix + field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and field.name not in shown
    ]


def all_but(model, prefix, shown):
    """For defer(): the names of the model's fields but its key and those `shown`, after
    `prefix`. A row that only names and links a related record need not read the rest."""
    return [
        prefix + field.name
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in shown
    ]


def named_themes():
    """The prefetch of a record's published themes, by name, with what names and links them."""
    themes = apps.get_model("statements", "Theme").objects.published()
    return models.Prefetch("themes", queryset=themes.order_by("name").only("slug", "name"))


class StatementQuerySet(ForumQuerySetMixin, ThemedQuerySet):
    def newest_first(self):
        return self.order_by("-date_earliest", "-id")

    def for_listing(self):
        """Statements as models with what names and links their relations, in a fixed number
        of queries: of the statement, all but the long texts; of its speaker, event, forum,
        country and themes, only what names and links them. For a feed's entries and, with
        its texts, a statement's page; a list's rows are read as values
        (views/rows.py:statement_rows)."""
        actor, country, event, forum = (
            apps.get_model("statements", name) for name in ("Actor", "Country", "Event", "Forum")
        )
        return (
            self.select_related("speaker", "event", "forum", "country")
            .defer(
                *long_texts(self.model, shown=["summary"]),
                *all_but(actor, "speaker__", ["slug", "name", "status"]),
                *all_but(event, "event__", ["slug", "name", "status"]),
                *all_but(forum, "forum__", ["slug", "name", "acronym", "status"]),
                *all_but(country, "country__", ["name", "common_name"]),
            )
            .prefetch_related(named_themes())
        )

    def for_reading(self):
        """Everything a statement's own page shows: what its row shows, with every text
        (defer(None) reads them all again) but those only searched or only for curators, and
        the countries it mentions."""
        countries = apps.get_model("statements", "Country").objects.order_by("name")
        return (
            self.for_listing()
            .defer(None)
            .defer("search_document", "review_note")
            .prefetch_related(models.Prefetch("mentioned_countries", queryset=countries))
        )


class AgreementQuerySet(ThemedQuerySet):
    def with_parties_from(self, countries):
        """Agreements binding any of these countries, directly or through a published
        organisation (kept as AgreementCountry rows, see agreement_countries.py)."""
        bound = apps.get_model("statements", "AgreementCountry").objects.filter(
            agreement=OuterRef("pk"), country__in=countries
        )
        return self.filter(Exists(bound))

    def newest_first(self):
        return self.order_by(*dated_first("signed_on_earliest"))
