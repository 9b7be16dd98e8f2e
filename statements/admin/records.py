"""One admin per record: quick entry with autocompletes, lists that filter the way curators
look for records, and hints about likely duplicates."""

from django.contrib import admin, messages
from django.utils.html import format_html

from ..models import (
    Actor,
    Agreement,
    AgreementParty,
    Country,
    Event,
    Forum,
    Role,
    SeededRecord,
    Source,
    Statement,
    Theme,
)
from .curated import CuratedAdmin, CuratedInline, admin_link
from .duplicates import TitleInput, statements_like
from .long_lists import CountryFilter, LanguageFilter, LargeListAdmin, year_filter
from .sources import (
    DOCUMENT_FIELDS,
    DOCUMENT_SHOWN,
    KeptDocument,
    SourceForm,
    initial_from_source,
)
from .wikidata import WikidataInput


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "common_name", "alpha_3", "numeric"]
    search_fields = ["code", "alpha_3", "name", "common_name", "official_name"]

    # Countries come from ISO 3166-1 through a migration, never from the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CitedAdmin(CuratedAdmin):
    """A record other records cite through a many-to-many field: deleting it would silently
    drop it from them, so it is protected while anything cites it."""

    cited_by = ()

    def get_deleted_objects(self, objs, request):
        to_delete, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for record in objs:
            for relation in self.cited_by:
                for citing in getattr(record, relation).all()[:20]:
                    protected.append(format_html("{} cites {}", admin_link(citing), str(record)))
        return to_delete, counts, perms_needed, protected


