from .api import documentation as api_documentation
from .citations import agreement_citation, statement_citation
from .exports import data, data_package, export
from .feeds import actor_feed, country_feed, forum_feed, list_feed, theme_feed
from .hubs import country_detail, forum_detail, home, theme_detail
from .lists import actor_list, agreement_list, event_list, statement_list
from .records import (
    actor_detail,
    agreement_detail,
    event_detail,
    source_copy,
    statement_detail,
)
from .releases import release_file
from .sitemaps import robots, sitemap_hubs, sitemap_index, sitemap_section

__all__ = [
    "api_documentation",
    "actor_detail",
    "actor_feed",
    "actor_list",
    "agreement_citation",
    "agreement_detail",
    "agreement_list",
    "country_detail",
    "country_feed",
    "data",
    "data_package",
    "event_detail",
    "event_list",
    "export",
    "forum_detail",
    "forum_feed",
    "home",
    "list_feed",
    "release_file",
    "robots",
    "sitemap_hubs",
    "sitemap_index",
    "sitemap_section",
    "source_copy",
    "statement_citation",
    "statement_detail",
    "statement_list",
    "theme_detail",
    "theme_feed",
]
