"""The records of Demarche: who said and signed what about technology, where and when.

Every record but Country is curated: it has a status (draft, in review, published),
timestamps and, for records that state facts, the sources the facts come from. Only
published records are seen outside the admin (see querysets.py).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .addresses import address
from .dates import HELP as EDTF_HELP
from .dates import NO_EARLIEST, Period, When, kept_days, stored
from .querysets import (
    AgreementQuerySet,
    CuratedQuerySet,
    EventQuerySet,
    StatementQuerySet,
    Status,
    TreeQuerySet,
    dated_first,
    published_or_none,
)
from .validators import validate_edtf, validate_language_code, validate_wikidata_id

SLUG_LENGTH = 100


def published_index(name, *fields):
    """An index of the published records only, in the order a public list reads them."""
    return models.Index(fields=list(fields), condition=PUBLISHED, name=name)


def meanings(choices):
    """A help text that says what each of the choices means."""
    return (
        "; ".join(f"{choice.label.capitalize()}: {meaning}" for choice, meaning in choices.items())
        + "."
    )


def change_reason_field():
    """Why a change was made, as a curator wrote it (a reason for sending back, for restoring,
    a file's path): kept whole in the history."""
    return models.TextField(null=True)


PUBLISHED = Q(status=Status.PUBLISHED)


def make_slug(text, max_length=80):
    """An ASCII slug from a name, cut at a word boundary: "Iran–Cuba MoU" → "iran-cuba-mou"."""
    for dash in "–—/_":
        text = text.replace(dash, " ")
    slug = slugify(text)[:max_length].rstrip("-")
    if len(slugify(text)) > max_length and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug


def check_parent(record):
    """A record's parent may not be the record itself or one of its descendants."""
    ancestor, seen = record.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if record.pk is not None and ancestor.pk == record.pk:
            raise ValidationError({"parent": f"{record} cannot sit under itself."})
        seen.add(ancestor.pk)
        ancestor = ancestor.parent


def edtf_date(verbose_name, required=False, help_text=""):
    """A date as its source gives it, in EDTF (see dates.py). The record keeps the days it may
    stand for in `<name>_earliest` and `<name>_latest` (see Curated.keep_date_bounds)."""
    return models.CharField(
        verbose_name,
        max_length=40,
        blank=not required,
        validators=[validate_edtf],
        help_text=f"{help_text} {EDTF_HELP}".strip(),
    )


NEEDS_A_BEGINNING = (
    "This date needs a known beginning, to place the record among the others: instead of "
    "../2024-01-24, give the earliest the source allows, e.g. 2023/2024-01-24."
)


def known_part(when):
    """`when`, or the end of it that is known when the other is open or unknown: the known
    part of "../2025-04" is April 2025."""
    if when is None or (when.earliest and when.latest):
        return when
    return When.parse(next(part for part in when.parts if part not in ("..", "")))


def ends_before_it_starts(start, end):
    return bool(start and end and start.earliest and end.latest and end.latest < start.earliest)


def earliest_day(required=False):
    return models.DateField(null=not required, blank=True, editable=False)


def latest_day():
    return models.DateField(null=True, blank=True, editable=False)


class Country(models.Model):
    """An ISO 3166-1 country, loaded from pycountry by a migration; never curated."""

    code = models.CharField(
        "alpha-2 code",
        max_length=2,
        primary_key=True,
        validators=[RegexValidator(r"^[A-Z]{2}\Z", "Two capital letters, e.g. IR.")],
    )
    alpha_3 = models.CharField("alpha-3 code", max_length=3, unique=True)
    numeric = models.CharField("numeric code", max_length=3, unique=True, null=True, blank=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    common_name = models.CharField(
        max_length=100, blank=True, help_text='The usual name where it differs, e.g. "Iran".'
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.common_name or self.name

    def get_absolute_url(self):
        return address("statements:country_detail", self.code)


class Curated(models.Model):
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # One more on every save: a form saved from an older version is refused (see admin).
    version = models.PositiveIntegerField(default=1, editable=False)
    status_changed_at = models.DateTimeField(null=True, editable=False)
    review_note = models.TextField(
        "reviewer's note",
        blank=True,
        editable=False,
        help_text="Why a reviewer sent the record back to draft.",
    )

    objects = CuratedQuerySet.as_manager()
    # Every curated model keeps every save, with who made it and why, in `history`
    # (declared on each model, or on Searchable, which leaves out the derived search text).

    # Its EDTF dates (see edtf_date), whose days it keeps.
    edtf_dates = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.prepare_to_save(kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    def prepare_to_save(self, update_fields=None):
        """Work out what a save writes besides what was typed: here, and in each kind of
        record's own override. The importer calls it for new rows it writes together, without
        save()."""
        self.keep_date_bounds()
        if not self._state.adding and update_fields is None:
            self.version += 1
        if self.is_published and self.status_changed_at is None:
            # Created published (the seed, an import): published now, for its feeds.
            self.status_changed_at = timezone.now()

    @property
    def published_at(self):
        """When it was published on Demarche (its last move was to published): feeds list
        records in this order, not by their own dates."""
        return self.status_changed_at if self.is_published else None

    def save_with_relations(self, related, reason="", history=True):
        """Save the record and set its many-to-many `related` ({field: records}), kept in its
        history as one entry (setting each relation would otherwise add one per field); or
        in none, for a save that will be rolled back (an import's dry run)."""
        self.skip_history_when_saving = True
        try:
            self.save()
            for name, records in related.items():
                getattr(self, name).set(records)
        finally:
            del self.skip_history_when_saving
        if history:
            self.record_history(reason)

    def record_history(self, reason=""):
        """Add the record as it now stands, relations included, to its history."""
        self._change_reason = reason
        self.save(update_fields=["updated_at"])

    @classmethod
    def create_together(cls, records, related, *, user=None, reason="", history=True):
        """Write new `records` at once, as save_with_relations() writes one: what each save
        works out, the records, their many-to-many `related` (a {field: records} for each)
        and, unless the write will be rolled back, one history entry each by `user`,
        relations included."""
        for record in records:
            record.prepare_to_save()
        cls._default_manager.bulk_create(records)
        for name in {name for each in related for name in each}:
            field = cls._meta.get_field(name)
            through = field.remote_field.through
            own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
            through._default_manager.bulk_create(
                through(**{own: record, other: linked})
                for record, each in zip(records, related, strict=True)
                for linked in each.get(name, ())
            )
        if history:
            add_to_history(cls, records, user, reason)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    def keep_date_bounds(self):
        """Keep the earliest and latest day of each EDTF date (None when it has none, or
        when it is not valid: full_clean says why)."""
        for name in self.edtf_dates:
            try:
                when = When.parse(getattr(self, name)) if getattr(self, name) else None
            except ValueError:
                when = None
            earliest, latest = kept_days(when)
            setattr(self, f"{name}_earliest", earliest)
            setattr(self, f"{name}_latest", latest)

    def when_of(self, name):
        """The When of the EDTF date `name`, or None."""
        value = getattr(self, name)
        return stored(value, getattr(self, f"{name}_earliest"), getattr(self, f"{name}_latest"))

    def clean(self):
        self.keep_date_bounds()

    def publication_problems(self):
        """What this record lacks to be published, as sentences; empty when ready."""
        return []

    def linked_records(self):
        """The records this one points to: they are published before it, or with it."""
        return [record for record in self.linked_parents() if record is not None]

    def linked_parents(self):
        parent = getattr(self, "parent", None)
        return [parent]


def add_to_history(model, records, user, reason):
    """A first history entry for each of the new `records` of `model`, relations included,
    written together: what record_history() adds for one."""
    entries = model.history.bulk_history_create(
        records, default_user=user, default_change_reason=reason, default_date=timezone.now()
    )
    entry_of = {entry.id: entry.pk for entry in entries}
    for field in model.history.model._history_m2m_fields:
        through = field.remote_field.through
        own = field.m2m_column_name()
        columns = [column.attname for column in through._meta.fields]
        rows = through._default_manager.filter(**{f"{own}__in": list(entry_of)}).values(*columns)
        kept = HistoricalRecords.m2m_models[field]
        kept._default_manager.bulk_create(
            kept(history_id=entry_of[row[own]], **row) for row in rows
        )


class Sourced(Curated):
    """A curated record that states facts, and so needs at least one source to be published."""

    sources = models.ManyToManyField("Source", related_name="%(class)ss", blank=True)
    how_we_know = models.TextField(
        "how we know",
        blank=True,
        help_text="Shown to readers: how a fact was inferred from the sources (why a date is "
        "uncertain, why a party is assumed), or where a fact the cited sources do not "
        "contain comes from.",
    )

    _history_m2m_fields = ["sources"]

    class Meta:
        abstract = True

    def publication_problems(self):
        problems = super().publication_problems()
        if self.pk is None or not self.sources.exists():
            problems.append("It needs at least one source.")
        return problems

    def linked_records(self):
        sources = list(self.sources.all()) if self.pk else []
        return [*super().linked_records(), *sources]


class Slugged(models.Model):
    """A record reached by a slug set from its name. A reviewer may change it: every earlier
    slug is kept (FormerSlug), and its address redirects to the current one."""

    slug = models.SlugField(
        max_length=SLUG_LENGTH,
        unique=True,
        blank=True,
        help_text="Set from the name when left empty. Addresses with an earlier slug redirect "
        "to the current one.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.keep_former_slug()

    def prepare_to_save(self, update_fields=None):
        if not self.slug:
            self.slug = self.unique_slug()
        super().prepare_to_save(update_fields)

    @classmethod
    def from_db(cls, db, field_names, values):
        record = super().from_db(db, field_names, values)
        record.stored_slug = record.__dict__.get("slug")
        return record

    def keep_former_slug(self):
        """The slug the record was read with, if it changed, is kept; the new one, if it was
        an earlier slug of the record, is current again."""
        stored, self.stored_slug = getattr(self, "stored_slug", None), self.slug
        if stored is None or stored == self.slug:
            return
        label = self._meta.label_lower
        FormerSlug.objects.filter(model=label, slug=self.slug).delete()
        FormerSlug.objects.update_or_create(
            model=label, slug=stored, defaults={"record_id": self.pk}
        )

    def slug_text(self):
        return self.name

    def unique_slug(self):
        base = make_slug(self.slug_text()) or self._meta.model_name
        current = (
            type(self)
            ._default_manager.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        # Never an earlier slug of another record: its old links must keep leading there.
        former = FormerSlug.objects.filter(
            model=self._meta.label_lower, slug__startswith=base
        ).exclude(record_id=self.pk)
        taken = {*current, *former.values_list("slug", flat=True)}
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug


class FormerSlug(models.Model):
    """A slug a record of `model` (an actor, event, forum or theme) had before it was changed."""

    model = models.CharField(
        max_length=50, help_text='The model\'s label, e.g. "statements.actor".'
    )
    slug = models.SlugField(max_length=SLUG_LENGTH)
    record_id = models.PositiveIntegerField()
    replaced_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "slug"], name="former_slug_unique"),
        ]

    def __str__(self):
        return f"{self.model} {self.slug} → {self.record_id}"


class Searchable(models.Model):
    """A record found by full-text search over the text that `search_text()` gathers.

    The column is indexed by the database itself (see search.py and migration 0004).
    """

    search_document = models.TextField(blank=True, default="", editable=False)

    history = HistoricalRecords(
        inherit=True,
        excluded_fields=["search_document"],
        history_change_reason_field=change_reason_field(),
    )

    class Meta:
        abstract = True

    def prepare_to_save(self, update_fields=None):
        self.search_document = self.search_text()
        super().prepare_to_save(update_fields)

    def search_text(self):
        raise NotImplementedError


def joined(*parts):
    return "\n".join(part for part in parts if part)


class Titled(models.Model):
    """A record reached by its id and a slug from its title; the slug need not be unique."""

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=SLUG_LENGTH, blank=True, help_text="Set from the title.")

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def prepare_to_save(self, update_fields=None):
        if not self.slug:
            self.slug = make_slug(self.title) or self._meta.model_name
        super().prepare_to_save(update_fields)


class Theme(Slugged, Curated):
    """A topic of statements and agreements, in a small hierarchy (seeded by a migration)."""

    name = models.CharField(max_length=100, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)

    objects = TreeQuerySet.as_manager()

    history = HistoricalRecords(history_change_reason_field=change_reason_field())

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("statements:theme_detail", self.slug)

    def clean(self):
        super().clean()
        check_parent(self)


class Source(Curated):
    """Where a record's facts come from: a news report, an official document, a transcript…"""

    class Kind(models.TextChoices):
        NEWS_REPORT = "news_report", "news report"
        OFFICIAL_DOCUMENT = "official_document", "official document"
        TRANSCRIPT = "transcript", "transcript"
        PRESS_RELEASE = "press_release", "press release"
        BLOG = "blog", "blog post"
        OTHER = "other", "other"

    title = models.CharField(max_length=500)
    author = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="The outlet, or the outlet it cites."
    )
    url = models.URLField("URL", max_length=2000, blank=True)
    published_on = edtf_date("publication date")
    published_on_earliest = earliest_day()
    published_on_latest = latest_day()
    accessed_on = models.DateField("access date", null=True, blank=True)
    language = models.CharField(max_length=2, validators=[validate_language_code])
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(
        blank=True, help_text="What a reader should know about this source, e.g. a reprint."
    )

    edtf_dates = ("published_on",)

    history = HistoricalRecords(history_change_reason_field=change_reason_field())

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="source_url_unique")
        ]
        # Imported rows name their sources by title (exports/reading.py).
        indexes = [models.Index(fields=["title"], name="source_title")]

    def __str__(self):
        return self.title

    @property
    def published(self):
        return self.when_of("published_on")


