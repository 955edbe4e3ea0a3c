"""Swedish search in the real built site, typed into the real header box in Chromium."""

from __future__ import annotations

import json

import pytest


def search(page, site_url: str, query: str) -> list[dict]:
    page.goto(site_url)
    page.fill("#hub-sok-falt", query)
    page.wait_for_function(
        "q => document.getElementById('hub-sok-status').textContent.includes(q)", arg=query,
        timeout=15000)
    return page.eval_on_selector_all(
        "#hub-sok-resultat li", """items => items.map(li => ({
            title: li.querySelector('h1').textContent,
            kind: (li.querySelector('.hub-sok-typ') || {}).textContent || '',
            href: li.querySelector('a').getAttribute('href'),
            marks: Array.from(li.querySelectorAll('mark')).map(m => m.textContent)}))""")


@pytest.mark.parametrize("query, expected_url", [
    ("styrningen", "/principer/"),             # inflected form finds "styrning"
    ("landstingen", "/forsok/landstinget-i-kalmar-lan/"),
    ("hemtjanst", "/forsok/stockholms-stad-hemtjanst/"),   # typed without å/ä/ö
    ("hemtjänsten", "/forsok/stockholms-stad-hemtjanst/"),
    ("Borlä", "/forsok/borlange-kommun/"),      # a prefix, while typing
    ("tillsyn", "/forsok/inspektionen-for-vard-och-omsorg/"),
])
def test_swedish_queries_find_the_right_records(page, site_url, query, expected_url):
    results = search(page, site_url, query)
    assert expected_url in [r["href"] for r in results], (query, results)


def test_title_hit_ranks_first_and_result_says_what_it_is(page, site_url):
    results = search(page, site_url, "Trafikverket")
    assert results[0]["href"].startswith("/forsok/trafikverket") or results[0]["href"].startswith("/exempel/"), results
    top = next(r for r in results if r["href"] == "/forsok/trafikverket/")
    assert top["kind"].startswith("Försöksverksamhet")
    assert any("trafikverket" in m.lower() for m in top["marks"]), "the hit is highlighted"


def test_result_shows_kind_organisation_and_county(page, site_url):
    results = search(page, site_url, "Kalmar")
    kalmar = next(r for r in results if r["href"] == "/forsok/landstinget-i-kalmar-lan/")
    assert kalmar["kind"] == "Försöksverksamhet · Landstinget i Kalmar län · Kalmar län"


def all_hits(page, site_url: str, query: str) -> list[str]:
    """Every result's address, straight from Pagefind's API (the box shows ten).

    Loads the index as sok.js does: the first part, merged with the others
    that its delar.json names.
    """
    page.goto(site_url)
    return page.evaluate("""async q => {
        const bundle = new URL(document.getElementById('hub-sok-resultat').dataset.pagefind, location.href);
        const pagefind = await import(bundle.href);
        const parts = await (await fetch(new URL('delar.json', bundle))).json();
        await pagefind.options({ baseUrl: '/' });
        for (const part of parts.delar) await pagefind.mergeIndex(new URL(part, bundle).href, { baseUrl: '/' });
        const found = await pagefind.search(q, { filters: parts.filter });
        return (await Promise.all(found.results.map(r => r.data()))).map(d => d.url); }""", query)


@pytest.mark.parametrize("query, record", [
    ("Borlänge", "/forsok/borlange-kommun/"),
    ("Kalmar", "/forsok/landstinget-i-kalmar-lan/"),
    ("Trafikverket", "/forsok/trafikverket/"),
])
def test_a_record_is_found_on_its_own_page_not_where_it_is_listed(page, site_url, query, record):
    """The explorer, the lists, the tag index, maps and charts repeat records' names; search skips those."""
    hits = all_hits(page, site_url, query)
    assert record in hits
    listing = {"/", "/utforska/", "/taggar/", "/exempel/", "/forum/", "/principer/"}
    assert listing.isdisjoint(hits), hits


def test_no_hits_is_said_in_swedish(page, site_url):
    assert search(page, site_url, "xyzzyqq") == []
    assert page.text_content("#hub-sok-status").startswith("Inga träffar")


