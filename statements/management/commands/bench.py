import gc
import json
from dataclasses import asdict, fields

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from statements.benchmarks import (
    Browser,
    Parameters,
    about_five_percent,
    choose_parameters,
    describe,
    export_table,
    measure,
    middle_dates,
    plan_report,
    published_statements,
    scenarios,
)

# The targets of issue 7, at a million statements on PostgreSQL.
PAGE_TARGET_MS = 150
FULL_TEXT_TARGET_MS = 300
# And of issue 23, for the API's pages.
API_TARGET_MS = 100
API_FULL_TEXT_TARGET_MS = 150
DEEP_PAGE_RATIO = 2
FIRST_BYTE_SECONDS = 1
COPY_RATIOS = {"csv": 1 / 2, "json": 1 / 3}
MEMORY_GROWTH_MB = 100
SMALL_EXPORT_ROWS = 1000
SMALL_EXPORT = "~1,000 rows"
CHOSEN = [f.name for f in fields(Parameters)]

HEADER = (
    f"{'scenario':<28} {'path':<44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}  "
    f"{'plan':<60} verdict"
)


class Command(BaseCommand):
    help = (
        "Time the public pages (lists, their filters, search, deep pages, a record, the hubs) "
        "and the statement exports on the current database, with SQL queries per request and, "
        "on PostgreSQL, each list's plan; mark each figure against the targets of issue 7."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=20, help="Timed requests each.")
        parser.add_argument("--warm-up", type=int, default=2, help="Untimed requests first.")
        parser.add_argument("--only", help="Only the page scenarios whose name contains this.")
        parser.add_argument(
            "--kept",
            action="store_true",
            help="Time pages as the page cache answers them (after the warm-up), not computed.",
        )
        parser.add_argument("--skip-exports", action="store_true", help="Time no export.")
        parser.add_argument("--export-repeat", type=int, default=1, help="Runs per export.")
        parser.add_argument("--json", dest="json_file", help="Also write the figures here.")
        parser.add_argument("--compare", help="A previous --json file: report query counts.")
        for name in ("country", "forum", "theme", "date-from", "date-to"):
            parser.add_argument(f"--{name}", help="Instead of the value chosen from the data.")
        for name in ("common-word", "middling-word", "rare-word", "phrase"):
            parser.add_argument(f"--{name}", help="Instead of the value chosen from a sample.")
        parser.add_argument(
            "--statement", help="A statement page's path, instead of the newest statement's."
        )
        parser.add_argument(
            "--actor", help="An actor's slug for its feed, instead of the newest speaker's."
        )
        parser.add_argument(
            "--sitemap-section", help="A statements sitemap section's number, not the middle one."
        )
        parser.add_argument(
            "--deep-cursor", help="An API cursor, instead of the one halfway down the statements."
        )

    def handle(self, *args, **options):
        if options["requests"] < 1 or options["export_repeat"] < 1 or options["warm_up"] < 0:
            raise CommandError("--requests and --export-repeat must be at least 1, --warm-up 0.")
        try:
            report = self.run(options)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["json_file"]:
            with open(options["json_file"], "w") as file:
                json.dump(report, file, indent=2)

    def run(self, options):
        gc.freeze()  # as diplomacy.wsgi does once the site is loaded
        parameters = choose_parameters(**{name: options.get(name) for name in CHOSEN})
        self.introduce(parameters, options)
        pages = self.pages(Browser(kept=options["kept"]), parameters, options)
        report = {
            "database": connection.vendor,
            "statements": published_statements().count(),
            "requests": options["requests"],
            "parameters": asdict(parameters),
            "scenarios": pages,
            "deep_pages": self.deep_pages(pages),
            "exports": [] if options["skip_exports"] else self.exports(Browser(), options),
        }
        report["memory"] = self.memory(report["exports"])
        report["findings"] = findings(report, self.compare(pages, options["compare"]))
        self.stdout.write("\nFindings:" if report["findings"] else "\nFindings: none.")
        for finding in report["findings"]:
            self.stdout.write(f"- {finding}")
        return report

    def introduce(self, parameters, options):
        count = published_statements().count()
        self.stdout.write(
            f"Pages on {connection.vendor}, {count:,} published statements: server time through "
            f"Django's test client, {options['requests']} timed request(s) per scenario after "
            f"{options['warm_up']} warm-up(s)."
        )
        if settings.DEBUG:
            self.stdout.write("DEBUG is on, which slows every query; run with DEBUG=false.")
        chosen = ", ".join(
            f"{name}={len(value)} pages" if name == "first_visits" else f"{name}={value}"
            for name, value in asdict(parameters).items()
        )
        self.stdout.write(f"Parameters: {chosen}\n")

    def pages(self, browser, parameters, options):
        self.stdout.write(HEADER)
        results = []
        for scenario in scenarios(parameters):
            if options["only"] and options["only"] not in scenario.name:
                continue
            result = page_result(browser, scenario, options)
            self.stdout.write(page_row(result))
            results.append(result)
        return results

    def deep_pages(self, pages):
        """Page 200 against page 1 of each list measured both ways."""
        by_name = {page["name"]: page for page in pages if page.get("status") == 200}
        ratios = []
        for name, page in by_name.items():
            first = by_name.get(name.removesuffix(" page 200"))
            if name.endswith(" page 200") and first:
                ratio = page["p95_ms"] / first["p95_ms"]
                verdict = "ok" if ratio <= DEEP_PAGE_RATIO else "MISSED"
                ratios.append({"list": first["name"], "ratio": round(ratio, 2), "verdict": verdict})
        if ratios:
            self.stdout.write(
                f"\nDeep pages, page 200 p95 ÷ page 1 p95 (target ≤ {DEEP_PAGE_RATIO}): "
                + ", ".join(f"{r['list']} {r['ratio']:.2f} {r['verdict']}" for r in ratios)
            )
        return ratios

    def exports(self, browser, options):
        """A ~1,000-row export first, so that the full one shows how much memory grows."""
        filters = [
            (SMALL_EXPORT, middle_dates(SMALL_EXPORT_ROWS)),
            ("all statements", {}),
            ("~5%", about_five_percent()),
        ]
        self.stdout.write(
            f"\nExports of statements, median of {options['export_repeat']} run(s), in this "
            "order: "
            + ", ".join(f"{label} ({describe(query) or 'no filter'})" for label, query in filters)
        )
        results = export_table(browser, filters, options["export_repeat"], self.stdout.write)
        for result in results:
            result["verdicts"] = export_verdicts(result)
            if result["verdicts"]:
                outcomes = "; ".join(
                    f"{name} {outcome}" for name, outcome in result["verdicts"].items()
                )
                self.stdout.write(f"  {result['scenario']} {result['format']}: {outcomes}")
        if connection.vendor != "postgresql":
            self.stdout.write("COPY is PostgreSQL's; on this database there is no ratio to it.")
        return results

    def memory(self, exports):
        if not exports:
            return None
        small = max(r["peak_memory_mb"] for r in exports if r["scenario"] == SMALL_EXPORT)
        full = max(r["peak_memory_mb"] for r in exports if r["scenario"] == "all statements")
        growth = full - small
        verdict = "ok" if growth < MEMORY_GROWTH_MB else "MISSED"
        self.stdout.write(
            f"Peak memory grew by {growth:.0f} MB from the ~1,000-row export to the full one "
            f"(target < {MEMORY_GROWTH_MB} MB): {verdict}"
        )
        return {"growth_mb": round(growth, 1), "verdict": verdict}

    def compare(self, pages, previous_file):
        """Scenarios whose number of queries differs from the previous run's."""
        if not previous_file:
            return []
        with open(previous_file) as file:
            previous = {page["name"]: page.get("queries") for page in json.load(file)["scenarios"]}
        return [
            f"{page['name']} makes {page['queries']} queries, {previous[page['name']]} in "
            f"{previous_file}"
            for page in pages
            if page.get("queries") is not None
            and previous.get(page["name"]) not in (None, page["queries"])
        ]