def copy_path(copy, file_name):
    return f"sources/{file_name}"


class SourceCopy(models.Model):
    """The document a source is, kept against link rot: its file, digest, size, media type
    and the time it was captured, and the text read from it (documents.py). Readers see that
    a copy was kept; they may download it only where the source's copyright allows, which a
    curator says (off by default)."""

    source = models.OneToOneField(Source, on_delete=models.CASCADE, related_name="copy")
    file = models.FileField(upload_to=copy_path, max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=100)
    captured_at = models.DateTimeField()
    captured_from = models.URLField(max_length=2000, blank=True)
    text = models.TextField(blank=True)
    public = models.BooleanField(
        "readers may download it",
        default=False,
        help_text="Only where the source's copyright allows it.",
    )

    class Meta:
        verbose_name = "copy of the document"
        verbose_name_plural = "copies of the document"

    def __str__(self):
        return f"{self.source}: {self.media_type}, {self.size:,} bytes, {self.sha256[:12]}…"


class Forum(Slugged, Sourced):
    """Where statements are made: UN CSTD, the OEWG, ITU, a bilateral joint commission…"""

    class Kind(models.TextChoices):
        PRINCIPAL_ORGAN = "principal_organ", "UN principal organ"
        COMMISSION = "commission", "commission"
        WORKING_GROUP = "working_group", "working group"
        AGENCY = "agency", "specialised agency"
        SUMMIT = "summit", "summit process"
        PARTNERSHIP = "partnership", "multilateral partnership"
        BILATERAL = "bilateral", "bilateral commission or working group"
        OTHER = "other", "other"

    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The body it reports to, e.g. ECOSOC for the CSTD.",
    )
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)

    objects = TreeQuerySet.as_manager()

    history = HistoricalRecords(history_change_reason_field=change_reason_field())

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return address("statements:forum_detail", self.slug)

    def clean(self):
        super().clean()
        check_parent(self)

    def slug_text(self):
        return self.acronym or self.name


