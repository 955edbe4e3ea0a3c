"""Search for readers it was never tuned to (issue #33): what a result shows, where the start
page's form leads, words that carry meaning, ranking, compounds. Typed into the header box of
the shipped site in Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search.suite import type_query

#: Queries whose hits carry the index's aids in their <h1>: words typed with
#: å/ä/ö and without (marked forms), acronyms, synonyms.
AIDED = ["försök", "forsok", "Öppna data", "hemtjänst", "hemtjanst", "äldreomsorg", "SKR", "IVO",
         "Säpo", "landsting", "region", "tillitsdelegationen", "Borlänge"]


def shown(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#hub-sok-resultat li a.md-search-result__link", """links => links.map(a => ({
            href: a.getAttribute('href'),
            title: a.querySelector('h1').textContent,
            excerpt: (a.querySelector('.hub-sok-utdrag') || {}).textContent || ''}))""")


def page_h1_and_text(page, href: str) -> dict:
    """The published page's first <h1> (without its permalink) and its searchable text."""
    return page.evaluate("""async href => {
        const html = await (await fetch(href)).text();
        const doc = new DOMParser().parseFromString(html, 'text/html');
        const body = doc.querySelector('[data-pagefind-body]') || doc.body;
        body.querySelectorAll('.headerlink, [data-pagefind-ignore]').forEach(e => e.remove());
        const h1 = body.querySelector('h1');
        const squeeze = t => t.replace(/\\s+/g, ' ').trim();
        return { h1: h1 ? squeeze(h1.textContent) : null, text: squeeze(body.textContent) }; }""", href)


