"""The explorer ("Utforska") in Chromium: filters, counts, the URL, back/forward, the layout
on a wide screen and a phone, no layout shift, no JavaScript.

tests/test_explorer_large.py does the same where the rows come in chunks.
"""

from __future__ import annotations

import re

import pytest

from tillitsnavet.records.catalog import load_catalog
from tillitsnavet.records.kinds import suggest_id
from conftest import REPO

#: The rows the page shows (the script may draw them; none is hidden, only left out).
ROWS = ".hub-poster > li"
#: The sum of a page's layout shifts, as Lighthouse counts them (not after input).
CLS = """() => new Promise(resolve => {
  let sum = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) sum += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(sum), 800);
})"""


def _visible_titles(page) -> list[str]:
    return page.eval_on_selector_all(
        ".hub-poster > li:not([hidden]) > a", "links => links.map(a => a.textContent)")


def _count(page, facet: str, value: str) -> str:
    return page.text_content(f"input[name={facet}][value={value}] ~ .hub-antal")


def open_facet(page, key: str) -> None:
    """Unfold a filter group (all but the first start folded)."""
    page.eval_on_selector(f"details[data-facett={key}]", "d => { d.open = true; }")


def published():
    catalog, _ = load_catalog(REPO)
    return [r for r in catalog.all() if not r.draft]


def test_filters_combine_and_show_counts_and_live_in_the_url(page, site_url):
    records = published()
    page.goto(site_url + "utforska/")
    assert page.text_content("#hub-traffar") == f"{len(records)} poster"
    # a record only mentioned as an example is not counted as a pilot (issue 30)
    pilots = [r for r in records if r.kind.key == "forsok" and r.label != "Nämnt som exempel"]
    mentioned = [r for r in records if r.label == "Nämnt som exempel"]
    assert _count(page, "typ", "forsok") == f"({len(pilots)})"
    assert mentioned and _count(page, "typ", "namnt-som-exempel") == f"({len(mentioned)})"

    page.check("input[name=typ][value=forsok]")
    assert page.url.endswith("utforska/?typ=forsok")
    assert sorted(_visible_titles(page)) == sorted(r.title for r in pilots)
    assert page.text_content("details[data-facett=typ] summary") == "Slag av post (1 vald)"

    # OR within a facet
    page.check("input[name=typ][value=exempel]")
    expected = pilots + [r for r in records if r.kind.key == "exempel"]
    assert len(_visible_titles(page)) == len(expected)

    # AND across facets: pilots and practices in Kalmar län
    open_facet(page, "lan")
    page.check("input[name=lan][value=kalmar-lan]")
    in_kalmar = [r for r in expected if r.get("län") == "Kalmar län"]
    assert sorted(_visible_titles(page)) == sorted(r.title for r in in_kalmar)
    assert page.text_content("#hub-traffar") == f"{len(in_kalmar)} av {len(records)} poster visas"
    assert "typ=forsok" in page.url and "typ=exempel" in page.url and "lan=kalmar-lan" in page.url

    # back undoes the last choice, forward redoes it
    page.go_back()
    assert len(_visible_titles(page)) == len(expected)
    assert not page.is_checked("input[name=lan][value=kalmar-lan]")
    page.go_forward()
    assert sorted(_visible_titles(page)) == sorted(r.title for r in in_kalmar)

    # clearing gives back the page's own first view
    page.click("[data-hub-rensa]")
    assert page.text_content("#hub-traffar") == f"{len(records)} poster"
    assert len(_visible_titles(page)) == len(records)
    assert page.url.endswith("utforska/")


def test_a_shared_link_opens_the_same_view(page, site_url):
    page.goto(site_url + "utforska/?sektor=statsforvaltning&q=tillitsverkstaden")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    titles = _visible_titles(page)
    assert titles
    assert page.is_checked("input[name=sektor][value=statsforvaltning]")
    assert page.input_value("#hub-filter-ord") == "tillitsverkstaden"
    assert page.text_content("details[data-facett=sektor] summary") == "Sektor (1 vald)"
    expected = [r for r in published() if "statsförvaltning" in r.get("sektorer", [])
                and "tillitsverkstaden" in (r.title + r.get("sammanfattning", "")).lower()]
    assert sorted(titles) == sorted(r.title for r in expected)


def test_text_filter_ignores_diacritics(page, site_url):
    page.goto(site_url + "utforska/")
    page.fill("#hub-filter-ord", "borlange")
    page.wait_for_function("document.location.search.includes('q=borlange')")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    titles = _visible_titles(page)
    assert titles and len(titles) < 10


def test_list_is_in_swedish_order(page, site_url):
    page.goto(site_url + "utforska/")
    from tillitsnavet.render.swedish import sort_key

    titles = _visible_titles(page)
    assert titles == sorted(titles, key=sort_key)