class Actor(Searchable, Slugged, Sourced):
    """A person, an organisation, an intergovernmental body or a state delegation."""

    class Kind(models.TextChoices):
        PERSON = "person", "person"
        MINISTRY = "ministry", "ministry or government office"
        AGENCY = "agency", "government agency"
        COMPANY = "company", "company"
        NGO = "ngo", "non-governmental organisation"
        ACADEMIC = "academic", "university or research body"
        INTERGOVERNMENTAL = "intergovernmental", "intergovernmental body"
        DELEGATION = "delegation", "state or state delegation"
        OTHER = "other", "other organisation"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    original_name = models.CharField(
        "name in the original script", max_length=200, blank=True, help_text="e.g. in Persian."
    )
    original_name_language = models.CharField(
        "language of the original name",
        max_length=2,
        blank=True,
        validators=[validate_language_code],
    )
    other_names = models.TextField(blank=True, help_text="Other names and spellings, one per line.")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="actors"
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="parent organisation",
    )
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, validators=[validate_wikidata_id]
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            published_index("actor_public_name", "name", "id"),
            published_index("actor_public_country", "country", "name", "id"),
            published_index("actor_public_kind", "kind", "name", "id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("statements:actor_detail", self.slug)

    def prepare_to_save(self, update_fields=None):
        # One name per line, each trimmed, none empty: what the exports' SQL splits.
        self.other_names = "\n".join(self.all_other_names)
        super().prepare_to_save(update_fields)

    @property
    def is_person(self):
        return self.kind == self.Kind.PERSON

    @property
    def all_other_names(self):
        return [name.strip() for name in self.other_names.splitlines() if name.strip()]

    def search_text(self):
        return joined(self.name, self.original_name, self.other_names)

    def title_on(self, when):
        """The title this person held on every day `when` may stand for, or "" when no role
        is known to cover them: a role with no dates covers no day.

        Only published roles count: the title is copied into published statements."""
        if when is None:
            return ""
        day = Period.between(when)
        roles = getattr(self, "published_roles", None)  # read once for many (see importer)
        if roles is None:
            roles = self.roles.published().select_related("organisation")
        covering = [role for role in roles if role.known_period and role.known_period.covers(day)]
        return covering[0].label if covering else ""

    def clean(self):
        super().clean()
        if self.original_name_language and not self.original_name:
            raise ValidationError(
                {"original_name_language": "Give the original name this language belongs to."}
            )
        check_parent(self)
        if self.parent is not None and self.parent.is_person:
            raise ValidationError({"parent": "A parent organisation cannot be a person."})


class Role(Sourced):
    """A person's position in an organisation over time."""

    person = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="roles",
        limit_choices_to={"kind": Actor.Kind.PERSON},
    )
    organisation = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text="Leave empty for an office that belongs to no organisation record.",
    )
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text='As it is written, e.g. "Head of the Information Technology Organization '
        'of Iran". Leave empty when only the organisation is known.',
    )
    start_date = edtf_date(
        "from",
        help_text="Empty when unknown. Known only as of a date: ../2025-04 here and "
        "2025-04/.. under “to”.",
    )
    start_date_earliest = earliest_day()
    start_date_latest = latest_day()
    end_date = edtf_date("to", help_text="Empty while held or when unknown.")
    end_date_earliest = earliest_day()
    end_date_latest = latest_day()

    edtf_dates = ("start_date", "end_date")

    history = HistoricalRecords(history_change_reason_field=change_reason_field())

    class Meta:
        ordering = [F("start_date_earliest").desc(nulls_last=True), "-id"]

    def __str__(self):
        return f"{self.person}: {self.label}"

    @property
    def label(self):
        """The title the way a statement quotes it; an unpublished organisation is not named."""
        organisation = published_or_none(self.organisation)
        return self.title or (organisation.name if organisation else "")

    @property
    def start(self):
        return self.when_of("start_date")

    @property
    def end(self):
        return self.when_of("end_date")

    @property
    def known_period(self):
        """The days the sources put the role at, from the first known day of its start to the
        last known day of its end (open without an end): "as of April 2025" (../2025-04 to
        2025-04/..) is April 2025. None for a role with no dates."""
        start, end = self.start, self.end
        known = [part for part in (known_part(start), known_part(end)) if part]
        if not known:
            return None
        first = min(part.earliest for part in known) if start else None
        last = max(part.latest for part in known) if end else None
        return Period(first, last)

    @property
    def tenure(self):
        """The role's dates in words: "as of April 2025" (../2025-04 to 2025-04/..), "known
        from 7 April 2025 to 11 April 2025", "2019 – 2023", "from 2024"."""
        start, end = self.start, self.end
        if start and end and start.parts[0] == ".." and end.parts[1:] == [".."]:
            first, last = When.parse(start.parts[1]), When.parse(end.parts[0])
            return f"as of {first}" if first == last else f"known from {first} to {last}"
        if start and end:
            return f"{start} – {end}"
        return f"from {start}" if start else f"until {end}" if end else ""

    def clean(self):
        super().clean()
        errors = {}
        if self.person_id and not self.person.is_person:
            errors["person"] = "A role belongs to a person, not an organisation."
        if self.organisation_id and self.organisation.is_person:
            errors["organisation"] = "The organisation of a role cannot be a person."
        if not self.title and not self.organisation_id:
            errors["title"] = "Give a title, an organisation, or both."
        if ends_before_it_starts(self.start, self.end):
            errors["end_date"] = "A role cannot end before it starts."
        if errors:
            raise ValidationError(errors)

    def linked_parents(self):
        return [self.person, self.organisation]


