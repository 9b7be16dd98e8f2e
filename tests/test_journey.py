"""Done when: starting at the home page and clicking only, a researcher finds every statement
Iran made at the CSTD about the digital divide, reads each with its source, and has a URL
that reproduces the view."""

import html
import re
from urllib.parse import urljoin

import pytest

from statements.importers import load_seed
from statements.models import Statement

pytestmark = pytest.mark.django_db


def follow(client, url, link_text_or_href):
    """Open `url` and follow the first link whose href or text contains the given words."""
    page = client.get(url).content.decode()
    for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, re.S):
        href = html.unescape(href)
        if link_text_or_href in href or link_text_or_href in re.sub("<[^>]+>", "", text):
            return urljoin(url, href)
    raise AssertionError(f"no link to {link_text_or_href!r} on {url}")


def test_every_iranian_statement_at_the_cstd_on_the_digital_divide_by_clicking(client):
    load_seed()
    expected = set(
        Statement.objects.filter(
            country="IR", forum__slug="cstd", themes__slug="digital-divide"
        ).values_list("title", flat=True)
    )
    assert len(expected) == 2

    iran = follow(client, "http://testserver/", "/countries/IR/")
    at_cstd = follow(client, iran, "forum=cstd")
    on_divide = follow(client, at_cstd, "theme=digital-divide")

    response = client.get(on_divide)
    assert {statement.title for statement in response.context["page"].rows} == expected
    assert response.context["notices"] == []

    for row in response.context["page"].rows:
        page = client.get(follow(client, on_divide, row.get_absolute_url())).content.decode()
        assert '<h2 id="sources">Sources</h2>' in page
        assert Statement.objects.get(pk=row.pk).sources.get().title in html.unescape(page)

    # The URL alone reproduces the view.
    again = client.get(on_divide.removeprefix("http://testserver"))
    assert [s.pk for s in again.context["page"].rows] == [
        s.pk for s in response.context["page"].rows
    ]
