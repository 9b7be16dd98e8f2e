"""The sitemap finds every published record exactly once, by ranges of ids, without OFFSET."""

import xml.etree.ElementTree as ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import Statement, Status
from statements.views import sitemaps

from .factories import make_actor, make_agreement, make_event, make_forum, make_statement, theme

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ElementTree.fromstring(response.content)
    return [element.text for element in root.iter(f"{SITEMAP}loc")]


def every_url(client):
    urls = []
    for section in locations(client, "/sitemap.xml"):
        urls += locations(client, section.removeprefix("http://testserver"))
    return urls


def test_every_published_record_is_in_one_section_exactly_once(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 3)
    statements = [make_statement(title=f"Said {n}") for n in range(7)]
    draft = make_statement(title="Not yet", status=Status.DRAFT)
    agreement = make_agreement(title="Signed")
    event = make_event(name="Met")
    actor = make_actor(name="Spoke")
    urls = every_url(client)
    expected = [*statements, agreement, event, actor]
    for record in expected:
        assert urls.count("http://testserver" + record.get_absolute_url()) == 1, record
    assert "http://testserver" + draft.get_absolute_url() not in urls
    sections = locations(client, "/sitemap.xml")
    last_id = Statement.objects.published().order_by("-pk").first().pk
    assert f"http://testserver/sitemaps/statements-{-(-last_id // 3)}.xml" in sections


def test_a_section_reads_a_range_of_ids_without_offset_or_count(client):
    make_statement()
    with CaptureQueriesContext(connection) as queries:
        client.get("/sitemaps/statements-1.xml")
    [query] = [q["sql"] for q in queries.captured_queries if "statements_statement" in q["sql"]]
    assert "OFFSET" not in query.upper() and "COUNT(" not in query.upper()
    assert '"statements_statement"."id" >=' in query and '"statements_statement"."id" <' in query


def test_a_section_gives_each_record_its_last_change(client):
    statement = make_statement()
    content = client.get("/sitemaps/statements-1.xml").content.decode()
    stamp = statement.updated_at.isoformat(timespec="seconds")
    assert f"{statement.get_absolute_url()}</loc><lastmod>{stamp}</lastmod>" in content


def test_the_hubs_section_lists_the_lists_and_the_hubs_with_records(client):
    forum = make_forum(name="Assembly")
    make_statement(on_behalf_of_country_id="CU", themes=[theme("e-government")])
    urls = locations(client, "/sitemaps/hubs.xml")
    for path in ["/", "/statements/", "/data/", "/countries/CU/", forum.get_absolute_url()]:
        assert "http://testserver" + path in urls, path
    assert "http://testserver/themes/e-government/" in urls
    assert "http://testserver/countries/ZW/" not in urls


def test_unknown_sections_are_404(client):
    for url in ["/sitemaps/nothing-1.xml", "/sitemaps/statements-0.xml"]:
        assert client.get(url).status_code == 404, url


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    # The API's records are the pages' records: crawlers read the pages, people the API's page.
    assert "Disallow: /api/v1/\n" in response.content.decode()
    assert "Disallow: /api/\n" not in response.content.decode()


def test_each_page_names_its_canonical_address(client):
    statement = make_statement()
    page = client.get(statement.get_absolute_url()).content.decode()
    url = "http://testserver" + statement.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in page
    listing = client.get("/statements/?country=IR").content.decode()
    assert '<link rel="canonical" href="http://testserver/statements/">' in listing