def test_without_javascript_the_list_shows_and_the_filters_do_not(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "utforska/")
    assert len(page.query_selector_all(ROWS)) == len(published())   # fewer than a page
    assert not page.is_visible("form.hub-filter")
    assert not page.is_visible("[data-hub-rensa]") and not page.is_visible("[data-hub-fler]")
    context.close()


def test_filters_work_by_keyboard_and_announce_the_count(page, site_url):
    page.goto(site_url + "utforska/")
    page.focus("#hub-filter-ord")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "typ"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    assert page.get_attribute("#hub-traffar", "aria-live") == "polite"
    assert "av" in page.text_content("#hub-traffar")
    # from the filter just ticked to the first result: the other values of the
    # group, one stop per folded group, the reset button, the chosen filter's
    # own button (39 before issue 20)
    first = page.eval_on_selector(".hub-poster > li > a", "a => a.href")
    for presses in range(1, 30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.href") == first:
            break
    # 13 since "Nämnt som exempel" is a value of its own, 14 with the chip that removes it (issue 30)
    assert presses <= 14, presses
    # a folded group opens by keyboard
    page.focus("details[data-facett=lan] summary")
    page.keyboard.press("Enter")
    assert page.eval_on_selector("details[data-facett=lan]", "d => d.open")


def test_wide_screen_shows_the_results_beside_the_filters(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(site_url + "utforska/")
    page.check("input[name=typ][value=forsok]")
    assert page.evaluate("scrollY") == 0
    filters = page.locator("form.hub-filter").bounding_box()
    first = page.locator(".hub-poster > li > a").first.bounding_box()
    assert first["x"] > filters["x"] + filters["width"]              # beside, not below
    assert first["y"] + first["height"] < 800                       # in the first screen
    assert page.locator("#hub-traffar").bounding_box()["y"] < 800
    assert not page.is_visible("[data-hub-filterknapp]") and not page.is_visible("[data-hub-visa]")


def test_phone_folds_the_filters_behind_a_button_that_counts(browser, site_url):
    records = published()
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + "utforska/")
    first = page.locator(".hub-poster > li > a").first
    assert first.bounding_box()["y"] + first.bounding_box()["height"] < 844   # first screen
    assert not page.is_visible("details[data-facett=typ]")
    toggle = page.locator("[data-hub-filterknapp]")
    assert toggle.get_attribute("aria-expanded") == "false"

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.check("input[name=typ][value=forum]")
    forums = [r for r in records if r.kind.key == "forum"]
    show = page.locator("[data-hub-visa]")
    assert show.text_content() == f"Visa {len(forums)} poster"
    assert show.is_visible()                                  # kept in view while choosing
    box = show.bounding_box()
    assert box["y"] + box["height"] <= 844
    open_facet(page, "lan")
    page.check("input[name=lan][value=kalmar-lan]")
    both = [r for r in forums if r.get("län") == "Kalmar län"]
    assert show.text_content() == f"Visa {len(both)} {'post' if len(both) == 1 else 'poster'}"
    page.uncheck("input[name=lan][value=kalmar-lan]")
    assert toggle.text_content().strip() == "Filter (1 vald)"

    show.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not page.is_visible("details[data-facett=typ]")
    assert page.evaluate("document.activeElement.id") == "hub-traffar"
    link = page.locator(".hub-poster > li > a").first
    box = link.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844, box
    assert link.text_content() in {r.title for r in forums}
    context.close()


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
@pytest.mark.parametrize("query", ["", "?typ=forsok&lan=kalmar-lan", "?q=tillit"])
def test_nothing_moves_after_load(browser, site_url, width, height, query):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    page.goto(site_url + "utforska/" + query)
    assert page.evaluate(CLS) < 0.1
    context.close()


def test_the_start_page_leads_into_the_explorer(browser, site_url, page):
    records = published()
    for width, height in ((1280, 800), (390, 844)):   # layout shift measured with caches cold
        context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
        tab = context.new_page()
        tab.goto(site_url)
        for selector in ("#hub-startsok-ord", "#hub-genvag-typ", "#hub-genvag-lan", "#hub-genvag-sektor"):
            box = tab.locator(selector).bounding_box()
            assert box["y"] + box["height"] <= height, (width, selector, box)   # first screen
        # above the explanations
        assert (tab.locator("#hub-genvag-sektor").bounding_box()["y"]
                < tab.locator("h2#om-navet").bounding_box()["y"])
        assert tab.evaluate(CLS) < 0.1
        context.close()

    page.goto(site_url)
    kalmar = page.locator(".hub-genvagar a[href='utforska/?lan=kalmar-lan']")
    in_kalmar = [r for r in records if r.get("län") == "Kalmar län"]
    assert kalmar.text_content() == f"Kalmar län ({len(in_kalmar)})"
    kalmar.click()
    page.wait_for_url("**/utforska/?lan=kalmar-lan")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    assert sorted(_visible_titles(page)) == sorted(r.title for r in in_kalmar)


def test_the_start_page_search_works_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url)
    page.fill("#hub-startsok-ord", "Borlänge")
    page.press("#hub-startsok-ord", "Enter")
    page.wait_for_url("**/utforska/?q=Borl%C3%A4nge")
    context.close()
    # With JavaScript the form asks the site's search (tests/test_search_readers.py).


