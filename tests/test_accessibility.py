"""WCAG 2.1 AA checked by axe-core in Chromium, on every page template, light and dark.

axe-core comes from npm (package.json pins it); `.ci/run` installs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from tillitsnavet.records.catalog import load_catalog

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _pages() -> list[str]:
    """Every hand-written page and one record page of each kind."""
    pages = []
    for md in sorted((REPO / "content").rglob("*.md")):
        rel = md.relative_to(REPO / "content").as_posix()[:-3]
        pages.append("" if rel == "index" else (rel[:-5] if rel.endswith("index") else rel + "/"))
    catalog, _ = load_catalog(REPO)
    for kind in ("forsok", "forum", "exempel"):
        published = [r for r in catalog.of_kind(kind) if not r.draft]
        pages.append(published[0].url)
    pages.append("utforska/?typ=forsok&lan=kalmar-lan")
    pages.append("utforska/?typ=forsok&q=zzqx")   # no result: the offers to drop a filter or search
    pages.append("taggar/")
    return pages


#: What the two palettes change: colours. These rules judge them; every other rule judges
#: elements, their attributes and their layout, which SHOWN proves the same in both.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
#: WCAG 2.2's 2.5.8 (AA): targets of at least 24 px (issue 30), with WCAG 2.1 AA.
TARGET_SIZE = ["target-size"]

#: Every element a reader gets, outside the palette switch (its two buttons take turns): tag,
#: id, class, hidden or shown, and box. Equal in both palettes means every rule but the colour
#: rules sees the same page.
SHOWN = """() => [...document.body.querySelectorAll('*')]
  .filter(e => !e.closest('form[data-md-component=palette]'))
  .map(e => { const r = e.getBoundingClientRect(), style = getComputedStyle(e);
              return [e.tagName, e.id, e.getAttribute('class'), style.display, style.visibility,
                      Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)].join(' '); })"""


def _same_shown(light, dark) -> bool:
    """SHOWN equal in both palettes once each page has settled: right after the load event
    a script may still be drawing (the explorer's rows, the search box), so a difference is
    looked at again after the network is idle, three times at most; a real one stays."""
    for _ in range(3):
        if light.evaluate(SHOWN) == dark.evaluate(SHOWN):
            return True
        for page in (light, dark):
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(250)
    return light.evaluate(SHOWN) == dark.evaluate(SHOWN)


def violations(page, tags: list[str] = WCAG_AA, rules: list[str] = ()) -> list[str]:
    """axe's violations of the rules of ``tags`` and ``rules`` (only these if ``tags`` is empty).
    axe gathers only the violations' nodes (a quarter less of its work): nothing else is read."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""([tags, rules]) => axe.run(document, {resultTypes: ['violations'],
        runOnly: tags.length ? {type: 'tag', values: tags} : {type: 'rule', values: rules},
        rules: Object.fromEntries(rules.map(r => [r, {enabled: true}]))})""", [tags, list(rules)])
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['nodes'][0]['failureSummary'][:160]}"
            for v in result["violations"]]


@pytest.fixture(scope="module")
def axe_installed():
    assert AXE.exists(), "axe-core is missing: run `npm ci` (the README's test command does)"


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_template_has_zero_violations_in_both_palettes(browser, site_url, axe_installed, width):
    """Light: every WCAG 2.1 AA rule and WCAG 2.2's target size, on every page. Dark: the colour
    rules on every page, and every rule on the start page (its palette switch is every page's);
    on every page the dark palette must show the same elements in the same boxes as the light,
    or a rule could judge it otherwise (then the test fails, saying so).

    axe does not measure the map's SVG dots (it passes them even without their hit areas):
    tests/test_pictures.py taps around each one in Chromium instead."""
    palettes = {scheme: browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
                for scheme in ("light", "dark")}
    light, dark = (context.new_page() for context in palettes.values())
    found = {}
    for path in _pages() + ["utforska/?lan=kalmar-lan&sektor=omsorg", "forsok/sundsvalls-kommun/"]:
        problems = []
        for page in (light, dark):
            response = page.goto(site_url + path)
            assert response.ok, (path, response.status)
        if not _same_shown(light, dark):
            problems.append("the dark palette shows other elements or boxes than the light one: "
                            "run every rule in both")
        problems += [f"light: {v}" for v in violations(light, rules=TARGET_SIZE)]
        problems += [f"dark: {v}" for v in (violations(dark) if path == "" else
                                             violations(dark, tags=[], rules=COLOUR_RULES))]
        if problems:
            found[path] = problems
    for context in palettes.values():
        context.close()
    assert not found, found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_open_search_with_results_has_zero_violations(browser, site_url, axe_installed, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    page.fill("#hub-sok-falt", "styrning")
    page.wait_for_function("document.querySelectorAll('#hub-sok-resultat li').length > 0", timeout=15000)
    assert violations(page) == []
    context.close()