class Event(Searchable, Slugged, Sourced):
    """A dated occurrence: a session, a visit, a working-group meeting, a signing."""

    class Kind(models.TextChoices):
        SESSION = "session", "session"
        MEETING = "meeting", "meeting"
        WORKING_GROUP_MEETING = "working_group_meeting", "working-group meeting"
        VISIT = "visit", "visit"
        SIGNING = "signing", "signing"
        CONFERENCE = "conference", "conference"
        EXHIBITION = "exhibition", "exhibition"
        OTHER = "other", "other"

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", "in person"
        VIRTUAL = "virtual", "virtual"
        HYBRID = "hybrid", "hybrid"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=25, choices=Kind.choices)
    forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="side_events",
        help_text="The larger event this one took place at, e.g. on the sidelines of a session.",
    )
    start_date = edtf_date("start date", required=True)
    start_date_earliest = earliest_day(required=True)
    start_date_latest = latest_day()
    end_date = edtf_date("end date", help_text="Empty for a one-day event.")
    end_date_earliest = earliest_day()
    end_date_latest = latest_day()
    city = models.CharField(max_length=100, blank=True)
    host_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="events_hosted"
    )
    attendance = models.CharField(
        max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    participating_countries = models.ManyToManyField(
        Country, blank=True, related_name="events_attended"
    )

    _history_m2m_fields = ["sources", "participating_countries"]
    description = models.TextField(blank=True)

    objects = EventQuerySet.as_manager()
    edtf_dates = ("start_date", "end_date")

    class Meta:
        ordering = ["-start_date_earliest", "-id"]
        indexes = [
            published_index("event_public_date", "-start_date_earliest", "-id"),
            published_index("event_public_forum", "forum", "-start_date_earliest", "-id"),
            published_index("event_public_host", "host_country", "-start_date_earliest", "-id"),
            # For date_from: the last day of an event with an end, or else of its start.
            models.Index(fields=["end_date_latest"], name="event_end_date"),
            published_index("event_public_start_latest", "start_date_latest"),
            published_index("event_public_name", "name", "id"),
            published_index("event_public_published", "-status_changed_at", "-id"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("statements:event_detail", self.slug)

    def search_text(self):
        return joined(self.name, self.city, self.description)

    @property
    def start(self):
        return self.when_of("start_date")

    @property
    def end(self):
        return self.when_of("end_date")

    @property
    def period(self):
        return Period.between(self.start, self.end)

    def clean(self):
        super().clean()
        if self.start_date and self.start_date_earliest == NO_EARLIEST:
            raise ValidationError({"start_date": NEEDS_A_BEGINNING})
        if ends_before_it_starts(self.start, self.end):
            raise ValidationError({"end_date": "An event cannot end before it starts."})
        if self.part_of_id and self.part_of_id == self.pk:
            raise ValidationError({"part_of": "An event cannot be part of itself."})

    def linked_parents(self):
        return [self.forum, self.part_of]


class Statement(Searchable, Titled, Sourced):
    """What an actor said or wrote: a speech, a written submission, an interview, an op-ed…"""

    class Kind(models.TextChoices):
        SPEECH = "speech", "speech"
        REMARKS = "remarks", "reported remarks"
        WRITTEN_SUBMISSION = "written_submission", "written submission"
        INTERVIEW = "interview", "interview"
        OP_ED = "op_ed", "op-ed"
        PRESS_RELEASE = "press_release", "press release"

    class Verification(models.TextChoices):
        OFFICIAL_TEXT = "official_text", "official text"
        TRANSCRIPT = "transcript", "transcript"
        REPORTED = "reported", "reported"
        SUMMARY = "summary", "summary only"

    # What each level of verification means, for the form and the page.
    VERIFICATION_MEANINGS = {
        Verification.OFFICIAL_TEXT: "the text from the speaker's government or the UN's own record",
        Verification.TRANSCRIPT: "taken down as it was said",
        Verification.REPORTED: "quoted in a news report",
        Verification.SUMMARY: "no words of the speaker are known, only what they said",
    }

    speaker = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="statements_spoken")
    speaker_title = models.CharField(
        "speaker's title on the day",
        max_length=300,
        blank=True,
        help_text="Filled from the speaker's role on that date when left empty.",
    )
    on_behalf_of_country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements_made_for",
        verbose_name="on behalf of (country)",
    )
    on_behalf_of_actor = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements_made_for",
        verbose_name="on behalf of (group or organisation)",
    )
    # The country the statement was made for: its on-behalf-of country, or else the
    # speaker's. Kept here so that the country filter is one indexed column.
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="statements",
    )
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="statements"
    )
    forum = models.ForeignKey(
        Forum,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statements",
        help_text="Taken from the event; set it directly for a submission outside any event.",
    )
    date = edtf_date("date", required=True)
    date_earliest = earliest_day(required=True)
    date_latest = latest_day()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    language = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_language_code],
        help_text="ISO 639-1 code of the language it was made in; empty when unknown.",
    )
    summary = models.TextField(blank=True)
    text = models.TextField("full text", blank=True)
    text_is_excerpt = models.BooleanField(
        "the text is only an excerpt",
        default=False,
        help_text="Tick when only quoted passages are known, not the whole statement.",
    )
    verification = models.CharField(
        "how its words are known",
        max_length=20,
        choices=Verification.choices,
        help_text=meanings(VERIFICATION_MEANINGS),
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="statements")
    mentioned_countries = models.ManyToManyField(
        Country,
        blank=True,
        related_name="statements_mentioning",
        verbose_name="countries mentioned",
    )

    _history_m2m_fields = ["sources", "themes", "mentioned_countries"]

    objects = StatementQuerySet.as_manager()
    edtf_dates = ("date",)

    class Meta:
        ordering = ["-date_earliest", "-id"]
        # One permission for every curated record, kept here because it needs a model.
        permissions = [("publish", "Can publish and unpublish any curated record")]
        indexes = [
            # Its latest days too, so that a date range is counted on this index alone.
            published_index("st_public_date", "-date_earliest", "-id", "date_latest"),
            published_index("st_public_country", "country", "-date_earliest", "-id"),
            published_index("st_public_forum", "forum", "-date_earliest", "-id"),
            published_index("st_public_event", "event", "-date_earliest", "-id"),
            published_index("st_public_speaker", "speaker", "-date_earliest", "-id"),
            published_index("st_public_kind", "kind", "-date_earliest", "-id"),
            published_index("st_public_language", "language", "-date_earliest", "-id"),
            published_index("st_public_verification", "verification", "-date_earliest", "-id"),
            published_index("st_public_title", "title", "id"),
            # The feeds: newest published first.
            published_index("st_public_published", "-status_changed_at", "-id"),
            published_index("st_public_country_published", "country", "-status_changed_at", "-id"),
            published_index("st_public_forum_published", "forum", "-status_changed_at", "-id"),
            # For date_from; date_to reads the sort indexes.
            published_index("st_public_latest", "date_latest"),
            # The admin's list, in every status.
            models.Index(fields=["-date_earliest", "-id"], name="st_date"),
        ]

    def get_absolute_url(self):
        return address("statements:statement_detail", self.pk, self.slug)

    def prepare_to_save(self, update_fields=None):
        self.keep_date_bounds()
        # A save of some fields only (its history's, record_history) writes none of them.
        if update_fields is None:
            self.fill_derived_fields()
        super().prepare_to_save(update_fields)

    def search_text(self):
        # An unpublished speaker's names must not make the statement findable.
        speaker = published_or_none(self.speaker) if self.speaker_id else None
        return joined(self.title, speaker.search_text() if speaker else "", self.summary, self.text)

    @property
    def when(self):
        return self.when_of("date")

    @property
    def verification_meaning(self):
        return self.VERIFICATION_MEANINGS.get(self.verification, "")

    @property
    def public_speaker(self):
        return published_or_none(self.speaker)

    @property
    def public_event(self):
        return published_or_none(self.event)

    def fill_derived_fields(self):
        if not self.speaker_title and self.speaker_id and self.date_earliest:
            self.speaker_title = self.speaker.title_on(self.when)
        if self.event_id and self.event.forum_id:
            self.forum_id = self.event.forum_id
        if self.on_behalf_of_country_id:
            self.country_id = self.on_behalf_of_country_id
        elif self.speaker_id:
            speaker = published_or_none(self.speaker)
            self.country_id = speaker.country_id if speaker else None

    def clean(self):
        super().clean()
        errors = {}
        if self.date and self.date_earliest == NO_EARLIEST:
            errors["date"] = NEEDS_A_BEGINNING
        if self.on_behalf_of_country_id and self.on_behalf_of_actor_id:
            errors["on_behalf_of_actor"] = (
                "A statement is made on behalf of a country or of a group, not both."
            )
        if (
            self.event_id
            and self.date_earliest
            and not self.event.period.overlaps(Period.between(self.when))
        ):
            errors["date"] = (
                f"The date ({self.when}) falls outside the event's dates ({self.event.period})."
            )
        if self.event_id and self.forum_id and self.event.forum_id not in (None, self.forum_id):
            errors["forum"] = f"The event belongs to another forum ({self.event.forum})."
        if errors:
            raise ValidationError(errors)
        self.fill_derived_fields()

    def linked_parents(self):
        themes = list(self.themes.all()) if self.pk else []
        return [self.speaker, self.on_behalf_of_actor, self.event, self.forum, *themes]


