"""A researcher in a real browser: filter by country and theme, read a statement, follow its
speaker. Runs in Debian's headless Chromium; CI installs it (REQUIRE_BROWSER=1)."""

import os
from pathlib import Path

import pytest

from .factories import make_event, make_forum, make_person, make_role, make_statement, theme

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_page():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        yield page
        browser.close()


def test_a_researcher_filters_statements_reads_one_and_follows_its_speaker(
    live_server, browser_page
):
    sadr = make_person(name="Mohammad-Mohsen Sadr", country_id="IR")
    make_role(sadr, title="Head of the Information Technology Organization of Iran")
    cstd = make_forum(name="Commission on Science and Technology for Development", acronym="CSTD")
    session = make_event(name="28th session of the CSTD", forum=cstd)
    make_statement(
        title="Coercive measures and the digital divide",
        speaker=sadr,
        event=session,
        themes=[theme("digital-divide")],
        summary="Sanctions widen the digital divide.",
    )
    make_statement(title="Iran on satellites", speaker=sadr, themes=[theme("satellites")])
    make_statement(
        title="Cuba on the divide",
        speaker=make_person(country_id="CU"),
        themes=[theme("digital-divide")],
    )
    page = browser_page
    requests_elsewhere = []
    page.on(
        "request",
        lambda request: (
            request.url.startswith(live_server.url) or requests_elsewhere.append(request.url)
        ),
    )

    page.goto(f"{live_server.url}/statements/")
    page.select_option("#id_country", "IR")
    page.select_option("#id_theme", "digital-divide")
    page.click("button[type=submit]")

    assert "country=IR" in page.url and "theme=digital-divide" in page.url
    titles = page.locator(".results .record-title").all_inner_texts()
    assert titles == ["Coercive measures and the digital divide"]
    assert page.locator(".chips").inner_text().count("×") == 2

    page.click("text=Coercive measures and the digital divide")
    assert page.locator("h1").inner_text() == "Coercive measures and the digital divide"
    assert "Head of the Information Technology Organization of Iran" in page.content()

    page.click(".facts >> text=Mohammad-Mohsen Sadr")
    assert page.url == f"{live_server.url}/actors/mohammad-mohsen-sadr/"
    assert "Iran on satellites" in page.content()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "researcher-follows-speaker.png", full_page=True)
    assert (ARTIFACTS / "researcher-follows-speaker.png").stat().st_size > 0
    assert requests_elsewhere == []
