"""Personas and fixtures shared by the suite."""

import datetime
import json
import os
from pathlib import Path

import pytest
from django.core.cache import cache

from statements import facets, wikidata
from statements.models import Actor, Event, Status

from .desk import member_of
from .factories import (
    add_party,
    make_actor,
    make_agreement,
    make_event,
    make_forum,
    make_person,
    make_role,
    make_source,
    make_statement,
    make_theme,
    relate,
    theme,
)
from .files import AWKWARD_TEXT, ESCAPED_TEXT


@pytest.fixture
def curator(db):
    """Carla enters and corrects records and submits them for review."""
    return member_of("curators", "carla")


@pytest.fixture
def curator_at_desk(client, curator):
    """Carla, signed in to the desk in `client`."""
    client.force_login(curator)
    return curator


@pytest.fixture
def reviewer(db):
    """Rafael also publishes, sends back to draft and deletes published records."""
    return member_of("reviewers", "rafael")


@pytest.fixture
def awkward_statements():
    """Statements whose cells and values test every rule of both formats."""
    formula_theme = make_theme(name="=SUM(A1)")
    draft_theme = make_theme(name="Draft theme", status=Status.DRAFT)
    odd_sources = [
        make_source(title="@home", publisher="", url=""),
        make_source(title="Plain report", publisher="-dash press"),
        make_source(title="Draft source", status=Status.DRAFT),
        make_source(title="Undated", published_on="", accessed_on=datetime.date(2025, 5, 2)),
        make_source(
            title=ESCAPED_TEXT,
            published_on="2024-06?",
        ),
    ]
    group = make_actor(name="+Group of 77", kind=Actor.Kind.INTERGOVERNMENTAL, country=None)
    cstd = make_forum(name="CSTD", acronym="CSTD")
    first = make_statement(
        title="=1+1",
        summary=AWKWARD_TEXT,
        text='ایران و کوبا, "همکاری"',
        date="2025-04?",
        language="",
        on_behalf_of_country_id="IR",
        event=make_event(forum=cstd),
        themes=[formula_theme, theme("digital-divide"), draft_theme],
        text_is_excerpt=True,
    )
    relate(first, mentioned_countries=["IR", "CU", "RS"])
    relate(first, sources=odd_sources)
    make_statement(
        title="Said by a speaker still in draft",
        speaker=make_person(status=Status.DRAFT, country_id="CU"),
        event=make_event(status=Status.DRAFT),
        date="2024",
    )
    make_statement(
        title="'Quoted, with a comma",
        summary="+plus",
        text="-minus\n",
        speaker_title="@the title",
        date="2023-08~/2024-07",
        on_behalf_of_actor=group,
        forum=make_forum(name="Draft forum", status=Status.DRAFT),
    )
    make_statement(
        title="Tab\tinside", summary="\tleading tab", text="\rleading return", date="201X"
    )
    nothing_listed = make_statement(
        title=ESCAPED_TEXT,
        text=ESCAPED_TEXT,
        speaker=make_person(name='Ali "the \\ Wise"', country=None),
        speaker_title=ESCAPED_TEXT,
        date="2025-02/..",
    )
    relate(nothing_listed, sources=[odd_sources[2]])
    make_statement(title="Hidden", status=Status.DRAFT)