def test_search_is_reachable_and_usable_by_keyboard(page, site_url):
    page.goto(site_url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "hub-sok-falt"
    page.keyboard.type("Borlänge")
    page.wait_for_function("document.querySelectorAll('#hub-sok-resultat a').length > 0", timeout=15000)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")


def test_enter_shows_all_hits_in_the_explorer(page, site_url):
    page.goto(site_url)
    page.fill("#hub-sok-falt", "Kalmar")
    page.keyboard.press("Enter")
    page.wait_for_url("**/utforska/?q=Kalmar")
    assert page.input_value("#hub-filter-ord") == "Kalmar"
    titles = page.eval_on_selector_all(".hub-poster > li:not([hidden]) > a", "a => a.map(x => x.textContent)")
    assert titles and "av" in page.text_content("#hub-traffar")


def test_a_tag_hit_ranks_above_passing_mentions(project, browser):
    """A record tagged with a word outranks records that only mention it in their text."""
    from conftest import VALID_PILOT, run_cli, serve_folder

    (project / "pilots" / "taggad.yml").write_text(
        VALID_PILOT.replace("titel: Ett försök", "titel: Taggad post") + "taggar:\n  - tillitsresa\n",
        encoding="utf-8")
    for name in ("namner-ett", "namner-tva"):
        (project / "pilots" / f"{name}.yml").write_text(
            VALID_PILOT.replace("titel: Ett försök", f"titel: Post {name}") +
            "beskrivning: Under tillitsresa nummer ett och en annan tillitsresa pratade man om annat.\n",
            encoding="utf-8")
    assert run_cli(project, "build").returncode == 0
    url, server = serve_folder(project / "site")
    try:
        page = browser.new_page()
        results = search(page, url, "tillitsresa")
        page.close()
    finally:
        server.shutdown()
    records = [r["href"] for r in results if r["href"].startswith("/forsok/")]
    assert records[0] == "/forsok/taggad/", results  # (the tag index page may rank too)


def test_an_index_in_parts_finds_what_one_index_finds(shipped_site, browser, tmp_path):
    """A big site is indexed in parts (Pagefind's memory); the header box merges them.

    The shipped site's 41 pages in parts of at most 10 pages: five parts,
    searched through the real box, give the same hits, the same count and
    the same best hit as the one index the shipped site has: also for words
    that most parts lack ("Borlä", "Bringselius"), which without each part's
    word list made those parts answer with shorter words ("Borås").
    """
    import shutil

    from conftest import serve_folder

    from tillitsnavet.search_index import PARTS_FILE, build_search_index

    split = tmp_path / "site"
    shutil.copytree(shipped_site, split)
    shutil.rmtree(split / "pagefind")
    build_search_index(split, pages_per_part=10)
    assert json.loads((split / "pagefind" / PARTS_FILE).read_text()) == {
        "delar": ["../pagefind-2/", "../pagefind-3/", "../pagefind-4/", "../pagefind-5/"],
        "filter": {"not": {"ordlista": "ja"}}}
    assert json.loads((shipped_site / "pagefind" / PARTS_FILE).read_text()) == {"delar": [], "filter": {}}

    whole_url, whole_server = serve_folder(shipped_site)
    split_url, split_server = serve_folder(split)
    try:
        page = browser.new_page()
        for query in ("styrning", "Kalmar", "hemtjänst", "tillit", "kommun", "Borlä", "Borlänge",
                      "Bringselius", "Kastberg", "ersättningsmodeller", "2019:43", "Wetter-Edman",
                      "lagen.nu", "xyzzyqq"):
            whole_hits = all_hits(page, whole_url, query)
            split_hits = all_hits(page, split_url, query)
            assert sorted(split_hits) == sorted(whole_hits), query
            assert whole_hits or query == "xyzzyqq", query
            search(page, whole_url, query)
            whole_status = page.text_content("#hub-sok-status")
            split_box = search(page, split_url, query)
            assert page.text_content("#hub-sok-status") == whole_status, query
            assert {r["href"] for r in split_box} <= set(whole_hits), query
        assert search(page, split_url, "Trafikverket")[0]["href"] == "/forsok/trafikverket/"
        page.close()
    finally:
        whole_server.shutdown()
        split_server.shutdown()


def test_every_page_is_found_whatever_the_parts_and_old_parts_go(tmp_path, browser):
    """Each page is in exactly one part; a site whose index shrinks leaves no stale part behind.

    A folder of the site's own named like a part (pagefind-2024/) stays, and is searched.
    """
    from conftest import serve_folder

    from tillitsnavet.search_index import build_search_index

    site = tmp_path / "site"
    for number in range(11):
        write_page(site / f"sida-{number}" / "index.html", f"Sida {number}",
                   f"Tillit och styrning, del {number}.")
    write_page(site / "pagefind-2024" / "index.html", "Årsrapport", "Sökindexets år.")
    write_page(site / "index.html", "Start", "Välkommen.")
    pages = {f"/sida-{number}/" for number in range(11)}
    url, server = serve_folder(site)
    try:
        page = browser.new_page()
        build_search_index(site, pages_per_part=3)  # four parts
        assert (site / "pagefind-4").is_dir()
        assert set(all_hits(page, url, "styrning")) == pages
        build_search_index(site, pages_per_part=7)  # two parts
        assert not (site / "pagefind-3").exists() and not (site / "pagefind-4").exists()
        assert set(all_hits(page, url, "styrning")) == pages
        assert all_hits(page, url, "Årsrapport") == ["/pagefind-2024/"]
        page.close()
    finally:
        server.shutdown()
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"], "the mirrors are gone"


def test_a_failed_index_run_leaves_the_last_index_whole(tmp_path, monkeypatch):
    """A preview's readers keep searching the old index while, and if, a new one fails."""
    from tillitsnavet import search_index

    site = tmp_path / "site"
    for number in range(6):
        write_page(site / f"sida-{number}" / "index.html", f"Sida {number}", "Tillit.")
    search_index.build_search_index(site, pages_per_part=3)
    before = {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}

    def fail_second(mirror, output):
        if output.name == "pagefind-2":
            raise search_index.SearchIndexError("Sökindexet kunde inte byggas: prov")
        real_run(mirror, output)

    real_run = search_index._run_pagefind
    monkeypatch.setattr(search_index, "_run_pagefind", fail_second)
    with pytest.raises(search_index.SearchIndexError):
        search_index.build_search_index(site, pages_per_part=2)
    after = {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert after == before
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"]


def test_the_word_list_holds_words_as_pagefind_indexes_them(tmp_path, may_fork):
    """Whole words without their punctuation, and their parts; in one process and on every core."""
    from tillitsnavet.search_index import html_pages, site_words

    site = tmp_path / "site"
    write_page(site / "a" / "index.html", "SOU 2019:43",
               "Enligt <a href='#'>SKR</a>:s rapport och Wetter-Edman på lagen.nu &amp; Örebro.")
    for number in range(1200):
        write_page(site / "m" / f"{number}.html", f"Mängd {number}", f"Ord{number} i text.")
    (site / "utan.html").write_text("<html><body><p>Sidhuvudord</p></body></html>", encoding="utf-8")
    pages = html_pages(site)
    words = site_words(site, pages, parallel=False)
    assert {"SOU", "2019", "43", "201943", "SKR", "SKRs", "Wetter", "Edman", "WetterEdman",
            "lagen", "nu", "lagennu", "Örebro", "Ord1199"} <= words
    assert "Sidhuvudord" not in words, "only the searchable part of a page"
    assert site_words(site, pages) == words


def write_page(path, title: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html lang=sv><body><article><div data-pagefind-body><h1>{title}</h1>"
                    f"<p>{text}</p></div></article><footer>Sidfot</footer>"
                    f'<ol id="hub-sok-resultat" data-pagefind="/pagefind/pagefind.js"></ol>'
                    f"</body></html>", encoding="utf-8")