@admin.register(Theme)
class ThemeAdmin(CitedAdmin):
    list_display = ["name", "slug", "parent", "status", "last_changed"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    ordering = ["name"]
    cited_by = ["statements", "agreements"]


@admin.register(Source)
class SourceAdmin(KeptDocument, CitedAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "published_on", "kind", "status", "last_changed"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["title", "publisher", "author", "url"]
    date_hierarchy = "published_on_earliest"
    ordering = ["-published_on_earliest", "title"]
    cited_by = ["statements", "agreements", "events", "actors", "forums", "roles"]
    readonly_fields = [*CitedAdmin.readonly_fields, *DOCUMENT_SHOWN]

    def get_fields(self, request, obj=None):
        """The source's own fields, then its document, then where it stands."""
        fields = [
            f for f in super().get_fields(request, obj) if f not in DOCUMENT_FIELDS + DOCUMENT_SHOWN
        ]
        at = fields.index("status") if "status" in fields else len(fields)
        return fields[:at] + DOCUMENT_FIELDS + DOCUMENT_SHOWN + fields[at:]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        form.keep_document(obj)


@admin.register(Forum)
class ForumAdmin(CuratedAdmin):
    list_display = ["name", "acronym", "kind", "parent", "status", "last_changed"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "acronym", "slug"]
    autocomplete_fields = ["parent", "sources"]
    ordering = ["name"]


class RoleInline(CuratedInline, admin.TabularInline):
    model = Role
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organisation", "sources"]
    readonly_fields = ["status"]
    fields = [
        "title",
        "organisation",
        "start_date",
        "end_date",
        "sources",
        "how_we_know",
        "status",
    ]


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    list_display = ["name", "original_name", "kind", "country", "status", "last_changed"]
    list_filter = ["status", "kind", "country"]
    # Any of an actor's names finds it, in any script.
    search_fields = ["name", "original_name", "other_names", "slug"]
    autocomplete_fields = ["country", "parent", "sources"]
    list_select_related = ["country", "parent"]
    ordering = ["name"]
    inlines = [RoleInline]

    def get_form(self, request, obj=None, **kwargs):
        # The Wikidata id looks the name up (wikidata.py); without JavaScript, the saved one.
        saved = {"name": obj.name, "language": obj.original_name_language} if obj else {}
        kwargs["widgets"] = {**kwargs.get("widgets", {}), "wikidata_id": WikidataInput(**saved)}
        return super().get_form(request, obj, **kwargs)


@admin.register(Role)
class RoleAdmin(CuratedAdmin):
    list_display = ["person", "title", "organisation", "start_date", "status", "last_changed"]
    list_filter = ["status"]
    search_fields = ["person__name", "title", "organisation__name"]
    autocomplete_fields = ["person", "organisation", "sources"]
    list_select_related = ["person", "organisation"]
    date_hierarchy = "start_date_earliest"
    ordering = ["person__name", "-start_date_earliest"]


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ["name", "forum", "start_date", "host_country", "status", "last_changed"]
    list_filter = ["status", "kind", "forum", "host_country", "attendance"]
    search_fields = ["name", "city", "slug"]
    date_hierarchy = "start_date_earliest"
    list_select_related = ["forum", "host_country"]
    ordering = ["-start_date_earliest"]
    autocomplete_fields = ["forum", "part_of", "host_country", "participating_countries", "sources"]


def point_out(request, record, duplicates, why):
    for duplicate in duplicates[:3]:
        messages.warning(
            request,
            format_html("This may repeat {} ({}).", admin_link(duplicate), why),
        )


@admin.register(Statement)
class StatementAdmin(LargeListAdmin, CuratedAdmin):
    # The first screen: what it is, when, who said it, where it stands, who changed it last.
    list_display = ["title", "date", "speaker", "status", "last_changed"]
    list_filter = [
        "status",
        year_filter(Statement, "date"),
        "kind",
        "forum",
        "themes",
        CountryFilter,
        LanguageFilter,
    ]
    search_fields = ["search_document"]  # searched in full text: see LargeListAdmin
    ordering = ["-date_earliest", "-id"]
    list_select_related = ["speaker", "country", "forum"]
    autocomplete_fields = [
        "speaker",
        "on_behalf_of_country",
        "on_behalf_of_actor",
        "event",
        "forum",
        "themes",
        "mentioned_countries",
        "sources",
    ]

    def get_form(self, request, obj=None, **kwargs):
        # The title names likely duplicates as the form is filled (duplicates.py).
        kwargs["widgets"] = {
            **kwargs.get("widgets", {}),
            "title": TitleInput(exclude=obj and obj.pk),
        }
        return super().get_form(request, obj, **kwargs)

    def get_changeform_initial_data(self, request):
        return {**super().get_changeform_initial_data(request), **initial_from_source(request)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        similar = statements_like(obj.speaker_id, obj.date, obj.title, exclude=obj.pk)
        point_out(request, obj, similar, "same speaker, same date, a similar title")


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 2
    autocomplete_fields = ["country", "organisation", "signatory"]


@admin.register(Agreement)
class AgreementAdmin(LargeListAdmin, CuratedAdmin):
    list_display = ["title", "signed_on", "agreement_status", "status", "last_changed"]
    list_filter = [
        "status",
        year_filter(Agreement, "signed_on"),
        "kind",
        "agreement_status",
        "themes",
        "parties__country",
    ]
    search_fields = ["search_document"]  # searched in full text: see LargeListAdmin
    ordering = ["-signed_on_earliest", "-id"]
    autocomplete_fields = ["event", "signed_in", "themes", "sources"]
    inlines = [AgreementPartyInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        agreement = form.instance
        parties = party_countries(agreement)
        same_day = Agreement.objects.filter(
            signed_on_earliest=agreement.signed_on_earliest, signed_on=agreement.signed_on
        ).exclude(pk=agreement.pk)
        if not agreement.signed_on:
            same_day = same_day.none()
        duplicates = [other for other in same_day if party_countries(other) == parties]
        point_out(request, agreement, duplicates, "same parties, same date signed")


def party_countries(agreement):
    return {party.public_country for party in agreement.parties.all()}


@admin.register(SeededRecord)
class SeededRecordAdmin(admin.ModelAdmin):
    list_display = ["key", "model", "object_id", "loaded_at"]
    search_fields = ["key"]

    def has_change_permission(self, request, obj=None):
        return False