@pytest.fixture
def awkward_records(awkward_statements):
    """Besides the awkward statements, agreements, events and actors whose every field is
    tried with odd values: formulas, quotes, line breaks, unpublished related records."""
    odd = make_source(
        title="=Odd source",
        publisher="@press",
        url="",
        published_on="",
        accessed_on=datetime.date(2025, 1, 2),
    )
    draft_source = make_source(title="Draft src", status=Status.DRAFT)
    forum = make_forum(name="+Forum", acronym="PF")
    draft_forum = make_forum(name="Draft forum 2", status=Status.DRAFT)
    big = make_event(
        name="Big meeting",
        forum=forum,
        host_country_id="CH",
        city="-Geneva",
        description=AWKWARD_TEXT,
    )
    relate(big, participating_countries=["IR", "CU", "RS"], sources=[odd, draft_source])
    side = make_event(
        name="Side ='event",
        part_of=big,
        forum=draft_forum,
        start_date="2025-04",
        end_date="",
        attendance=Event.Attendance.VIRTUAL,
    )
    make_event(
        name="Draft part",
        part_of=make_event(name="Hidden parent", status=Status.DRAFT),
        start_date="2024",
        end_date="2024-12",
    )
    parent = make_actor(name="University of Belgrade", country_id="RS")
    hidden_parent = make_actor(name="Hidden org", status=Status.DRAFT)
    make_person(
        name='Ali "the \\ Wise"',
        original_name="علی",
        original_name_language="fa",
        other_names="  Ali W.  \r\n\n=Formula name\r\n\tTabbed\n",
        parent=parent,
        wikidata_id="Q42",
    )
    make_person(name="+Plus", other_names="", country=None, parent=hidden_parent)
    make_actor(name=ESCAPED_TEXT, other_names=ESCAPED_TEXT, kind=Actor.Kind.NGO, country_id="CU")
    minister = make_person(name="Minister One", country_id="IR")
    make_role(minister, title="Minister of ICT")
    draft_signer = make_person(name="Draft signer", status=Status.DRAFT, country_id="CU")
    ministry = make_actor(name="Ministry of ICT of Iran", country_id="IR")
    agreement = make_agreement(
        title="=Agreement, one",
        parties=(),
        event=big,
        city="@Havana",
        signed_in_id="CU",
        summary=AWKWARD_TEXT,
        text=ESCAPED_TEXT,
        signed_on="2024-11",
        themes=[make_theme(name="=Theme"), theme("satellites")],
        sources=[odd, draft_source, make_source(title="Plain")],
    )
    add_party(agreement, country_id="IR", organisation=ministry, signatory=minister)
    add_party(agreement, country_id="CU", signatory=draft_signer, signatory_title="=Title")
    add_party(agreement, organisation=make_actor(name="Draft ministry", status=Status.DRAFT))
    add_party(agreement, organisation=make_actor(name="Orgless", country=None))
    make_agreement(
        title="Undated",
        signed_on="",
        agreement_status="proposed",
        parties=("RS", "CN"),
        event=side,
    )
    make_agreement(
        title="Year only",
        signed_on="2020",
        parties=("IR",),
    )
    make_agreement(title="Set up before", signed_on="../2024-01-24", parties=("IR", "CU"))


# The browser tests: Debian's Chromium, driven by Playwright.
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Every page the browser shows reports what its Content-Security-Policy refused.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.effectiveDirective} refused ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def needed(path, how):
    """Skip the test when a tool it needs is missing; in CI (REQUIRE_BROWSER), fail."""
    if not path.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{path} is missing; {how}")
        pytest.skip(f"{path} is missing ({how})")


@pytest.fixture
def browser():
    """Headless Chromium, and the policy violations its pages reported."""
    needed(CHROMIUM, "apt-get install chromium; .ci/run does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        browser.violations = []
        yield browser
        browser.close()
    assert browser.violations == []


def open_page(browser, width=1280, height=1000):
    """A page of `browser` that reports what its Content-Security-Policy refused."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.expose_function("reportViolation", lambda text: browser.violations.append(text))
    page.add_init_script(REPORT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and browser.violations.append(message.text)
        ),
    )
    return page


@pytest.fixture
def browser_page(browser):
    """A page of headless Chromium; the test fails if the policy refused anything on it."""
    return open_page(browser)


# Wikidata's answers, in the form its API gives them (tests/wikidata_answers.json).
WIKIDATA_ANSWERS = json.loads((Path(__file__).parent / "wikidata_answers.json").read_text())


@pytest.fixture(autouse=True)
def facets_of_this_tests_data():
    """What the filter panel keeps per generation of the data in the process: each test's
    data is its own, though the generation numbers of every test's database start alike."""
    facets.PER_GENERATION.clear()


@pytest.fixture
def wikidata_answers(monkeypatch):
    """Wikidata answering from tests/wikidata_answers.json; every question asked, in order."""
    asked = []

    def ask(params):
        asked.append(params)
        for recorded in WIKIDATA_ANSWERS:
            if all(str(params.get(key)) == value for key, value in recorded["asked"].items()):
                return recorded["answer"]
        raise AssertionError(f"no recorded answer for {params}")

    cache.clear()
    monkeypatch.setattr(wikidata, "ask", ask)
    yield asked
    cache.clear()