NEWEST_SIGNED = dated_first("signed_on_earliest")


class Agreement(Searchable, Titled, Sourced):
    """A memorandum, agreement, joint statement, roadmap or working group between parties."""

    class Kind(models.TextChoices):
        MOU = "mou", "memorandum of understanding"
        AGREEMENT = "agreement", "agreement"
        JOINT_STATEMENT = "joint_statement", "joint statement"
        COOPERATION_DOCUMENT = "cooperation_document", "cooperation document"
        ROADMAP = "roadmap", "roadmap"
        WORKING_GROUP = "working_group", "joint working group or committee"

    class AgreementStatus(models.TextChoices):
        PROPOSED = "proposed", "proposed"
        SIGNED = "signed", "signed"
        IN_FORCE = "in_force", "in force"
        EXPIRED = "expired", "expired"

    kind = models.CharField(max_length=25, choices=Kind.choices)
    agreement_status = models.CharField(
        "status of the agreement", max_length=10, choices=AgreementStatus.choices
    )
    signed_on = edtf_date("date signed", help_text="Empty when not signed or not known.")
    signed_on_earliest = earliest_day()
    signed_on_latest = latest_day()
    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.PROTECT, related_name="agreements"
    )
    city = models.CharField(max_length=100, blank=True)
    signed_in = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_signed_here",
        verbose_name="country where signed",
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="agreements")

    _history_m2m_fields = ["sources", "themes"]
    summary = models.TextField(blank=True)
    text = models.TextField(blank=True)

    objects = AgreementQuerySet.as_manager()
    edtf_dates = ("signed_on",)

    class Meta:
        ordering = list(NEWEST_SIGNED)
        # Undated agreements sort last either way (see dated_first), and so do the indexes.
        indexes = [
            models.Index(*NEWEST_SIGNED, condition=PUBLISHED, name="ag_public_date"),
            models.Index(
                *dated_first("signed_on_earliest", descending=False),
                condition=PUBLISHED,
                name="ag_public_date_asc",
            ),
            models.Index(F("kind"), *NEWEST_SIGNED, condition=PUBLISHED, name="ag_public_kind"),
            models.Index(
                F("agreement_status"), *NEWEST_SIGNED, condition=PUBLISHED, name="ag_public_status"
            ),
            models.Index(F("event"), *NEWEST_SIGNED, condition=PUBLISHED, name="ag_public_event"),
            published_index("ag_public_title", "title", "id"),
            published_index("ag_public_published", "-status_changed_at", "-id"),
            # For date_from and date_to: the sort indexes lead with whether there is a date.
            published_index("ag_public_signed", "signed_on_earliest", "signed_on_latest"),
            published_index("ag_public_signed_latest", "signed_on_latest"),
        ]

    def get_absolute_url(self):
        return address("statements:agreement_detail", self.pk, self.slug)

    def search_text(self):
        return joined(self.title, self.city, self.summary, self.text)

    @property
    def signed(self):
        return self.when_of("signed_on")

    @property
    def public_event(self):
        return published_or_none(self.event)

    def clean(self):
        super().clean()
        if (
            self.event_id
            and self.signed
            and not self.event.period.overlaps(Period.between(self.signed))
        ):
            raise ValidationError(
                {"signed_on": f"The date falls outside the event's dates ({self.event.period})."}
            )
        if self.agreement_status == self.AgreementStatus.PROPOSED and self.signed_on:
            raise ValidationError({"signed_on": "A proposed agreement has no date signed."})

    @staticmethod
    def validate_parties(parties):
        """An agreement binds at least two distinct parties."""
        distinct = {(party.country_id, party.organisation_id) for party in parties}
        if len(distinct) < 2:
            raise ValidationError("An agreement needs at least two parties.", code="parties")

    def publication_problems(self):
        problems = super().publication_problems()
        try:
            self.validate_parties(self.parties.all() if self.pk else [])
        except ValidationError as error:
            problems.extend(error.messages)
        return problems

    def linked_parents(self):
        themes = list(self.themes.all()) if self.pk else []
        parties = list(self.parties.select_related("organisation", "signatory")) if self.pk else []
        people = [actor for party in parties for actor in (party.organisation, party.signatory)]
        return [self.event, *themes, *people]