def page_result(browser, scenario, options):
    result = {"name": scenario.name, "path": scenario.path}
    if not scenario.path:
        return {**result, "verdict": "skipped", "reason": "the data gives it no value"}
    figures = measure(
        browser, scenario.path, options["requests"], options["warm_up"], scenario.others
    )
    if scenario.path.startswith("/api/"):
        target = API_FULL_TEXT_TARGET_MS if scenario.full_text else API_TARGET_MS
    else:
        target = FULL_TEXT_TARGET_MS if scenario.full_text else PAGE_TARGET_MS
    p95 = figures.p95 * 1000
    result.update(
        status=figures.status,
        p50_ms=round(figures.p50 * 1000, 1),
        p95_ms=round(p95, 1),
        queries=len(figures.queries),
        target_ms=target,
        verdict="ok" if p95 < target else "MISSED",
        plan="",
        seq_scans=[],
        large_counts=[],
        filtered=scenario.filtered,
    )
    if figures.status != 200:
        result["verdict"] = f"ERROR {figures.status}"
    elif connection.vendor == "postgresql" and scenario.table:
        plan = plan_report(figures.queries, scenario.table)
        result.update(plan=plan.top, seq_scans=plan.seq_scans, large_counts=plan.large_counts)
    return result


def page_row(result):
    path = result["path"] or "—"
    path = path if len(path) <= 44 else path[:43] + "…"
    if result["verdict"] == "skipped":
        return f"{result['name'][:28]:<28} {path:<44} {'':>8} {'':>8} {'':>7}  {'':<60} skipped"
    plan = result["plan"] or "—"
    plan = plan if len(plan) <= 60 else plan[:59] + "…"
    return (
        f"{result['name'][:28]:<28} {path:<44} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
        f"{result['queries']:>7}  {plan:<60} {result['verdict']}"
    )


