from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from diplomacy.routers import reading_the_replica

from . import views
from .openapi import RECORD_KEYS
from .page_cache import kept_for_everyone
from .views import api
from .views.api import api_endpoint


def read_only(view):
    """Pages, records, hubs and files are only read: GET and HEAD. Any other method gets 405
    with Allow before the view runs its queries, and before a CSRF check that would answer 403
    to a request that changes nothing anyway. They are the same for every reader, kept until
    the published data changes (page_cache.py), and read from the replica if there is one."""
    return csrf_exempt(require_safe(reading_the_replica(kept_for_everyone(view))))


app_name = "statements"
urlpatterns = [
    path("api/", read_only(views.api_documentation), name="api"),
    path("api/v1/openapi.json", api_endpoint(api.openapi), name="api_description"),
    path("api/v1/<slug:list_name>/", api_endpoint(api.record_list), name="api_list"),
    *[
        path(
            f"api/v1/{list_name}/<{'int' if key == 'id' else 'slug'}:key>/",
            api_endpoint(api.record_detail),
            {"list_name": list_name},
            name=f"api_{list_name.removesuffix('s')}",
        )
        for list_name, (key, _) in RECORD_KEYS.items()
    ],
    path("api/v1/countries/<str:code>/", api_endpoint(api.country_hub), name="api_country"),
    path("api/v1/forums/<slug:slug>/", api_endpoint(api.forum_hub), name="api_forum"),
    path("api/v1/themes/<slug:slug>/", api_endpoint(api.theme_hub), name="api_theme"),
    path("", read_only(views.home), name="home"),
    path(
        "<slug:list_name>/export.<str:extension>",
        read_only(views.export),
        name="export",
    ),
    path("<slug:list_name>/feed.atom", read_only(views.list_feed), name="list_feed"),
    path("robots.txt", read_only(views.robots), name="robots"),
    path("sitemap.xml", read_only(views.sitemap_index), name="sitemap_index"),
    path("sitemaps/hubs.xml", read_only(views.sitemap_hubs), name="sitemap_hubs"),
    path(
        "sitemaps/<slug:kind>-<int:number>.xml",
        read_only(views.sitemap_section),
        name="sitemap_section",
    ),
    path("data/", read_only(views.data), name="data"),
    path("data/datapackage.json", read_only(views.data_package), name="data_package"),
    path(
        "data/releases/<str:name>/<str:file_name>",
        read_only(views.release_file),
        name="release_file",
    ),
    path("statements/", read_only(views.statement_list), name="statement_list"),
    path(
        "statements/<int:pk>/<str:slug>/",
        read_only(views.statement_detail),
        name="statement_detail",
    ),
    path(
        "statements/<int:pk>/<str:slug>/cite.<str:extension>",
        read_only(views.statement_citation),
        name="statement_citation",
    ),
    path("agreements/", read_only(views.agreement_list), name="agreement_list"),
    path(
        "agreements/<int:pk>/<str:slug>/",
        read_only(views.agreement_detail),
        name="agreement_detail",
    ),
    path(
        "agreements/<int:pk>/<str:slug>/cite.<str:extension>",
        read_only(views.agreement_citation),
        name="agreement_citation",
    ),
    path("events/", read_only(views.event_list), name="event_list"),
    path("events/<slug:slug>/", read_only(views.event_detail), name="event_detail"),
    path("sources/<int:pk>/copy", read_only(views.source_copy), name="source_copy"),
    path("actors/", read_only(views.actor_list), name="actor_list"),
    path("actors/<slug:slug>/", read_only(views.actor_detail), name="actor_detail"),
    path("actors/<slug:slug>/feed.atom", read_only(views.actor_feed), name="actor_feed"),
    path("countries/<str:code>/", read_only(views.country_detail), name="country_detail"),
    path("countries/<str:code>/feed.atom", read_only(views.country_feed), name="country_feed"),
    path("forums/<slug:slug>/", read_only(views.forum_detail), name="forum_detail"),
    path("forums/<slug:slug>/feed.atom", read_only(views.forum_feed), name="forum_feed"),
    path("themes/<slug:slug>/", read_only(views.theme_detail), name="theme_detail"),
    path("themes/<slug:slug>/feed.atom", read_only(views.theme_feed), name="theme_feed"),
]