class AgreementParty(models.Model):
    """A country or organisation bound by an agreement, and who signed for it."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="agreement_parties"
    )
    organisation = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        help_text="The ministry, agency or body that is party, when known.",
    )
    signatory = models.ForeignKey(
        Actor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements_signed",
        limit_choices_to={"kind": Actor.Kind.PERSON},
    )
    signatory_title = models.CharField(
        "signatory's title on the day",
        max_length=300,
        blank=True,
        help_text="Filled from the signatory's role on the date signed when left empty.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords(history_change_reason_field=change_reason_field())

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "agreement parties"
        indexes = [models.Index(fields=["country", "agreement"], name="party_country")]

    def __str__(self):
        return str(self.organisation or self.country)

    def save(self, *args, **kwargs):
        signed = self.agreement.signed if self.agreement_id else None
        if not self.signatory_title and self.signatory_id and signed:
            self.signatory_title = self.signatory.title_on(signed)
        super().save(*args, **kwargs)

    @property
    def public_country(self):
        """The party's country, or else its published organisation's country (as a code)."""
        organisation = published_or_none(self.organisation)
        return self.country_id or (organisation.country_id if organisation else None)

    def clean(self):
        errors = {}
        if not self.country_id and not self.organisation_id:
            errors["country"] = "A party is a country, an organisation, or both."
        if self.organisation_id and self.organisation.is_person:
            errors["organisation"] = "A party organisation cannot be a person."
        if (
            self.country_id
            and self.organisation_id
            and self.organisation.country_id not in (None, self.country_id)
        ):
            errors["organisation"] = (
                f"{self.organisation} belongs to {self.organisation.country}, not {self.country}."
            )
        if self.signatory_id and not self.signatory.is_person:
            errors["signatory"] = "A signatory is a person."
        if errors:
            raise ValidationError(errors)


class SeededRecord(models.Model):
    """Which entries of the curated seed dataset were loaded, and as which record.

    Loading the seed again skips these entries, so a curator's later edits or deletions of
    seeded records are never undone.
    """

    key = models.CharField(max_length=100, unique=True)
    model = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class CachedCounts(models.Model):
    """Counts over every published record that the home page and the hubs show (statements per
    country, forum, theme and year…), kept here and refreshed after records change by
    `manage.py keep_counts`, never by a reader (see counts.py)."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.JSONField()
    # When the counting began: a count is stale once records changed after it (counts.py).
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "cached counts"

    def __str__(self):
        return self.key


