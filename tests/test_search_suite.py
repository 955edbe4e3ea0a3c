"""Search as readers use it (issue #19): the query suite, Enter, no JavaScript, the keyboard,
and what a first search downloads. All through the header box of the shipped site in Chromium."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from search.suite import load_suite, rates, run_suite, type_query

#: The classes issue #19 names; the suite must test each.
CLASSES = {"diakritiska", "utan-prickar", "okanda-ord", "genitiv-och-stam", "fragor", "akronymer",
           "sammansattningar", "synonymer", "stavfel", "rangordning"}


@pytest.fixture(scope="module")
def outcomes(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    found = run_suite(page, site_url)
    page.close()
    return found


def test_the_suite_covers_every_class_with_sixty_queries_or_more():
    suite = load_suite()
    assert set(suite) == CLASSES
    assert sum(len(cases) for cases in suite.values()) >= 60
    assert all(len(cases) >= 5 for cases in suite.values())


def test_nine_in_ten_reader_queries_find_what_they_should(outcomes):
    failed = [f"[{o.klass}] {o.query!r}: {'; '.join(o.problems)} (shown: {o.hrefs[:5]})"
              for o in outcomes if not o.passed]
    assert len(outcomes) - len(failed) >= 0.9 * len(outcomes), "\n".join(failed)


def test_no_class_is_left_behind(outcomes):
    for klass, (passed, total) in rates(outcomes).items():
        assert passed >= 0.8 * total, (klass, passed, total)


def test_a_word_the_site_lacks_says_so_and_offers_what_it_has(search_page, site_url):
    page = search_page
    hrefs, status = type_query(page, "fotboll")
    assert hrefs == [] and status.startswith("Inga träffar för ”fotboll”")
    offered = page.eval_on_selector_all(".hub-sok-inget a", "a => a.map(x => x.getAttribute('href'))")
    assert "/utforska/" in offered


def test_a_typo_shows_the_closest_word_and_says_so(search_page, site_url):
    page = search_page
    hrefs, status = type_query(page, "Borlnge")
    assert "/forsok/borlange-kommun/" in hrefs[:3]
    assert "Visar träffar för ”borlänge”" in status


def test_excerpts_show_the_page_text_not_the_words_added_for_the_index(search_page, site_url):
    page = search_page
    for query in ("vård", "SKR", "modell", "Säpo"):
        type_query(page, query)
        excerpts = page.eval_on_selector_all(".hub-sok-utdrag", "p => p.map(x => x.textContent)")
        assert excerpts, query
        for text in excerpts:
            assert "\u2063" not in text and "qqsokhjalpqq" not in text, (query, text)
            assert not re.search(r"\bqz\w+qz\b|\w*q[aeo]\w*", text.replace("Quist", "")), (query, text)


def test_enter_shows_every_hit_the_box_found(search_page, site_url):
    page = search_page
    page.fill("#hub-sok-falt", "styrning")
    page.wait_for_function("document.getElementById('hub-sok-status').dataset.klar === 'ja'"
                           " && document.getElementById('hub-sok-status').dataset.query === 'styrning'")
    said = page.text_content("#hub-sok-status")
    total = int(re.match(r"(\d+) träffar", said).group(1))
    assert total > 5 and len(page.query_selector_all("#hub-sok-resultat li")) == 5
    assert "de 5 bästa visas; Enter visar alla" in said
    page.keyboard.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#hub-sok-resultat li').length === {total}")
    assert page.url.rstrip("/") == site_url.rstrip("/"), "Enter stays with the hits, no other page"
    assert page.text_content("#hub-sok-status").startswith(f"{total} träffar")


def test_without_javascript_the_box_is_there_and_sends_the_words_to_utforska(browser, site_url):
    for width in (1280, 390):
        context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(site_url)
        if width < 1000:
            assert not page.is_visible("button[data-hub-sokknapp]"), "a button needs JavaScript"
            page.click("label.md-header__button[for=__search]")
        assert page.is_visible("#hub-sok-falt"), width
        page.fill("#hub-sok-falt", "Kalmar")
        page.keyboard.press("Enter")
        page.wait_for_url("**/utforska/?q=Kalmar")
        context.close()


def test_search_by_keyboard_and_after_escape_no_hidden_result_has_focus_or_a_tab_stop(page, site_url):
    """'/' opens the box, arrows reach the results, Escape closes it and leaves nothing hidden focusable."""
    page.goto(site_url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "hub-sok-falt"
    page.keyboard.type("Borlänge")
    page.wait_for_function("document.querySelectorAll('#hub-sok-resultat a').length > 0", timeout=15000)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert not page.evaluate("document.activeElement.closest('.md-search__output')")
    for _ in range(40):  # Tab through the page: never onto a hidden result
        page.keyboard.press("Tab")
        assert not page.evaluate("!!document.activeElement.closest('#hub-sok-resultat')")


def sent(body: bytes) -> int:
    return min(len(body), len(gzip.compress(body, 6)))


def test_a_first_search_downloads_at_most_160_kb(browser, site_url):
    """Everything the server sends from the first key press until the hits are shown, each file
    counted as a static host sends it: gzip-compressed when that is smaller (Pagefind's index
    files are compressed already; its JavaScript is not)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    sizes: list[int] = []
    page.on("response", lambda response: sizes.append(sent(response.body())))
    page.fill("#hub-sok-falt", "styrning")
    page.wait_for_function("document.getElementById('hub-sok-status').dataset.klar === 'ja'"
                           " && document.querySelectorAll('#hub-sok-resultat li').length > 0")
    page.wait_for_load_state("networkidle")
    context.close()
    assert sum(sizes) <= 160 * 1024, sizes


def test_the_synonym_list_is_checked_like_a_record(project):
    from conftest import run_cli

    path = project / "data" / "synonymer.yml"
    path.write_text(path.read_text(encoding="utf-8") + "  - ord: [ensamt]\n", encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 1
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert f"data/synonymer.yml:{line}:" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_the_site_words_are_published_for_typo_suggestions(shipped_site):
    words = json.loads((shipped_site / "pagefind" / "sokord.json").read_text(encoding="utf-8"))
    assert words["borlänge"] >= 3 and words["information"] >= 1  # every letter, one file


def test_the_phone_search_button_is_a_button_named_sok_and_enter_opens_the_box(browser, site_url):
    """A real <button> (axe and Lighthouse flag a label given the role); Escape brings focus back."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url)
    button = page.get_by_role("navigation", name="Sidhuvud").get_by_role("button", name="Sök", exact=True)
    assert button.is_visible()
    assert button.evaluate("b => b.tagName") == "BUTTON", "a real <button>, not a label given a role"
    assert page.evaluate("document.querySelectorAll('label[role], [role=button]').length") == 0
    assert button.get_attribute("aria-expanded") == "false"
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") == "hub-sok-falt"
    assert button.get_attribute("aria-expanded") == "true"
    assert page.url.rstrip("/") == site_url.rstrip("/"), "no empty query sent to Utforska"
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.matches('button[data-hub-sokknapp]')")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()  # and by pointer
    page.wait_for_function("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") == "hub-sok-falt"
    assert not page.is_visible("label.md-header__button[for=__search]"), "one opener, not two"
    context.close()
