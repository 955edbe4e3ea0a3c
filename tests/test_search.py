"""Swedish search in the real built site, typed into the real header box in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest


def search(page, site_url: str, query: str) -> list[dict]:
    page.goto(site_url)
    page.fill("#hub-sok-falt", query)
    page.wait_for_function(
        "q => document.getElementById('hub-sok-status').textContent.includes(q)", arg=query,
        timeout=15000)
    return page.eval_on_selector_all(
        "#hub-sok-resultat li:not(.hub-sok-inget)", """items => items.map(li => ({
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
    """Every result's address, straight from Pagefind's API (the box shows ten)."""
    page.goto(site_url)
    return page.evaluate("""async q => {
        const bundle = new URL(document.getElementById('hub-sok-resultat').dataset.pagefind, location.href);
        const pagefind = await import(bundle.href);
        await pagefind.options({ baseUrl: '/' });
        const found = await pagefind.search(q);
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


def test_the_index_is_one_bundle_for_the_whole_site(shipped_site):
    """One Pagefind bundle: an index in parts ranked differently and worse (docs/sok.md)."""
    assert (shipped_site / "pagefind" / "pagefind.js").is_file()
    assert not (shipped_site / "pagefind" / "delar.json").exists()
    assert not any(path.name.startswith("pagefind-") for path in shipped_site.iterdir())


def test_a_failed_index_run_leaves_the_last_index_whole(tmp_path, monkeypatch, browser):
    """A preview's readers keep searching the old index while, and if, a new one fails."""
    from conftest import serve_folder

    from tillitsnavet.publish import search_index

    site = tmp_path / "site"
    for number in range(3):
        write_page(site / f"sida-{number}" / "index.html", f"Sida {number}", "Tillit.")
    write_page(site / "index.html", "Start", "Välkommen.")
    search_index.build_search_index(site)
    before = {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}

    def fail_halfway(folder, output):
        real_run(folder, output)  # a whole bundle written beside the site, then a failure
        raise search_index.SearchIndexError("Sökindexet kunde inte byggas: prov")

    real_run = search_index._run_pagefind
    monkeypatch.setattr(search_index, "_run_pagefind", fail_halfway)
    write_page(site / "ny" / "index.html", "Ny sida", "Styrning.")
    with pytest.raises(search_index.SearchIndexError):
        search_index.build_search_index(site)
    after = {path.relative_to(site): path.read_bytes() for path in site.rglob("*") if path.is_file()}
    del after[Path("ny/index.html")]
    assert after == before
    assert [entry.name for entry in tmp_path.iterdir()] == ["site"], "nothing left beside the site"
    url, server = serve_folder(site)
    try:
        page = browser.new_page()
        assert set(all_hits(page, url, "tillit")) == {f"/sida-{n}/" for n in range(3)}
        page.close()
    finally:
        server.shutdown()


def write_page(path, title: str, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html lang=sv><body><article><div data-pagefind-body><h1>{title}</h1>"
                    f"<p>{text}</p></div></article><footer>Sidfot</footer>"
                    f'<ol id="hub-sok-resultat" data-pagefind="/pagefind/pagefind.js"></ol>'
                    f"</body></html>", encoding="utf-8")
