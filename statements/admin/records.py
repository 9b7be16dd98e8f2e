from django.contrib import admin

from .models import (
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


class CuratedAdmin(admin.ModelAdmin):
    list_filter = ["status"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Theme)
class ThemeAdmin(CuratedAdmin):
    list_display = ["name", "slug", "parent", "status"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    list_display = ["title", "publisher", "published_on", "kind", "language", "status"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["title", "publisher", "author", "url"]


@admin.register(Forum)
class ForumAdmin(CuratedAdmin):
    list_display = ["name", "acronym", "kind", "parent", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "acronym", "slug"]
    autocomplete_fields = ["parent", "sources"]


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["organisation", "sources"]
    fields = [
        "title",
        "organisation",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "sources",
        "status",
    ]


@admin.register(Actor)
class ActorAdmin(CuratedAdmin):
    list_display = ["name", "original_name", "kind", "country", "parent", "status"]
    list_filter = ["status", "kind", "country"]
    search_fields = ["name", "original_name", "other_names", "slug"]
    autocomplete_fields = ["country", "parent", "sources"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(CuratedAdmin):
    list_display = ["person", "title", "organisation", "start_date", "end_date", "status"]
    search_fields = ["person__name", "title", "organisation__name"]
    autocomplete_fields = ["person", "organisation", "sources"]


@admin.register(Event)
class EventAdmin(CuratedAdmin):
    list_display = ["name", "kind", "forum", "start_date", "city", "host_country", "status"]
    list_filter = ["status", "kind", "forum", "attendance"]
    search_fields = ["name", "city", "slug"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["forum", "part_of", "host_country", "participating_countries", "sources"]


@admin.register(Statement)
class StatementAdmin(CuratedAdmin):
    list_display = ["title", "speaker", "country", "forum", "date", "kind", "status"]
    list_filter = ["status", "kind", "forum", "themes", "country"]
    search_fields = ["title", "speaker__name", "summary"]
    date_hierarchy = "date"
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


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 2
    autocomplete_fields = ["country", "organisation", "signatory"]


@admin.register(Agreement)
class AgreementAdmin(CuratedAdmin):
    list_display = ["title", "kind", "agreement_status", "signed_on", "status"]
    list_filter = ["status", "kind", "agreement_status", "themes"]
    search_fields = ["title", "summary"]
    autocomplete_fields = ["event", "signed_in", "themes", "sources"]
    inlines = [AgreementPartyInline]


@admin.register(SeededRecord)
class SeededRecordAdmin(admin.ModelAdmin):
    list_display = ["key", "model", "object_id", "loaded_at"]
    search_fields = ["key"]

    def has_change_permission(self, request, obj=None):
        return False
