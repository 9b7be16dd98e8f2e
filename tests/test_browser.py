"""A researcher in a real browser: filter by country and theme, read a statement, follow its
speaker. Runs in Debian's headless Chromium; CI installs it (REQUIRE_BROWSER=1)."""

import os
from pathlib import Path

import pytest

from .desk import member_of
from .factories import (
    make_actor,
    make_event,
    make_forum,
    make_person,
    make_role,
    make_source,
    make_statement,
    theme,
)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


# Every page the browser shows reports what its Content-Security-Policy refused.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${event.effectiveDirective} refused ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def browser_page():
    """A page of headless Chromium; the test fails if the policy refused anything on it."""
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.expose_function("reportViolation", lambda text: violations.append(text))
        page.add_init_script(REPORT_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and violations.append(message.text)
            ),
        )
        yield page
        browser.close()
    assert violations == []


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
    page.wait_for_url(f"{live_server.url}/actors/mohammad-mohsen-sadr/")
    assert "Iran on satellites" in page.content()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "researcher-follows-speaker.png", full_page=True)
    assert (ARTIFACTS / "researcher-follows-speaker.png").stat().st_size > 0
    assert requests_elsewhere == []


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")


def autocomplete(page, field, term, choice):
    """Pick `choice` in the admin's autocomplete for `field` by typing `term`."""
    page.click(f"#id_{field} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", term)
    page.click(f".select2-results__option >> text={choice}")


def test_a_curator_enters_a_statement_a_reviewer_publishes_it(live_server, browser_page):
    member_of("curators", "carla")
    member_of("reviewers", "rafael")
    make_person(name="Tahereh Jalili", original_name="طاهره جلیلی", country_id="IR")
    make_source(title="Statement submitted to the 23rd CSTD session")
    page = browser_page

    log_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/admin/statements/statement/add/")
    page.fill("#id_title", "Iran on the WSIS outcomes")
    autocomplete(page, "speaker", "طاهره", "Tahereh Jalili")
    page.fill("#id_date", "2020-06-10")
    page.select_option("#id_kind", "written_submission")
    page.select_option("#id_verification", "official_text")
    autocomplete(page, "sources", "23rd CSTD", "Statement submitted to the 23rd CSTD session")
    page.check("input[name=move][value=submit]")
    page.click("input[name=_save]")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    assert page.goto(f"{live_server.url}/statements/").ok
    assert "Iran on the WSIS outcomes" not in page.content()

    page.context.clear_cookies()
    log_in(page, live_server, "rafael")
    page.goto(f"{live_server.url}/admin/review/")
    page.check("input[aria-label='Publish Iran on the WSIS outcomes']")
    page.click("input[type=submit][value='Publish the chosen records']")
    assert "Publish: 1 record." in page.locator(".messagelist").inner_text()

    page.goto(f"{live_server.url}/statements/")
    assert "Iran on the WSIS outcomes" in page.content()
    page.click("text=Iran on the WSIS outcomes")
    assert "Tahereh Jalili" in page.locator(".facts").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "reviewer-published-statement.png", full_page=True)


def test_the_desks_widgets_work_under_the_content_security_policy(live_server, browser_page):
    """The agreement form's date reading, autocompletes and added inline rows, and the
    history page: the policy refuses nothing they do (the fixture checks)."""
    member_of("curators", "carla")
    make_actor(name="Ministry of ICT of Iran", country_id="IR")
    make_actor(name="Ministry of Communications of Cuba", country_id="CU")
    make_source(title="Iran and Cuba sign a memorandum")
    page = browser_page

    log_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/admin/statements/agreement/add/")
    page.fill("#id_title", "Iran–Cuba memorandum on ICT")
    page.select_option("#id_kind", "mou")
    page.select_option("#id_agreement_status", "signed")
    page.fill("#id_signed_on", "2024-11?")
    words = page.locator("#id_signed_on_words")
    words.filter(has_text="Reads: probably November 2024").wait_for()
    autocomplete(page, "sources", "memorandum", "Iran and Cuba sign a memorandum")
    autocomplete(page, "parties-0-organisation", "ICT", "Ministry of ICT of Iran")
    autocomplete(page, "parties-1-organisation", "Cuba", "Ministry of Communications of Cuba")
    page.click(".add-row a")
    assert page.locator("#id_parties-2-country").count() == 1
    page.click("input[name=_save]")
    assert "was added successfully" in page.locator(".messagelist").inner_text()

    page.click("text=Iran–Cuba memorandum on ICT")
    page.click("a.historylink")
    page.click("table#change-history a >> nth=0")
    page.locator("textarea[name=reason]").wait_for()  # the version, ready to restore