class DataGeneration(models.Model):
    """One row, whose number moves once per transaction that changes what the public sees:
    the pages kept for everyone are kept under it, so such a change makes them all stale at
    once (see page_cache.py)."""

    number = models.BigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)
    # When kept counts were last refreshed: the kept pages show them from then on.
    counts_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Generation {self.number} of the published data, since {self.changed_at}"


class AgreementCountry(models.Model):
    """A country an agreement binds: a party's country, or a published party organisation's.
    Kept from the parties by statements/agreement_countries.py, so that finding the agreements of a
    country reads one index instead of joining every party to its organisation."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="bound")
    # Indexed by the unique constraint, which leads with it.
    country = models.ForeignKey(Country, on_delete=models.CASCADE, db_index=False)

    class Meta:
        verbose_name_plural = "agreement countries"
        constraints = [
            models.UniqueConstraint(fields=["country", "agreement"], name="agreement_country")
        ]

    def __str__(self):
        return f"Agreement {self.agreement_id} binds {self.country_id}"


class StatementExportCells(models.Model):
    """A statement's sources and mentioned countries as its exports write them: the CSV
    cells and the JSON lists, kept on PostgreSQL by exports/cells.py whenever they change, so
    that an export reads them with the statement instead of looking them up for each row.
    An export of a statement that has none, or none computed by today's code, computes them
    from its relations."""

    statement = models.OneToOneField(
        Statement, on_delete=models.CASCADE, primary_key=True, related_name="export_cells"
    )
    # Named after the CSV columns and the JSON keys they are. An empty CSV cell is NULL, as
    # COPY must write it (it writes '' as "").
    source_titles = models.TextField(null=True)  # noqa: DJ001
    source_publishers = models.TextField(null=True)  # noqa: DJ001
    source_urls = models.TextField(null=True)  # noqa: DJ001
    source_kinds = models.TextField(null=True)  # noqa: DJ001
    mentioned_country_codes = models.TextField(null=True)  # noqa: DJ001
    mentioned_country_names = models.TextField(null=True)  # noqa: DJ001
    sources_json = models.TextField()
    mentioned_countries_json = models.TextField()
    # A digest of the code that computed them (exports/cells.py): cells computed by other
    # code are not read.
    computed_by = models.CharField(max_length=16, default="")

    class Meta:
        verbose_name_plural = "statement export cells"

    def __str__(self):
        return f"Export cells of statement {self.statement_id}"


class ImportJob(models.Model):
    """An uploaded file checked, then imported, by the background worker (importers/jobs.py):
    who uploaded it, where it stands, how far the worker has read it, and its report."""

    class Phase(models.TextChoices):
        CHECKING = "checking", "being checked"
        CHECKED = "checked", "checked"
        APPLYING = "applying", "being imported"
        APPLIED = "applied", "imported"
        DISCARDED = "discarded", "discarded"
        EXPIRED = "expired", "expired"
        FAILED = "failed", "stopped by an error"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    records = models.CharField(max_length=20)  # the list imported into: statements, actors…
    status = models.CharField(max_length=20, choices=Status.choices)  # of the new records
    file_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.CHECKING)
    report = models.JSONField(null=True, blank=True)
    notice = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_phase_display()})"

    @property
    def upload_path(self):
        return settings.IMPORT_DIR / f"{self.pk}.upload"

    @property
    def progress_path(self):
        return settings.IMPORT_DIR / f"{self.pk}.progress"

    @property
    def running(self):
        return self.phase in (self.Phase.CHECKING, self.Phase.APPLYING)
