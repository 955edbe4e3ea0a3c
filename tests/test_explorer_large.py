"""The explorer where its rows come in chunks: a generated hub of more records than one page.

The page holds the filters, the counts and the first PAGE_ROWS rows; the rest
is loaded from utforska/data/ (tillitsnavet/render/explorer.py). Here: counts
stay exact, "Visa fler" and the URL work, rows the script draws look like the
page's, record text stays text, it works from a folder on disk, and the page
and the start page stay within their budgets at any number of records.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, VALID_PILOT, serve_folder
from test_explorer import CLS, _visible_titles, open_facet
from tillitsnavet.records.catalog import Catalog, load_catalog
from tillitsnavet.records.kinds import KINDS, Record
from tillitsnavet.render.explorer import PAGE_ROWS, ROW_CHUNK, explorer_data, unaccented
from tillitsnavet.render.renderer import Renderer
from tillitsnavet.render.swedish import sort_key

sys.path.insert(0, str(REPO / "bench"))
from generate import generate  # noqa: E402

RECORDS = 140
#: Sorts last in Swedish order ("Ö"), so its row is drawn by the script from a chunk.
PAYLOAD = 'Ö <img src=x onerror="window.__xss=1"> </span><script>window.__xss=2</script> & "x"'
HOSTILE = (VALID_PILOT
           .replace("titel: Ett försök", "titel: '" + PAYLOAD.replace("'", "''") + "'")
           .replace("organisation: Kalmar kommun", "organisation: '<b onmouseover=window.__xss=3>Org</b>'")
           .replace("sammanfattning: Ett kort försök.",
                    "sammanfattning: '<img src=y onerror=window.__xss=4> sammanfattning'"))
BUSY = "!document.querySelector('.hub-poster').hasAttribute('aria-busy')"


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """(site folder, its URL, its catalog) of a generated hub with RECORDS records and one hostile."""
    root = tmp_path_factory.mktemp("explorer") / "hub"
    generate(root, RECORDS)
    (root / "pilots" / "zz-hostile.yml").write_text(HOSTILE, encoding="utf-8")
    result = subprocess.run([sys.executable, "build_hub.py", "build"], cwd=root, capture_output=True,
                            text=True, timeout=600, env=dict(os.environ, TILLITSNAVET_SOKINDEX="av"))
    assert result.returncode == 0, result.stderr
    catalog, problems = load_catalog(root)
    assert not problems
    url, server = serve_folder(root / "site")
    yield root / "site", url, catalog.published()
    server.shutdown()


def _rows(catalog: Catalog):
    return explorer_data(catalog)[1]


def _remaining(rows, chosen: dict[str, set[str]], words: list[str], facet: str) -> dict[str, int]:
    """What utforska.js shows beside each value of ``facet``: the records left if it were chosen."""
    counts: dict[str, int] = {}
    for row in rows:
        if not all(w in row.text for w in words):
            continue
        if any(key != facet and wanted and not wanted & set(row.values[key])
               for key, wanted in chosen.items()):
            continue
        for value in row.values[facet]:
            counts[value] = counts.get(value, 0) + 1
    return counts


def _show_all(page) -> None:
    while page.is_visible("[data-hub-fler]"):
        page.click("[data-hub-fler]")
        page.wait_for_function(BUSY)


def test_the_page_holds_one_page_of_rows_and_without_javascript_links_to_the_rest(browser, large):
    site, url, catalog = large
    html = (site / "utforska" / "index.html").read_text(encoding="utf-8")
    assert html.count('<li><a href="../') == PAGE_ROWS
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "utforska/")
    titles = _visible_titles(page)
    everything = sorted((r.title for r in catalog.all()), key=sort_key)
    assert titles == everything[:PAGE_ROWS]
    assert not page.is_visible("form.hub-filter")
    note = page.locator(".hub-utan-js")
    assert f"de {PAGE_ROWS} första av {len(everything)} poster" in note.text_content()
    for kind in KINDS.values():   # every record is one click away, in its kind's list
        link = note.locator(f"a[href='../{kind.url_prefix}/']")
        assert link.text_content() == kind.plural
        with page.expect_navigation():  # without it the count could read the page being left
            link.click()
        listed = page.eval_on_selector_all("article li a strong, article li strong a", "a => a.length")
        assert listed >= len(catalog.of_kind(kind.key)), kind.key
        page.go_back()
    context.close()


def test_counts_stay_exact_and_the_rows_come_in_chunks(page, large):
    site, url, catalog = large
    rows = _rows(catalog)
    loaded: list[str] = []
    page.on("request", lambda request: loaded.append(request.url.rsplit("/", 1)[-1]))
    page.goto(url + "utforska/")
    assert loaded.count("index.js") == 1 and not [n for n in loaded if n.startswith(("rader", "ord"))]

    page.check("input[name=typ][value=forsok]")
    open_facet(page, "status")
    page.check("input[name=status][value=avslutad]")
    page.wait_for_function(BUSY)
    chosen = {"typ": {"forsok"}, "status": {"avslutad"}}
    expected = [row.record.title for row in rows if "forsok" in row.values["typ"]
                and "avslutad" in row.values["status"]]
    assert len(expected) > PAGE_ROWS                     # so that "Visa fler" has work
    assert page.text_content("#hub-traffar") == f"{len(expected)} av {len(rows)} poster visas"
    assert _visible_titles(page) == expected[:PAGE_ROWS]
    assert page.text_content("[data-hub-fler]") == f"Visa fler poster ({len(expected) - PAGE_ROWS} till)"
    for facet in ("typ", "lan", "sektor", "ar", "status", "underlag"):
        shown = dict(page.eval_on_selector_all(
            f"input[name={facet}]",
            "boxes => boxes.map(b => [b.value, +b.parentNode.querySelector('.hub-antal')"
            ".textContent.slice(1, -1)])"))
        wanted = _remaining(rows, chosen, [], facet)
        assert shown == {value: wanted.get(value, 0) for value in shown}, facet

    _show_all(page)
    assert _visible_titles(page) == expected
    assert any(n.startswith("rader-") for n in loaded)
    # the first new row after "Visa fler" has the focus
    page.uncheck("input[name=status][value=avslutad]")
    page.wait_for_function(BUSY)
    page.click("[data-hub-fler]")
    page.wait_for_function(BUSY)
    assert page.evaluate("document.activeElement.textContent") == [
        r.record.title for r in rows if "forsok" in r.values["typ"]][PAGE_ROWS]


def test_the_text_filter_loads_the_words_and_counts_exactly(page, large):
    site, url, catalog = large
    rows = _rows(catalog)
    page.goto(url + "utforska/?q=Tillit+hemtjanst")
    page.wait_for_function(BUSY)
    words = unaccented("Tillit hemtjanst").split()
    expected = [row.record.title for row in rows if all(w in row.text for w in words)]
    assert 0 < len(expected) < len(rows)
    assert page.text_content("#hub-traffar") == f"{len(expected)} av {len(rows)} poster visas"
    _show_all(page)
    assert _visible_titles(page) == expected
    counts = _remaining(rows, {}, words, "lan")
    shown = dict(page.eval_on_selector_all(
        "input[name=lan]", "boxes => boxes.map(b => [b.value, "
        "+b.parentNode.querySelector('.hub-antal').textContent.slice(1, -1)])"))
    assert shown == {value: counts.get(value, 0) for value in shown}


def test_the_url_keeps_the_view(page, large):
    site, url, catalog = large
    page.goto(url + "utforska/")
    page.fill("#hub-filter-ord", "tillit")
    page.wait_for_function("location.search.includes('q=tillit')")
    for facet, value in (("typ", "forsok"), ("typ", "exempel")):
        page.check(f"input[name={facet}][value={value}]")
    open_facet(page, "underlag")
    page.check("input[name=underlag][value=beskrivet]")
    page.wait_for_function(BUSY)
    address = page.url
    assert re.search(r"q=tillit&typ=forsok&typ=exempel&underlag=beskrivet$", address), address
    view = (page.text_content("#hub-traffar"), _visible_titles(page))

    other = page.context.new_page()   # a second tab of the same reader
    other.goto(address)
    other.wait_for_function(BUSY)
    assert (other.text_content("#hub-traffar"), _visible_titles(other)) == view
    assert other.input_value("#hub-filter-ord") == "tillit"
    checked = other.eval_on_selector_all("input:checked", "bs => bs.map(b => b.name + '=' + b.value)")
    assert checked == ["typ=forsok", "typ=exempel", "underlag=beskrivet"]
    other.close()

    page.go_back()    # the last box unticked
    page.wait_for_function(BUSY)
    assert not page.is_checked("input[name=underlag][value=beskrivet]")
    assert page.url == address.replace("&underlag=beskrivet", "")
    page.go_forward()
    page.wait_for_function(BUSY)
    assert (page.text_content("#hub-traffar"), _visible_titles(page)) == view


def test_rows_the_script_draws_look_like_the_page_s_own(page, large):
    site, url, catalog = large
    root = site.parent
    renderer = Renderer(root / "macros", catalog)
    explorer = renderer.explorer()
    macro = renderer.env.get_template("kortkoder/utforskare.md.j2").module.rad
    page.goto(url + "utforska/")
    page.click("[data-hub-fler]")
    page.wait_for_function(BUSY)
    drawn = page.eval_on_selector_all(".hub-poster > li", "rows => rows.map(li => li.outerHTML)")
    assert len(drawn) == 2 * PAGE_ROWS > ROW_CHUNK
    served_html = "".join(str(macro(explorer.shown(row))) for row in explorer.rows[:2 * PAGE_ROWS])
    served = page.evaluate("""html => {
      const t = document.createElement("template");
      t.innerHTML = html;   // the template's own output, in a test
      return [...t.content.querySelectorAll("li")].map(li => li.outerHTML);
    }""", served_html)
    assert drawn == served


def test_record_text_stays_text(page, large):
    site, url, catalog = large
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "utforska/?q=sammanfattning")
    page.wait_for_function(BUSY)
    page.wait_for_timeout(300)
    row = page.locator(".hub-poster > li").last
    assert row.locator("a").text_content() == PAYLOAD
    assert "<b onmouseover=window.__xss=3>Org</b>" in row.locator(".hub-poster__meta").text_content()
    row.hover()
    assert page.evaluate("window.__xss") is None and dialogs == []
    assert not page.query_selector(".hub-poster script, .hub-poster img, .hub-poster b")
    for data in (site / "utforska" / "data").glob("*.js"):
        text = data.read_text(encoding="utf-8")
        assert "<" not in text and ">" not in text, data.name


def test_it_works_from_a_folder_on_disk(page, large):
    site, url, catalog = large
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((site / "utforska" / "index.html").as_uri() + "?lan=stockholms-lan")
    page.wait_for_function(BUSY)
    expected = [r.record.title for r in _rows(catalog) if "stockholms-lan" in r.values["lan"]]
    _show_all(page)
    assert _visible_titles(page) == expected
    page.fill("#hub-filter-ord", "tillit")
    page.wait_for_function("location.search.includes('q=tillit')")
    page.wait_for_function(BUSY)
    assert any("/ord-0.js" in u for u in requests) and any("/rader-" in u for u in requests)
    assert all(u.startswith(("file://", "data:")) for u in requests), requests


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_nothing_moves_while_chunks_load(browser, large, width, height):
    site, url, catalog = large
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    page = context.new_page()
    page.goto(url + "utforska/?lan=vastra-gotalands-lan&q=tillit")
    page.wait_for_function(BUSY)
    assert page.evaluate(CLS) < 0.1
    context.close()


# --- the budgets (issue 21): bytes, not timings --------------------------------

def _worst_case_catalog(count: int) -> Catalog:
    """``count`` records over every county, municipality, sector, principle, year and status."""
    shipped, _ = load_catalog(REPO)
    reference = shipped.reference
    towns = sorted(reference.municipalities.values(), key=lambda m: m.code)
    counties = {code: name for name, code in reference.counties.items()}
    sectors = [s["namn"] for s in reference.lists["sektorer"]]
    principles = [p["namn"] for p in reference.lists["principer"]]
    records: dict[str, list[Record]] = {key: [] for key in KINDS}
    kinds = list(KINDS.values())
    for i in range(count):
        town = towns[i % len(towns)]
        kind = kinds[i % 3]
        records[kind.key].append(Record(kind, f"post-{i:05d}", f"{kind.folder}/post-{i:05d}.yml", {
            "titel": f"Försök med tillitsbaserad styrning i {town.name}, del {i}",
            "organisation": f"{town.name} kommun", "organisationstyp": "kommun",
            "kommun": town.name, "län": counties[town.county_code],
            "sektorer": sectors[i % len(sectors):][:2], "principer": principles[i % 5:][:3],
            "period": {"start": f"{2000 + i % 30}-01", "slut": f"{2000 + i % 30}-12"},
            "status": ["planerad", "pågående", "avslutad"][i % 3],
            "underlag": ["forskningsuppföljt", "beskrivet", "omnämnt"][i % 3],
            "sammanfattning": "En sammanfattning på ett par meningar om vad som gjordes, var, "
                              "av vem och med vilket resultat, som i de riktiga posterna. " * 2,
            "taggar": ["tillit", "styrning"], "senast_granskad": f"2026-{1 + i % 12:02d}-01",
        }))
    return Catalog(reference, records)


def _shortcodes(renderer: Renderer, root: Path, page: str) -> int:
    """Bytes the shortcodes of a hand-written page expand to."""
    text = (root / "content" / page).read_text(encoding="utf-8")
    found = re.findall(r"<!--\s*hub:(\w+)\s*([\w-]*)\s*-->", text)
    assert found
    return sum(len(renderer.shortcode(name, arg, page).encode()) for name, arg in found)


@pytest.mark.parametrize("page,built,budget", [("utforska/index.md", "utforska/index.html", 300_000),
                                               ("index.md", "index.html", 100_000)])
def test_explorer_and_start_page_stay_within_budget_at_any_size(large, page, built, budget):
    """The page at 10,000 records over all 290 municipalities, estimated without a build:
    the built page of the generated hub, with its shortcodes' output replaced by theirs."""
    site, url, catalog = large
    here = site.parent
    small = Renderer(here / "macros", catalog)
    rest = (site / built).stat().st_size - _shortcodes(small, here, page)
    worst = Renderer(REPO / "macros", _worst_case_catalog(10_000))
    estimate = rest + _shortcodes(worst, REPO, page)
    assert estimate <= budget, (page, rest, estimate)