def export_verdicts(result):
    """First byte and the share of COPY's rows/s, for the site's own exports; the small one
    is there to measure memory against."""
    if result["format"] not in COPY_RATIOS or result["scenario"] == SMALL_EXPORT:
        return {}
    verdicts = {
        f"first byte < {FIRST_BYTE_SECONDS} s": verdict(
            result["first_byte_seconds"] < FIRST_BYTE_SECONDS
        )
    }
    if result["ratio_to_copy"] is not None:
        target = COPY_RATIOS[result["format"]]
        verdicts[f"≥ {target:.2f}× COPY"] = verdict(result["ratio_to_copy"] >= target)
    return verdicts


def verdict(met):
    return "ok" if met else "MISSED"


def findings(report, query_differences):
    found = []
    for page in report["scenarios"]:
        name = page["name"]
        if page["verdict"].startswith("ERROR"):
            found.append(f"error: {name} ({page['path']}) answered {page['status']}")
        elif page["verdict"] == "MISSED":
            found.append(f"missed: {name} p95 {page['p95_ms']} ms, target {page['target_ms']} ms")
        if page.get("filtered") and page.get("seq_scans"):
            found.append(f"sequential scan of {', '.join(page['seq_scans'])}: {name}")
        for rows in page.get("large_counts", []):
            found.append(f"exact count of about {rows:,} rows (planner's estimate): {name}")
    for deep in report["deep_pages"]:
        if deep["verdict"] != "ok":
            found.append(f"missed: {deep['list']} page 200 is {deep['ratio']}× page 1")
    for result in report["exports"]:
        for target, outcome in result.get("verdicts", {}).items():
            if outcome != "ok":
                found.append(f"missed: export {result['scenario']} {result['format']}: {target}")
    if report["memory"] and report["memory"]["verdict"] != "ok":
        found.append(f"missed: peak memory grew by {report['memory']['growth_mb']} MB")
    return found + [f"query count differs: {difference}" for difference in query_differences]
