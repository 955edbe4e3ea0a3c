"""The reader-query suite (sokfragor.yml), typed into the header box in Chromium.

Used by tests/test_search_suite.py, and on its own to print the pass rate
per class for docs/sok.md (of another set of queries, such as blinda.yml,
when it is named):

    .venv/bin/python tests/search/suite.py site/ [tests/search/blinda.yml]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SUITE = Path(__file__).with_name("sokfragor.yml")
#: Reader queries written blind (issue #33), never tuned for: the measure.
BLIND = Path(__file__).with_name("blinda.yml")


@dataclass
class Outcome:
    klass: str
    query: str
    hrefs: list[str]
    status: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def load_suite(path: Path = SUITE) -> dict[str, list[dict]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def type_query(page, query: str) -> tuple[list[str], str]:
    """Type ``query`` into the header box as a reader does; the results shown and the status."""
    page.fill("#hub-sok-falt", "")
    page.wait_for_function("document.getElementById('hub-sok-status').textContent.startsWith('Skriv')")
    page.type("#hub-sok-falt", query, delay=5)
    page.wait_for_function(
        "q => { const s = document.getElementById('hub-sok-status');"
        " return s.dataset.query === q && s.dataset.klar === 'ja'; }", arg=query, timeout=20000)
    hrefs = page.eval_on_selector_all("#hub-sok-resultat li a.md-search-result__link",
                                      "links => links.map(a => a.getAttribute('href'))")
    return hrefs, page.text_content("#hub-sok-status") or ""


def judge(klass: str, case: dict, hrefs: list[str], status: str) -> Outcome:
    outcome = Outcome(klass, case["q"], hrefs, status)
    for wanted in case.get("top3", []):
        if wanted not in hrefs[:3]:
            outcome.problems.append(f"{wanted} not in the top three")
    if case.get("any3") and not set(case["any3"]) & set(hrefs[:3]):
        outcome.problems.append(f"none of {', '.join(case['any3'])} in the top three")
    for unwanted in case.get("never", []):
        if unwanted in hrefs:
            outcome.problems.append(f"{unwanted} shown")
    if case.get("none") and (hrefs or not status.startswith("Inga träffar")):
        outcome.problems.append("hits shown for a word the site does not have")
    if case.get("says") and case["says"] not in status:
        outcome.problems.append(f"status does not say {case['says']!r}")
    return outcome


def run_suite(page, site_url: str, suite: dict[str, list[dict]] | None = None) -> list[Outcome]:
    page.goto(site_url)
    outcomes = []
    for klass, cases in (suite or load_suite()).items():
        for case in cases:
            hrefs, status = type_query(page, str(case["q"]))
            outcomes.append(judge(klass, case, hrefs, status))
    return outcomes


def rates(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """Passed and total per class, in the suite's order."""
    table: dict[str, tuple[int, int]] = {}
    for outcome in outcomes:
        passed, total = table.get(outcome.klass, (0, 0))
        table[outcome.klass] = (passed + outcome.passed, total + 1)
    return table


def main(site: Path, queries: Path = SUITE) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_FLAGS, serve_folder

    url, server = serve_folder(site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        outcomes = run_suite(page, url, load_suite(queries))
        browser.close()
    server.shutdown()
    for outcome in outcomes:
        if not outcome.passed:
            print(f"FAIL [{outcome.klass}] {outcome.query!r}: {'; '.join(outcome.problems)}"
                  f"  (shown: {' '.join(outcome.hrefs[:5])}; status: {outcome.status})")
    print("\n| Class | Passed |\n| --- | ---: |")
    for klass, (passed, total) in rates(outcomes).items():
        print(f"| {klass} | {passed} / {total} |")
    passed = sum(o.passed for o in outcomes)
    print(f"| **all** | **{passed} / {len(outcomes)} ({100 * passed / len(outcomes):.0f} %)** |")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(Path(arg) for arg in sys.argv[2:3]))