def test_only_the_explorer_page_loads_its_script(shipped_site):
    """utforska.js (13 KB) is loaded where it is used, and by no other page (issue #32)."""
    import re

    loading = {}
    for page in shipped_site.rglob("*.html"):
        found = re.findall(r'<script src="([^"]*utforska\.js)"( defer)?></script>',
                           page.read_text(encoding="utf-8"))
        if found:
            loading[page.relative_to(shipped_site).as_posix()] = found
    assert loading == {"utforska/index.html": [("../assets/utforska.js", " defer")]}
    assert (shipped_site / "assets" / "utforska.js").is_file()


#: What an evidence badge says, by level: its rank among the three, strongest first (issue 30).
BADGES = {"forskningsuppföljt": "●●● Underlag 1 av 3: forskningsuppföljt",
          "beskrivet": "●●○ Underlag 2 av 3: beskrivet",
          "omnämnt": "●○○ Underlag 3 av 3: omnämnt"}


def test_the_evidence_badge_shows_its_rank_wherever_it_appears(page, site_url):
    records = {r.title: r for r in published()}
    sundsvall = next(r for r in records.values() if r.src_uri == "forsok/sundsvalls-kommun.md")
    page.goto(site_url + "forsok/sundsvalls-kommun/")
    badge = page.locator("article a.hub-underlag").first
    assert badge.inner_text() == BADGES[sundsvall.get("underlag")]
    # the steps are for the eye; a screen reader hears the words only
    assert page.evaluate("() => document.querySelector('article a.hub-underlag .hub-steg')"
                         ".getAttribute('aria-hidden')") == "true"
    for address in ("forsok/", "utforska/", "utforska/?sektor=omsorg"):
        page.goto(site_url + address)
        page.wait_for_function("!document.querySelector('.hub-poster') || "
                               "!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
        rows = page.eval_on_selector_all(
            "article li:has(> a + .hub-underlag), article li:has(> strong > a)",
            "items => items.map(li => [(li.querySelector(':scope > a, :scope > strong > a')).textContent,"
            " li.querySelector('.hub-underlag').innerText])")
        checked = [(title, said) for title, said in rows if title in records]
        assert checked, address
        for title, said in checked:
            assert said == BADGES[records[title].get("underlag")], (address, title, said)


# --- the chosen filters by name (issue 30) -------------------------------------

def _chips(page) -> list[str]:
    return page.eval_on_selector_all(".hub-aktiva:not([hidden]) .hub-aktiv", "bs => bs.map(b => b.innerText)")


def test_the_chosen_filters_are_named_removable_and_in_the_title(page, site_url):
    in_kalmar = [r for r in published() if r.get("län") == "Kalmar län"]
    page.goto(site_url + "utforska/")
    assert _chips(page) == [] and page.title() == "Utforska - Tillitsnavet"
    page.goto(site_url + "utforska/?lan=kalmar-lan&typ=forsok")   # a shared link, in its own order
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    assert _chips(page) == ["✕ Län: Kalmar län", "✕ Slag av post: Försöksverksamheter"]
    assert page.title() == "Utforska: Kalmar län, Försöksverksamheter - Tillitsnavet"
    # a screen reader hears what the button does, and a status line names them all
    remove = page.get_by_role("button", name="Ta bort filtret Län: Kalmar län", exact=True)
    assert remove.count() == 1
    status = page.locator("[data-hub-aktiva-status]")
    assert status.get_attribute("role") == "status"
    assert status.text_content() == "Valda filter: Län: Kalmar län, Slag av post: Försöksverksamheter."
    # ticking a box adds a chip at the end and to the title
    open_facet(page, "sektor")
    page.check("input[name=sektor][value=omsorg]")
    assert _chips(page)[-1] == "✕ Sektor: omsorg"
    assert page.title() == "Utforska: Kalmar län, Försöksverksamheter, omsorg - Tillitsnavet"
    assert page.url.endswith("?lan=kalmar-lan&typ=forsok&sektor=omsorg")
    page.go_back()
    assert page.title() == "Utforska: Kalmar län, Försöksverksamheter - Tillitsnavet"

    # by keyboard: from "Rensa alla filter" the next stop is the first chip; Enter removes it
    page.focus("[data-hub-rensa]")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-hub-filter')") == "lan=kalmar-lan"
    page.keyboard.press("Enter")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    assert _chips(page) == ["✕ Slag av post: Försöksverksamheter"]
    assert not page.is_checked("input[name=lan][value=kalmar-lan]")
    assert page.url.endswith("utforska/?typ=forsok")
    assert page.title() == "Utforska: Försöksverksamheter - Tillitsnavet"
    assert page.evaluate("document.activeElement.getAttribute('data-hub-filter')") == "typ=forsok"
    page.keyboard.press("Enter")                        # the last one: the focus goes to the count
    assert _chips(page) == [] and page.title() == "Utforska - Tillitsnavet"
    assert page.evaluate("document.activeElement.id") == "hub-traffar"
    assert page.text_content("#hub-traffar") == f"{len(published())} poster"
    assert in_kalmar


def test_a_printed_explorer_shows_its_filters_and_its_filtered_address(page, site_url):
    page.goto(site_url + "utforska/?sektor=omsorg&q=hemtj%C3%A4nst")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    page.emulate_media(media="print")
    address = page.locator(".hub-utskriftsadress")
    assert address.is_visible()
    assert address.inner_text() == "https://tillitsnavet.se/utforska/?sektor=omsorg&q=hemtj%C3%A4nst"
    assert page.locator(".hub-aktiva").is_visible()
    # (the commas between them are CSS, which innerText leaves out)
    assert " ".join(page.locator(".hub-aktiva").inner_text().split()) == \
        "Valda filter: Sektor: omsorg Ord: ”hemtjänst”"
    assert not page.locator(".hub-aktiv__kryss").first.is_visible()
    # the status line names the words' filter without its letters, so typing does not chatter
    assert page.text_content("[data-hub-aktiva-status]") == "Valda filter: Sektor: omsorg, orden i textfältet."
    assert not page.locator("form.hub-filter").is_visible()


def test_no_result_offers_to_drop_the_last_filter(page, site_url):
    records = published()
    forums = [r for r in records if r.kind.key == "forum"]
    counties = {r.get("län") for r in records if r.get("län")} - {r.get("län") for r in forums}
    county = sorted(counties)[0]
    slug = suggest_id(county)
    page.goto(site_url + f"utforska/?typ=forum&lan={slug}")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    empty = page.locator(".hub-inga")
    assert empty.is_visible() and "Ingen post har alla de valda filtren." in empty.inner_text()
    drop = page.get_by_role("button", name=f"Ta bort det senaste filtret (Län: {county})", exact=True)
    assert drop.is_visible()
    assert page.get_by_role("button", name="Rensa alla filter").count() == 2   # the row's and the offer's
    drop.click()
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    assert page.url.endswith("utforska/?typ=forum") and not empty.is_visible()
    assert sorted(_visible_titles(page)) == sorted(r.title for r in forums)
    assert page.evaluate("document.activeElement.id") == "hub-traffar"


# --- a manager on a phone (issue 30) ---------------------------------------------

def test_a_manager_on_a_phone_reaches_an_omsorg_case_with_its_results_in_three_taps(browser, site_url):
    """From the start page at 390 px: the sector shortcut, then a row: a page that says what came of it."""
    with_results = {r.title for r in published() if "omsorg" in r.confirmed_value("sektorer", [])
                    and (r.get("resultat") if r.kind.key == "forsok" else r.get("varför"))}
    assert with_results, "no omsorg pilot or good practice with results"
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    taps = 0
    page.goto(site_url)
    shortcut = page.locator(".hub-genvagar a[href='utforska/?sektor=omsorg']")
    box = shortcut.bounding_box()
    assert box["y"] + box["height"] <= 844                  # in the first screen, no scrolling
    with page.expect_navigation():
        shortcut.tap(); taps += 1
    assert page.url.endswith("utforska/?sektor=omsorg")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    assert _chips(page) == ["✕ Sektor: omsorg"]
    # the rows are there without opening the filters; the first with results (scrolling is no tap)
    row = next(link for link in page.locator(".hub-poster > li > a").all()
               if link.text_content() in with_results)
    row.scroll_into_view_if_needed()
    with page.expect_navigation():
        row.tap(); taps += 1
    heading = page.locator("article h2", has_text=re.compile("^(Vad det ledde till|Vad källorna säger om resultatet)"))
    assert heading.count() == 1
    answer = heading.locator("xpath=following-sibling::*[1]").inner_text()
    assert answer.strip() and not answer.startswith("Källorna säger inte"), answer
    assert taps <= 3
    context.close()
