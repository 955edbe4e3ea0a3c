"""The explorer ("Utforska") in Chromium: filters, counts, the URL, back/forward, no JavaScript."""

from __future__ import annotations

from tillitsnavet.records.catalog import load_catalog
from conftest import REPO


def _visible_titles(page) -> list[str]:
    return page.eval_on_selector_all(
        ".hub-poster > li:not([hidden]) > a", "links => links.map(a => a.textContent)")


def _count(page, facet: str, value: str) -> str:
    return page.text_content(f"input[name={facet}][value={value}] ~ .hub-antal")


def test_filters_combine_and_show_counts_and_live_in_the_url(page, site_url):
    catalog, _ = load_catalog(REPO)
    published = [r for r in catalog.all() if not r.draft]
    page.goto(site_url + "utforska/")
    assert page.text_content("#hub-traffar") == f"{len(published)} poster"
    pilots = [r for r in published if r.kind.key == "forsok"]
    assert _count(page, "typ", "forsok") == f"({len(pilots)})"

    page.check("input[name=typ][value=forsok]")
    assert page.url.endswith("utforska/?typ=forsok")
    assert sorted(_visible_titles(page)) == sorted(r.title for r in pilots)

    # OR within a facet
    page.check("input[name=typ][value=exempel]")
    expected = [r for r in published if r.kind.key in ("forsok", "exempel")]
    assert len(_visible_titles(page)) == len(expected)

    # AND across facets: pilots and practices in Kalmar län
    page.check("input[name=lan][value=kalmar-lan]")
    in_kalmar = [r for r in expected if r.get("län") == "Kalmar län"]
    assert sorted(_visible_titles(page)) == sorted(r.title for r in in_kalmar)
    assert page.text_content("#hub-traffar") == f"{len(in_kalmar)} av {len(published)} poster visas"
    assert "typ=forsok" in page.url and "typ=exempel" in page.url and "lan=kalmar-lan" in page.url

    # back undoes the last choice, forward redoes it
    page.go_back()
    assert len(_visible_titles(page)) == len(expected)
    assert not page.is_checked("input[name=lan][value=kalmar-lan]")
    page.go_forward()
    assert sorted(_visible_titles(page)) == sorted(r.title for r in in_kalmar)


def test_a_shared_link_opens_the_same_view(page, site_url):
    page.goto(site_url + "utforska/?sektor=statsforvaltning&q=tillitsverkstaden")
    titles = _visible_titles(page)
    assert titles
    assert page.is_checked("input[name=sektor][value=statsforvaltning]")
    assert page.input_value("#hub-filter-ord") == "tillitsverkstaden"
    catalog, _ = load_catalog(REPO)
    expected = [r for r in catalog.all() if "statsförvaltning" in r.get("sektorer", [])
                and "tillitsverkstaden" in (r.title + r.get("sammanfattning", "")).lower()]
    assert sorted(titles) == sorted(r.title for r in expected)


def test_text_filter_ignores_diacritics(page, site_url):
    page.goto(site_url + "utforska/")
    page.fill("#hub-filter-ord", "borlange")
    page.wait_for_function("document.location.search.includes('q=borlange')")
    titles = _visible_titles(page)
    assert titles and len(titles) < 10


def test_list_is_in_swedish_order(page, site_url):
    page.goto(site_url + "utforska/")
    from tillitsnavet.render.swedish import sort_key

    titles = _visible_titles(page)
    assert titles == sorted(titles, key=sort_key)


def test_without_javascript_the_full_list_shows(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "utforska/")
    catalog, _ = load_catalog(REPO)
    assert len(page.query_selector_all(".hub-poster > li")) == len([r for r in catalog.all() if not r.draft])
    assert not page.is_visible("form.hub-filter")
    context.close()


def test_filters_work_by_keyboard_and_announce_the_count(page, site_url):
    page.goto(site_url + "utforska/")
    page.focus("#hub-filter-ord")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "typ"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    assert page.get_attribute("#hub-traffar", "aria-live") == "polite"
    assert "av" in page.text_content("#hub-traffar")
