"""Wikidata in the actor form, against answers in the form Wikidata's API gives them
(tests/wikidata_answers.json: written in that format, with illustrative items, since CI has
no network), and with Wikidata out of reach."""

import urllib.error
from unittest import mock

import pytest

from statements import wikidata
from statements.models import Actor

from .desk import change_url, form_data
from .factories import make_person

pytestmark = pytest.mark.django_db


def looked_up(client, **query):
    response = client.get("/admin/wikidata/", {**query, "format": "json"})
    assert response.status_code == 200
    return response.json()


def test_a_name_is_looked_up_with_its_labels_in_the_original_script(
    client, curator_at_desk, wikidata_answers
):
    found = looked_up(client, name="Sattar Hashemi", original_name_language="fa")
    assert found["notice"] == ""
    first, second = found["candidates"]
    assert (first["qid"], first["label"], first["description"]) == (
        "Q56402711",
        "Sattar Hashemi",
        "Iranian politician and engineer",
    )
    assert first["original_label"] == "ستار هاشمی"
    assert first["aliases"] == ["Seyed Sattar Hashemi", "سید ستار هاشمی"]
    assert (second["qid"], second["original_label"]) == ("Q130563210", "")
    # Asked once: the answers are kept for a day.
    looked_up(client, name="Sattar Hashemi", original_name_language="fa")
    assert len(wikidata_answers) == 2


def test_a_redirected_or_merged_item_is_followed(client, curator_at_desk, wikidata_answers):
    [item] = looked_up(client, name="q4115189")["candidates"]
    assert (item["qid"], item["redirected_from"]) == ("Q56402711", "Q4115189")


def test_no_candidates_and_an_unreachable_wikidata_are_said_plainly(
    client, curator_at_desk, wikidata_answers
):
    assert looked_up(client, name="Nobody of that name") == {"candidates": [], "notice": ""}
    lagging = looked_up(client, name="Lagging")
    assert lagging["candidates"] == [] and "cannot be reached" in lagging["notice"]
    with mock.patch.object(wikidata, "ask", side_effect=wikidata.Unreachable("timed out")):
        away = looked_up(client, name="Anyone at all")
        page = client.get("/admin/wikidata/", {"name": "Anyone at all"})
    assert "Type the Wikidata id by hand" in away["notice"]
    # The look-up page says so too, and still offers to look up another name.
    assert "Type the Wikidata id by hand" in page.content.decode()
    assert 'name="name" value="Anyone at all"' in page.content.decode()
    form = client.get("/admin/statements/actor/add/")
    assert form.status_code == 200 and "Look the name up on Wikidata" in form.content.decode()


def test_the_client_names_itself_and_backs_off_when_wikidata_lags(settings):
    settings.USER_AGENT = "Demarche/0.1 (https://demarche.test; desk@demarche.test)"
    seen = {}

    class Answer:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b'{"search": [], "success": 1}'

    def urlopen(request, timeout):
        seen.update(url=request.full_url, agent=request.get_header("User-agent"), timeout=timeout)
        return Answer()

    with mock.patch("urllib.request.urlopen", urlopen):
        assert wikidata.ask({"action": "wbsearchentities", "search": "x"}) == {
            "search": [],
            "success": 1,
        }
    assert seen["agent"] == settings.USER_AGENT
    assert "maxlag=5" in seen["url"] and seen["url"].startswith(wikidata.API)
    assert seen["timeout"] == wikidata.TIMEOUT
    refused = mock.Mock(side_effect=urllib.error.URLError("no network"))
    with mock.patch("urllib.request.urlopen", refused), pytest.raises(wikidata.Unreachable):
        wikidata.ask({"action": "wbsearchentities", "search": "x"})


def test_the_form_writes_nothing_until_the_curator_saves(client, curator_at_desk, wikidata_answers):
    """The look-up fills the form in the browser; the actor changes only when saved."""
    actor = make_person(name="Sattar Hashemi", original_name_language="fa", status="draft")
    response = client.get(change_url(actor))
    assert "/admin/wikidata/?name=Sattar+Hashemi&amp;original_name_language=fa" in (
        response.content.decode()
    )
    looked_up(client, name="Sattar Hashemi", original_name_language="fa")
    actor.refresh_from_db()
    assert actor.wikidata_id == ""
    data = form_data(response)
    data.update(wikidata_id="Q56402711", original_name="ستار هاشمی")
    response = client.post(change_url(actor), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    actor.refresh_from_db()
    assert (actor.wikidata_id, actor.original_name) == ("Q56402711", "ستار هاشمی")
    assert Actor.history.filter(id=actor.pk).count() == 2


def test_only_the_desk_may_look_names_up(client, wikidata_answers):
    response = client.get("/admin/wikidata/", {"name": "Sattar Hashemi"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert wikidata_answers == []
