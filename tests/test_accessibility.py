"""Every kind of page, public and of the desk, in headless Chromium at a desktop's width and a
phone's: axe-core (from npm, see package.json) finds nothing, and no page is wider than the
screen. A screenshot of each goes in test-artifacts/."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from statements.importers import jobs
from statements.importers.rows import Report
from statements.models import (
    Actor,
    Agreement,
    Event,
    Forum,
    ImportJob,
    Source,
    Statement,
    Status,
)

from .conftest import ARTIFACTS, needed, open_page
from .desk import member_of

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP, PHONE = 1280, 390

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def public_pages():
    """(name, path) of each kind of public page, on the seed's records."""
    statement = Statement.objects.published().order_by("pk").first()
    agreement = Agreement.objects.published().order_by("pk").first()
    event = Event.objects.published().order_by("pk").first()
    actor = statement.speaker
    forum = Forum.objects.published().get(acronym="CSTD")
    return [
        ("home", "/"),
        ("statements", "/statements/"),
        ("statements-filtered", "/statements/?country=IR&theme=digital-development"),
        ("statements-search", "/statements/?q=divide"),
        ("statements-empty", "/statements/?country=FJ"),
        ("agreements", "/agreements/"),
        ("events", "/events/"),
        ("actors", "/actors/"),
        ("statement", statement.get_absolute_url()),
        ("agreement", agreement.get_absolute_url()),
        ("event", event.get_absolute_url()),
        ("actor", actor.get_absolute_url()),
        ("country", "/countries/IR/"),
        ("forum", forum.get_absolute_url()),
        ("theme", "/themes/digital-development/"),
        ("data", "/data/"),
        ("api", "/api/"),
        ("not-found", "/no-such-page/"),
    ]


def desk_pages():
    statement = Statement.objects.order_by("pk").first()
    agreement = Agreement.objects.order_by("pk").first()
    return [
        ("desk-home", "/admin/"),
        ("desk-statements", "/admin/statements/statement/"),
        ("desk-add-statement", "/admin/statements/statement/add/"),
        ("desk-wikidata", "/admin/wikidata/"),
        ("desk-change-statement", f"/admin/statements/statement/{statement.pk}/change/"),
        ("desk-add-agreement", "/admin/statements/agreement/add/"),
        ("desk-change-agreement", f"/admin/statements/agreement/{agreement.pk}/change/"),
        ("desk-actors", "/admin/statements/actor/"),
        ("desk-review", "/admin/review/"),
        ("desk-change-actor", f"/admin/statements/actor/{Actor.objects.first().pk}/change/"),
        ("desk-change-source", f"/admin/statements/source/{Source.objects.first().pk}/change/"),
        ("desk-import", "/admin/import/"),
        ("desk-import-job", f"/admin/import/{ImportJob.objects.get().pk}/"),
    ]


def problems_on(page, browser, name, width):
    """What axe-core found on the page, and whether it is wider than the screen."""
    refused_before = len(browser.violations)
    # What the page's scripts start once it has loaded is done first: the desk's autocompletes
    # are drawn when jQuery is ready, a task after the load.
    page.evaluate("new Promise(done => setTimeout(() => requestAnimationFrame(() => done()), 0))")
    page.evaluate(AXE.read_text())
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    # What axe itself does (it sets styles to test contrast) is none of the page's doing.
    del browser.violations[refused_before:]
    problems = [
        f"{name} at {width}px: {violation['id']} ({violation['impact']}) on "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in found["violations"]
    ]
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        problems.append(f"{name} at {width}px: the page is {wide}px wide")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{width}.png", full_page=True)
    return problems


@pytest.fixture
def seeded(settings, tmp_path):
    call_command("load_seed", verbosity=0)
    # The data page lists a release, with its checksums.
    settings.RELEASES_DIR = tmp_path / "releases"
    call_command("release", "--date", "2026-12-07", verbosity=0, stdout=io.StringIO())
    reviewer = member_of("reviewers", "rafael")
    # An import checked by the worker, with an error and a row it would add.
    report = Report(rows=2, created=1, error_count=1, size=240)
    report.error(3, "speaker_slug", "No actor with slug 'nobody'; create it first.")
    report.note("Row 2: a new statement, “On WSIS”.")
    ImportJob.objects.create(
        user=reviewer,
        records="statements",
        status=Status.DRAFT,
        file_name="statements.csv",
        size=240,
        phase=ImportJob.Phase.CHECKED,
        report=jobs.kept(report),
    )
    # A published record corrected and in review, so that the queue shows what changed.
    statement = Statement.objects.published().order_by("pk").last()
    statement.title = f"{statement.title} (corrected)"
    statement.status = Status.IN_REVIEW
    statement.save()


def sign_in(page, live_server):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "rafael")
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_every_kind_of_page_is_accessible_and_fits_the_screen(live_server, browser, seeded, width):
    needed(AXE, "npm ci installs axe-core; make test does")
    page = open_page(browser, width=width, height=900)
    problems = []
    for name, path in public_pages():
        page.goto(f"{live_server.url}{path}")
        problems += problems_on(page, browser, name, width)
    sign_in(page, live_server)
    for name, path in desk_pages():
        page.goto(f"{live_server.url}{path}")
        problems += problems_on(page, browser, name, width)
    Path(ARTIFACTS / f"accessibility-{width}.txt").write_text("\n".join(problems))
    assert problems == []


def test_on_a_phone_the_results_come_first_and_the_panel_opens_from_a_button(
    live_server, browser, seeded
):
    page = open_page(browser, width=PHONE, height=800)
    page.goto(f"{live_server.url}/statements/")
    summary = page.locator(".filter-panel > summary")
    first_result = page.locator(".records li").first
    assert summary.bounding_box()["height"] >= 44
    assert first_result.bounding_box()["y"] < 800
    assert not page.locator("#facet-country").is_visible()
    summary.click()
    page.locator("#facet-country label", has_text="Iran").click()
    page.click("text=Apply filters")
    assert page.url.endswith("/statements/?country=IR")
    for target in page.locator(".facet-options label, .chips a, .pager a").all():
        if target.is_visible():
            assert target.bounding_box()["height"] >= 44, target.inner_text()


def test_on_a_desktop_the_panel_is_open_beside_the_results(live_server, browser, seeded):
    page = open_page(browser, width=DESKTOP)
    page.goto(f"{live_server.url}/statements/")
    assert not page.locator(".filter-panel > summary").is_visible()
    panel = page.locator("#facet-country").bounding_box()
    results = page.locator(".results").bounding_box()
    assert panel["x"] + panel["width"] <= results["x"]
