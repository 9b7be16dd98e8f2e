"""A researcher in a real browser: filter by country and theme, read a statement, follow its
speaker. Runs in Debian's headless Chromium; CI installs it (REQUIRE_BROWSER=1)."""

import pytest

from statements.models import Actor

from .conftest import ARTIFACTS, open_page
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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_researcher_filters_by_clicking_shares_the_link_and_follows_a_speaker(
    live_server, browser
):
    """Iran × CSTD × digital divide, by clicking in the filter panel only; then the link,
    copied and opened fresh, shows the same view."""
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
    make_statement(title="Iran elsewhere", speaker=sadr, themes=[theme("digital-divide")])
    make_statement(
        title="Cuba on the divide",
        speaker=make_person(country_id="CU"),
        event=session,
        themes=[theme("digital-divide")],
    )
    page = open_page(browser)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    requests_elsewhere = []
    page.on(
        "request",
        lambda request: (
            request.url.startswith(live_server.url) or requests_elsewhere.append(request.url)
        ),
    )

    page.goto(f"{live_server.url}/statements/")
    for facet, value in [
        ("country", "Iran"),
        ("forum", "Commission on Science"),
        ("theme", "Digital divide"),
    ]:
        page.locator(f"#facet-{facet} label", has_text=value).click()
        page.click("text=Apply filters")

    assert (
        page.url
        == f"{live_server.url}/statements/?country=IR&forum={cstd.slug}&theme=digital-divide"
    )
    titles = page.locator(".results .record-title").all_inner_texts()
    assert titles == ["Coercive measures and the digital divide"]
    assert page.locator(".chips").inner_text().count("×") == 3
    # Within Iran and the theme, the CSTD gives one statement; within the CSTD and the
    # theme, Cuba gives one too.
    assert "Cuba\n1" in page.locator("#facet-country").inner_text()

    page.click("text=Copy link")
    page.locator(".copied", has_text="Link copied.").wait_for()
    link = page.evaluate("navigator.clipboard.readText()")
    fresh = open_page(browser)
    fresh.goto(link)
    assert fresh.locator(".results .record-title").all_inner_texts() == titles

    page.click("text=Coercive measures and the digital divide")
    assert page.locator("h1").inner_text() == "Coercive measures and the digital divide"
    assert "Head of the Information Technology Organization of Iran" in page.content()
    page.click("text=← Back to your statements")
    assert page.url == link

    page.click(".results >> text=Coercive measures and the digital divide")
    page.click(".facts >> text=Mohammad-Mohsen Sadr")
    page.wait_for_url(f"{live_server.url}/actors/mohammad-mohsen-sadr/")
    assert "Iran on satellites" in page.content()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "researcher-follows-speaker.png", full_page=True)
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
    jalili = make_person(name="Tahereh Jalili", original_name="طاهره جلیلی", country_id="IR")
    make_source(title="Statement submitted to the 23rd CSTD session")
    make_statement(title="Iran on the WSIS outcome", speaker=jalili, date="2020-06-10")
    page = browser_page

    log_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/admin/statements/statement/add/")
    page.fill("#id_title", "Iran on the WSIS outcomes")
    autocomplete(page, "speaker", "طاهره", "Tahereh Jalili")
    page.fill("#id_date", "2020-06-10")
    hint = page.locator("#id_title_duplicates")
    hint.filter(has_text="This may repeat Iran on the WSIS outcome (2020-06-10").wait_for()
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


def test_a_curator_fills_an_actor_from_wikidata(live_server, browser_page, wikidata_answers):
    member_of("curators", "carla")
    page = browser_page
    log_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/admin/statements/actor/add/")
    page.fill("#id_name", "Sattar Hashemi")
    page.fill("#id_original_name_language", "fa")
    page.click("a.wikidata-lookup")
    page.click("#id_wikidata_id_candidates button >> text=Use Q56402711")
    assert page.input_value("#id_wikidata_id") == "Q56402711"
    assert page.input_value("#id_original_name") == "ستار هاشمی"
    assert page.input_value("#id_other_names") == "Seyed Sattar Hashemi\nسید ستار هاشمی"
    assert "check the fields, then save" in page.inner_text("#id_wikidata_id_candidates")
    assert not Actor.objects.exists()  # nothing is saved until the curator saves


def test_a_curator_finds_a_country_in_the_desks_filter_by_typing(live_server, browser_page):
    member_of("curators", "carla")
    make_statement(speaker=make_person(country_id="IR"))
    make_statement(speaker=make_person(country_id="CU"))
    page = browser_page
    log_in(page, live_server, "carla")
    page.goto(f"{live_server.url}/admin/statements/statement/")
    page.click("details.findable > summary")
    page.fill("input.filter-find", "cub")
    assert page.locator("details.findable li:visible").all_inner_texts() == ["Cuba"]
    page.click("details.findable >> text=Cuba")
    assert page.url.endswith("?country=CU")


def test_a_researcher_finds_a_country_in_the_panel_by_typing(live_server, browser_page):
    """A long facet gets a box that keeps only the values typed (accents ignored) and the
    ones already chosen; without the script the whole list is there."""
    for code in ("IR", "CU", "BR", "RS", "CN", "IN", "ZA", "EG", "CO", "CL"):
        make_statement(speaker=make_person(country_id=code))
    page = browser_page
    page.goto(f"{live_server.url}/statements/?country=IR")
    page.fill("#facet-country .facet-find", "cote")  # Côte… is not there; nothing but Iran
    assert page.locator("#facet-country li:visible").all_inner_texts() == ["Iran\n1"]
    page.fill("#facet-country .facet-find", "colom")
    assert page.locator("#facet-country li:visible .value").all_inner_texts() == [
        "Colombia",
        "Iran",
    ]
    page.locator("#facet-country label", has_text="Colombia").click()
    page.click("text=Apply filters")
    assert page.url.endswith("/statements/?country=CO&country=IR")