def test_every_result_title_is_the_pages_own_h1_and_every_excerpt_its_own_words(search_page, site_url):
    """Pagefind took the title from the index copy's <h1>, aids and all ("Försök fqorsqok")."""
    page = search_page
    checked = 0
    for query in AIDED:
        type_query(page, query)
        page.keyboard.press("Enter")  # every hit, not only the five best
        page.wait_for_function("document.getElementById('hub-sok-status').dataset.klar === 'ja'")
        results = shown(page)
        assert results, query
        for result in results:
            own = page_h1_and_text(page, result["href"])
            assert result["title"] == own["h1"], (query, result["href"], result["title"])
            # word by word: Pagefind ends a heading or a list item with "." in its text
            words = re.findall(r"[^\W_]+", result["excerpt"])
            missing = [w for w in words if w not in own["text"]]
            assert not missing, (query, result["href"], missing)
            checked += 1
    assert checked >= 40


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_the_start_page_form_gives_the_site_search_s_results(browser, site_url, width, height):
    """It filtered Utforska by the literal word: "äldreomsorg" gave "0 av 29 poster"."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(site_url)
    page.fill("#hub-startsok-ord", "äldreomsorg")
    page.click(".hub-startsok button[type=submit]")
    page.wait_for_function(
        "() => { const s = document.getElementById('hub-sok-status');"
        " return s.dataset.query === 'äldreomsorg' && s.dataset.klar === 'ja'; }")
    assert page.url.rstrip("/") == site_url.rstrip("/")
    assert page.evaluate("document.getElementById('__search').checked")
    hits = [r["href"] for r in shown(page)]
    assert "/forsok/stockholms-stad-hemtjanst/" in hits, hits
    assert page.is_visible("#hub-sok-resultat li a")
    page.close()


def test_utforska_left_empty_says_so_and_offers_the_site_search(page, site_url):
    page.goto(site_url + "utforska/?q=%C3%A4ldreomsorg")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    assert page.text_content("#hub-traffar").startswith("0 av")
    assert page.is_visible(".hub-inga")
    assert "Ingen post innehåller ”äldreomsorg”" in page.text_content(".hub-inga")
    page.click(".hub-inga .md-button--primary")
    page.wait_for_function(
        "() => { const s = document.getElementById('hub-sok-status');"
        " return s.dataset.query === 'äldreomsorg' && s.dataset.klar === 'ja'; }")
    assert "/forsok/stockholms-stad-hemtjanst/" in [r["href"] for r in shown(page)]
    page.goto(site_url + "utforska/?q=%C3%A4ldreomsorg")
    page.wait_for_function("!document.querySelector('.hub-poster').hasAttribute('aria-busy')")
    page.click(".hub-inga .md-button:not(.md-button--primary)")  # the other way on
    page.wait_for_function("document.querySelectorAll('.hub-poster li').length > 0")
    assert page.is_hidden(".hub-inga")


RECORD = re.compile(r"^/(forsok|forum|exempel)/[^/]+/$")
GUIDE = re.compile(r"^/((forsok|forum|exempel|utforska|bidra|oppna-data|om-webbplatsen|taggar)/.*)?$")


@pytest.mark.parametrize("query", ["försöksverksamheterna", "hemtjänst", "tillitsbaserad styrning",
                                   "Kalmar"])
def test_records_rank_before_lists_how_to_and_tag_pages(search_page, site_url, query):
    """Öppna data and Bidra (example records, every field explained) came before the pilots."""
    page = search_page
    hrefs, _ = type_query(page, query)
    first_record = next(i for i, href in enumerate(hrefs) if RECORD.match(href))
    assert not any(GUIDE.match(href) for href in hrefs[:first_record]), (query, hrefs)


def test_a_guide_still_ranks_first_for_its_own_title(search_page, site_url):
    page = search_page
    for query, href in (("Bidra", "/bidra/"), ("öppna data", "/oppna-data/")):
        hrefs, _ = type_query(page, query)
        assert hrefs[0] == href, (query, hrefs)


def test_words_that_carry_meaning_are_searched(search_page, site_url):
    """"efter" was a stop word: "vad hände efter tillitsdelegationen" put the page fourth.

    The Kvalitetsmässan session "Tillitsutredningen, och sen då?" (a forum
    record of issue #30) is as much an answer and may stand before it.
    """
    page = search_page
    hrefs, _ = type_query(page, "vad hände efter tillitsdelegationen")
    assert "/efter-delegationen/" in hrefs[:3], hrefs
    hrefs, _ = type_query(page, "utan minutstyrning")
    assert hrefs[0] == "/forsok/stockholms-stad-hemtjanst/", hrefs


def test_a_word_that_finds_nothing_among_others_is_named(search_page, site_url):
    page = search_page
    hrefs, status = type_query(page, "Skellefteå kommun")
    assert hrefs and status.startswith("Inget för ”Skellefteå”; visar "), status
    assert "träffar för ”kommun”" in status, status
    hrefs, status = type_query(page, "Borlänge kommun")  # both found: nothing to say
    assert status.startswith(tuple("0123456789")), status


@pytest.mark.parametrize("query, wanted", [
    ("tåginformation", "/forsok/trafikverket/"),        # "information" begins with another letter
    ("kvalitetsmodell", "/forsok/linkopings-kommun/"),
    ("målstyrning", None),
    ("resenärsinformation", "/forsok/trafikverket/"),   # the site says "resenären", "resenärer"
    ("Vorlänge", "/forsok/borlange-kommun/"),           # a typo in the first letter
    ("kvalitetssystem", None),                          # the site says "systemet"
    ("skolutveckling", None),                           # "skol-" is "skola"
    ("ersättningsfrågor", "/forum/regeringens-seminarium-om-ersattningsmodeller/"),  # "ersättnings|modeller"
    ("biståndsfrågor", None),                           # "bistånd" is "stöd" in the thesaurus
])
def test_a_compound_is_split_against_every_word_of_the_site(search_page, site_url, query, wanted):
    page = search_page
    hrefs, status = type_query(page, query)
    assert hrefs and "Visar träffar för" in status, (query, status)
    if wanted:
        assert wanted in hrefs[:3], (query, hrefs)


@pytest.mark.parametrize("query", ["fotbollsplan", "kärnkraftverk", "simhallen"])
def test_a_compound_with_a_part_the_site_lacks_finds_nothing(search_page, site_url, query):
    """Neither "fotboll" nor "kärn" is the site's or has its words in the thesaurus: no "plan",
    no "kraft" alone; "simhallen" is two letters from "samhället", too far at nine letters."""
    page = search_page
    hrefs, status = type_query(page, query)
    assert hrefs == [] and status.startswith("Inga träffar"), (query, status)


def test_a_word_the_site_lacks_finds_its_thesaurus_synonyms_and_says_so(search_page, site_url):
    """"närvaro" is not on the site; the thesaurus (mythes-sv) gives "deltagande", which is."""
    page = search_page
    hrefs, status = type_query(page, "närvaro")
    assert hrefs and "i stället för ”närvaro”" in status and "deltagande" in status, status
    hrefs, status = type_query(page, "fotboll")  # in no entry with a word of the site
    assert hrefs == [] and status.startswith("Inga träffar")


@pytest.mark.parametrize("query, wanted", [
    ("trust-based management", "/principer/"),   # publish/sprak/engelska.yml
    ("police", "/forsok/polismyndigheten/"),
    ("home care", "/forsok/stockholms-stad-hemtjanst/"),
])
def test_english_governance_terms_find_the_swedish_pages(search_page, site_url, query, wanted):
    page = search_page
    hrefs, status = type_query(page, query)
    assert wanted in hrefs[:3], (query, hrefs, status)


@pytest.mark.parametrize("queries, at_least, of", [("blinda.yml", 51, 61), ("blinda-2.yml", 60, 68)])
def test_the_blind_reader_queries(browser, site_url, queries, at_least, of):
    """Reader queries written blind (docs/sok.md). blinda.yml, written before the synonym list
    or the suite was read, was the measure of issue #33 (49 of 61) until its misses were used to
    find classes of gaps (51 after compounds were split with the thesaurus): a development set
    now. blinda-2.yml, written from the built pages only, was run once before and once after
    that work (60 of 68 both times) and never tuned to. Both are regression nets at their figures."""
    from search.suite import load_suite, run_suite

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outcomes = run_suite(page, site_url, load_suite(Path(__file__).parent / "search" / queries))
    page.close()
    failed = [f"[{o.klass}] {o.query!r}: {'; '.join(o.problems)}" for o in outcomes if not o.passed]
    assert len(outcomes) == of
    assert len(outcomes) - len(failed) >= at_least, "\n".join(failed)
