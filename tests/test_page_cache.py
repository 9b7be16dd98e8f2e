"""Public pages are computed once per change of the published data, and kept for everyone
until then: never older than the last published change, never anything private."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.test.utils import CaptureQueriesContext

from diplomacy.cache import FolderCache
from diplomacy.settings import cache_from_url
from statements import workflow
from statements.models import DataGeneration, Statement, Status
from statements.page_cache import kept_for_everyone

from .factories import change, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


def queries_of(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


def generation():
    return DataGeneration.objects.get(pk=1).number


def test_a_page_is_computed_once_and_then_read_from_the_cache_with_one_query(client):
    make_statement(title="Kept")
    first, computing = queries_of(client, "/statements/")
    again, reading = queries_of(client, "/statements/")
    assert computing > 5 and reading == 1  # the data's generation
    assert again.content == first.content and "Kept" in again.content.decode()
    assert again["Content-Type"] == "text/html; charset=utf-8"


def test_a_published_change_is_seen_at_once(client, reviewer):
    statement = make_statement(title="Before")
    assert "Before" in client.get("/statements/").content.decode()
    change(statement, title="After the correction")
    assert "After the correction" in client.get("/statements/").content.decode()


def test_publishing_unpublishing_and_deleting_are_seen_at_once(client, reviewer):
    draft = make_statement(title="Waiting", status=Status.IN_REVIEW)
    assert "Waiting" not in client.get("/statements/").content.decode()
    workflow.move(draft, workflow.PUBLISH)
    assert "Waiting" in client.get("/statements/").content.decode()
    workflow.move(draft, workflow.SEND_BACK, "a wrong date")
    assert "Waiting" not in client.get("/statements/").content.decode()
    gone = make_statement(title="Deleted soon")
    assert "Deleted soon" in client.get("/statements/").content.decode()
    desk = Client()
    desk.force_login(reviewer)
    desk.post(f"/admin/statements/statement/{gone.pk}/delete/", {"post": "yes"})
    assert not Statement.objects.filter(pk=gone.pk).exists()
    assert "Deleted soon" not in client.get("/statements/").content.decode()


def test_editing_a_draft_keeps_the_kept_pages(client):
    draft = make_statement(title="Draft", status=Status.DRAFT)
    before = generation()
    change(draft, title="Draft, retitled")
    assert generation() == before


def test_publishing_moves_the_generation_once():
    waiting = make_statement(title="One", status=Status.IN_REVIEW)
    before = generation()
    workflow.move(waiting, workflow.PUBLISH)
    assert generation() == before + 1


def test_readers_revalidate_and_get_304(client):
    make_statement()
    response = client.get("/statements/")
    assert response["Cache-Control"] == "public, no-cache"
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert client.get("/statements/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/statements/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    make_statement(title="News")
    assert client.get("/statements/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_way_back_to_one_reader_s_filtered_list_is_not_shown_to_another(client):
    statement = make_statement()
    url = statement.get_absolute_url()
    came_from = "http://testserver/statements/?country=CU"
    page = client.get(url, HTTP_REFERER=came_from).content.decode()
    assert 'href="/statements/?country=CU"' in page
    other = client.get(url).content.decode()
    assert 'href="/statements/?country=CU"' not in other


def test_the_desk_and_signed_in_pages_are_never_kept(client, reviewer):
    client.force_login(reviewer)
    desk, _ = queries_of(client, "/admin/")
    assert desk.status_code == 200 and "public" not in desk.get("Cache-Control", "")
    _, again = queries_of(client, "/admin/")
    assert again > 1
    assert not any(key.startswith(":1:page:") for key in cache._cache)


def test_errors_and_exports_are_not_kept(client):
    make_statement()
    client.get("/statements/99999/none/")
    client.get("/statements/export.csv")
    assert list(cache._cache) == []


def test_a_page_that_read_a_csrf_token_is_not_kept(rf):
    def with_token(request):
        get_token(request)
        return HttpResponse("a form")

    request = rf.get("/form/")
    kept_for_everyone(with_token)(request)
    assert list(cache._cache) == []


def test_the_cache_folder_is_looked_over_once_in_so_many_pages_kept_and_stays_bounded(
    tmp_path, monkeypatch
):
    options = {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2, "CHECK_EVERY": 5}
    folder = FolderCache(str(tmp_path), {"OPTIONS": options})
    listings = []
    listed = FolderCache._list_cache_files
    monkeypatch.setattr(
        FolderCache, "_list_cache_files", lambda self: listings.append(1) or listed(self)
    )
    for number in range(40):
        folder.set(f"page:{number}", "a page")
        assert len(list(tmp_path.glob("*.djcache"))) <= 10 + 5
    assert len(listings) == 40 // 5
    assert folder.get("page:39") == "a page"


def test_a_cache_url_of_a_folder_makes_that_cache():
    made = cache_from_url("file:///var/cache/pages")
    assert (made["BACKEND"], made["LOCATION"]) == (
        "diplomacy.cache.FolderCache",
        "/var/cache/pages",
    )
