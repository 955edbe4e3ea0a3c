"""The pictures (issue #4): map, charts, timelines and principle matrix, checked in the built site.

The SVG is read back from real builds: the shipped site (``shipped_site``) for
what the shipped data must show, and a small project (``project``) for
hostile text. The browser tests open the site in Debian's Chromium.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import REPO, VALID_PILOT, run_cli
from tillitsnavet.records.catalog import load_catalog
from tillitsnavet.records.kinds import page_url, suggest_id
from tillitsnavet.render.pictures.county_map import levels, short_name
from tillitsnavet.render.pictures.place_map import SHARED_MAP
from tillitsnavet.render.pictures.geometry import simplify
from tillitsnavet.render.links import FILTERS, explorer_href, file_href, href
from tillitsnavet.render.pictures.projection import Albers
from tillitsnavet.render.pictures.timeline import spread, year_fraction

SVG = "{http://www.w3.org/2000/svg}"
_FIGURE = re.compile(r'<figure class="hub-bild[^"]*">.*?</figure>', re.S)
_MATRIX = re.compile(r'<div class="hub-matris">.*?</table>', re.S)


# --- helpers --------------------------------------------------------------

def published():
    catalog, problems = load_catalog(REPO)
    assert not problems
    return catalog, [r for r in catalog.all() if not r.draft]


def figures(page: Path) -> list[str]:
    return _FIGURE.findall(page.read_text(encoding="utf-8"))


def svgs(page: Path) -> list[ET.Element]:
    """Every picture's <svg>, parsed as XML (so it must be well-formed)."""
    found = []
    for figure in figures(page):
        for match in re.finditer(r"<svg xmlns=.*?</svg>", figure, re.S):
            if 'class="hub-svg' in match.group(0)[:200]:
                found.append(ET.fromstring(match.group(0)))
    return found


def svg_by_id(page: Path, ident: str) -> ET.Element:
    return next(s for s in svgs(page) if s.get("id") == ident)


def title_of(element: ET.Element) -> str:
    title = element.find(f"{SVG}title")
    return (title.text or "") if title is not None else ""


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def resolve(site: Path, page: Path, url: str) -> tuple[Path, dict[str, list[str]]]:
    """The file a relative link from ``page`` opens, and its query."""
    parts = urlsplit(url.replace("&amp;", "&"))
    base = page.parent.relative_to(site).as_posix()
    target = posixpath.normpath(posixpath.join(base, parts.path))
    path = site / target
    return (path / "index.html" if path.is_dir() or parts.path.endswith("/") else path), parse_qs(parts.query)


# --- pure functions -----------------------------------------------------------

def test_links_are_relative_to_the_built_page():
    assert page_url("index.md") == "" and page_url("forsok/index.md") == "forsok/"
    assert page_url("forsok/kalmar.md") == "forsok/kalmar/"
    assert href("utforska/index.md", "index.md") == "utforska/"
    assert href("utforska/index.md", "forsok/kalmar.md") == "../../utforska/"
    assert href("forsok/kalmar.md", "forsok/index.md") == "kalmar/"
    assert explorer_href("om/tidslinje.md", lan="Östergötlands län") == "../../utforska/?lan=ostergotlands-lan"
    # the offline archive: pages are files
    assert href("utforska/index.md", "forsok/kalmar.md", directory_urls=False) == "../utforska/index.html"
    assert href("forsok/kalmar.md", "index.md", directory_urls=False) == "forsok/kalmar.html"
    assert explorer_href("index.md", False, lan="Kalmar län") == "utforska/index.html?lan=kalmar-lan"
    with pytest.raises(ValueError):
        explorer_href("index.md", stad="Kalmar")


def test_projection_keeps_the_map_the_right_way_round_and_equal_area():
    project = Albers()
    malmo, kiruna, stockholm, goteborg = (project(13.0, 55.6), project(20.2, 67.9),
                                         project(18.07, 59.33), project(11.97, 57.7))
    assert kiruna[1] < stockholm[1] < malmo[1]          # north is up (SVG y grows down)
    assert goteborg[0] < stockholm[0]                   # west is left

    def cell_area(lon, lat):
        a, b, c = project(lon, lat), project(lon + 1, lat), project(lon, lat + 1)
        return abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))

    # A 1°×1° cell is 40 % smaller at 68° than at 56° on the globe (cos ratio); equal-area keeps that.
    import math
    expected = math.sin(math.radians(69)) - math.sin(math.radians(68))
    expected /= math.sin(math.radians(57)) - math.sin(math.radians(56))
    assert cell_area(18, 68) / cell_area(18, 56) == pytest.approx(expected, rel=0.02)


def test_shades_labels_and_simplification():
    assert levels(3) == [(1, 1), (2, 2), (3, 3)]
    assert levels(40) == [(1, 10), (11, 20), (21, 30), (31, 40)]
    line = [(0, 0), (1, 0.01), (2, 0), (3, 5), (4, 0)]
    assert simplify(line, 0.1) == [(0, 0), (2, 0), (3, 5), (4, 0)]
    heights = [40.0] * 5
    placed = spread([100, 101, 102, 300, 301], heights, 0)
    assert all(b - a >= 40 for a, b in zip(placed, placed[1:]))
    assert placed[0] < 100 < placed[2]                  # a cluster spreads around its dates
    assert year_fraction("2017") == 2017 and year_fraction("2017", end=True) == pytest.approx(2018, abs=0.01)


# --- the shipped site ---------------------------------------------------------

def test_map_shades_the_counties_of_the_shipped_records(shipped_site: Path):
    catalog, records = published()
    expected = Counter(r.get("län") for r in records if r.get("län"))
    assert {"Kalmar län", "Dalarnas län", "Östergötlands län", "Stockholms län"} <= set(expected)

    # the large map is on the explorer's page (the start page links by county instead)
    svg = svg_by_id(shipped_site / "utforska" / "index.html", "hub-karta")
    counties = svg.find(f"{SVG}g[@class='hub-lanen']")
    shaded, seen = {}, set()
    for element in counties:
        title = title_of(element) or title_of(element.find(f"{SVG}path"))
        name, count = re.fullmatch(r"(.+ län): (\d+) (?:post|poster)", title).groups()
        seen.add(name)
        path = element if element.tag == f"{SVG}path" else element.find(f"{SVG}path")
        if path.get("class") != "hub-niva-0":
            shaded[name] = int(count)
            assert element.tag == f"{SVG}a"
            assert element.get("href") == f"./?lan={suggest_id(name)}"
        else:
            assert int(count) == 0 and element.tag == f"{SVG}path"   # nothing to link to
    assert seen == set(catalog.reference.counties)                  # all 21 counties drawn
    assert shaded == dict(expected)
    # the darkest shade belongs to the county with most records
    darkest = max(counties.iter(f"{SVG}path"), key=lambda p: float(p.get("fill-opacity") or 0))
    assert darkest.get("class") != "hub-niva-0"
    labels = [t.text for t in svg.find(f"{SVG}g[@class='hub-kartetiketter']").iter(f"{SVG}text")
              if t.get("class") == "hub-kartantal"]
    assert sorted(map(int, labels)) == sorted(expected.values())

    places = {title_of(a).split(":")[0] for a in svg.find(f"{SVG}g[@class='hub-orter']")}
    assert places == {r.get("kommun") for r in records
                      if r.get("kommun") and r.kind.key in ("forsok", "exempel")}


def test_every_picture_has_titles_and_descriptions_and_unique_ids(shipped_site: Path):
    pages = [p for p in shipped_site.rglob("index.html") if figures(p)]
    assert len(pages) >= 10
    kinds = Counter()
    for page in pages:
        ids = re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8"))
        assert len(ids) == len(set(ids)), (page, [i for i, n in Counter(ids).items() if n > 1])
        for svg in svgs(page):
            kinds[svg.get("class")] += 1
            ident = svg.get("id")
            assert svg.get("role") in ("img", "group")
            assert svg.get("aria-labelledby") == f"{ident}-titel"
            assert svg.get("aria-describedby") == f"{ident}-beskrivning"
            assert svg.get("viewBox") and svg.get("width") == "100%"
            assert svg[0].tag == f"{SVG}title" and svg[0].get("id") == f"{ident}-titel" and svg[0].text
            assert svg[1].tag == f"{SVG}desc" and len(svg[1].text) > 20
            for link in svg.iter(f"{SVG}a"):
                assert title_of(link).strip(), (page, ident, link.get("href"))
            if svg.get("role") == "img":
                assert not list(svg.iter(f"{SVG}a"))   # links inside role=img are hidden from readers
            for element in svg.iter():
                for name, value in element.attrib.items():
                    assert not name.startswith("on") and "javascript:" not in value
                    assert not value.startswith("http"), (page, name, value)  # nothing external
    assert {"hub-svg hub-karta", "hub-svg hub-diagram", "hub-svg hub-liten-karta",
            "hub-svg hub-tidslinjebild", "hub-svg hub-perioderbild"} <= set(kinds)


def test_every_link_in_a_picture_resolves(shipped_site: Path):
    explorer = (shipped_site / "utforska" / "index.html").read_text(encoding="utf-8")
    facets = set(re.findall(r'<input type="checkbox" name="(\w+)" value="([\w-]+)"', explorer))
    checked = 0
    for page in shipped_site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        for block in figures(page) + _MATRIX.findall(html):
            for url in hrefs(block):
                target, query = resolve(shipped_site, page, url.split("#")[0])
                assert target.exists(), (page, url)
                if "#" in url:
                    assert f'id="{url.split("#")[1]}"' in target.read_text(encoding="utf-8"), url
                for key, values in query.items():
                    assert key in FILTERS, url
                    # every filter the explorer knows must exist there with this value
                    if any(k == key for k, _ in facets):
                        assert all((key, v) in facets for v in values), (page, url)
                checked += 1
    assert checked > 100


def test_record_pages_show_their_own_place_or_none(shipped_site: Path):
    _, records = published()
    for record in records:
        page = shipped_site / record.url / "index.html"
        small = [s for s in svgs(page) if s.get("id") == "hub-plats"]
        if not record.get("län"):
            assert not small, record.id
            continue
        assert len(small) == 1, record.id
        own = small[0].find(f"{SVG}a")
        assert title_of(own).startswith(record.get("län"))
        assert own.get("href") == f"../../utforska/?lan={suggest_id(record.get('län'))}"
        points = small[0].findall(f"{SVG}a")[1:]
        assert len(points) == (1 if record.get("kommun") else 0)


def test_delegation_timeline_is_drawn_from_the_data_file(shipped_site: Path):
    catalog, _ = published()
    events = catalog.reference.lists["tidslinje"]
    page = shipped_site / "om" / "tidslinje" / "index.html"
    svg = svg_by_id(page, "hub-tidslinje")
    assert len([c for c in svg.iter(f"{SVG}circle")]) == len(events)
    text = " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))
    for words in ("16 juni 2016", "17 februari 2017", "7 december 2017", "29 mars 2019",
                  "24 juni 2020", "Christina Forsberg blir ordförande"):
        assert words in text
    assert "hub-tidslinje" in page.read_text(encoding="utf-8")   # the list with sources stays


def test_pilot_periods_and_principle_matrix(shipped_site: Path):
    _, records = published()
    pilots = [r for r in records if r.kind.key == "forsok"]
    page = shipped_site / "forsok" / "index.html"
    periods = svg_by_id(page, "hub-perioder")
    bars = periods.findall(f"{SVG}a")
    assert len(bars) == len([p for p in pilots if p.get("period")]) >= 2
    assert all("mars–december 2017" in title_of(a) for a in bars)

    matrix = _MATRIX.search(page.read_text(encoding="utf-8")).group(0)
    rows = re.findall(r"<tr><th scope=\"row\"><a href=\"([\w-]+)/\".*?</tr>", matrix)
    assert sorted(rows) == sorted(p.id for p in pilots if p.get("principer"))
    marks = re.findall(r'<td class="hub-ja"><a href="([\w-]+)/" title="[^"]*: ([^"]+)"', matrix)
    expected = Counter(name for p in pilots for name in p.get("principer", []))
    assert len(marks) == sum(expected.values())
    foot = re.search(r"<tfoot>(.*?)</tfoot>", matrix).group(1)
    assert [int(n) for n in re.findall(r">(\d+)(?:</a>)?</td>", foot)] == [
        expected.get(p, 0) for p in ("tillit", "medborgarfokus", "helhetssyn", "handlingsutrymme",
                                     "stöd", "kunskap", "öppenhet", "långsiktighet")]


def test_record_pages_draw_their_place_over_one_shared_map(shipped_site: Path):
    """The country is one file of the site; a record page carries its own county and point."""
    shared = ET.fromstring((shipped_site / SHARED_MAP).read_text(encoding="utf-8"))
    assert shared.tag == f"{SVG}svg" and len(shared.findall(f".//{SVG}path")) == 21
    assert not [e for e in shared.iter() if e.tag in (f"{SVG}a", f"{SVG}script")]
    page = shipped_site / "forsok" / "borlange-kommun" / "index.html"
    small = svg_by_id(page, "hub-plats")
    (image,) = small.findall(f"{SVG}image")
    assert image.get("aria-hidden") == "true" and image.get("width") == "100"
    assert image.get("href") == "../../assets/sverige.svg"
    assert resolve(shipped_site, page, image.get("href"))[0] == shipped_site / SHARED_MAP
    assert small.get("viewBox") == shared.get("viewBox")   # the page's shapes lie on the file's
    assert len(small.findall(f".//{SVG}path")) == 1, "only the record's own county"
    # the offline archive's pages are files one folder up
    assert file_href(SHARED_MAP, "forsok/borlange-kommun.md", False) == "../assets/sverige.svg"
    assert file_href(SHARED_MAP, "index.md", False) == "assets/sverige.svg"


def test_the_shared_map_shows_from_disk_and_over_http(browser, shipped_site: Path, site_url):
    """Chromium draws the shared map under the page's own county, from a server and from disk."""
    page = browser.new_page()
    for url in (site_url + "forsok/borlange-kommun/",
                (shipped_site / "forsok" / "borlange-kommun" / "index.html").as_uri()):
        page.goto(url)
        loaded = page.evaluate("""() => new Promise(done => {
            const image = document.querySelector('#hub-plats image');
            const probe = new Image();
            probe.onload = () => done(probe.naturalWidth);
            probe.onerror = () => done(0);
            probe.src = new URL(image.getAttribute('href'), document.baseURI).href;
        })""")
        assert loaded > 0, url
    page.close()


def test_pictures_stay_small(shipped_site: Path):
    """Every record page carries the small map, so its size is page weight times records."""
    start = svg_by_id(shipped_site / "utforska" / "index.html", "hub-karta")
    small = svg_by_id(shipped_site / "forsok" / "borlange-kommun" / "index.html", "hub-plats")
    assert len(ET.tostring(start)) < 24_000
    assert len(ET.tostring(small)) < 2_000   # the country is the shared file


# --- hostile text -------------------------------------------------------------

def test_record_text_in_pictures_is_escaped(project: Path):
    payload = '<script>alert(1)</script> "><svg onload=alert(2)> & {{ 7*7 }}'
    record = VALID_PILOT.replace("organisation: Kalmar kommun", f"organisation: '{payload}'")
    record = record.replace("titel: Ett försök", "titel: 'Försök </title><a href=javascript:x>'")
    record = record.replace("  - tillit", "  - tillit\n  - kunskap")
    (project / "pilots" / "ett-forsok.yml").write_text(record, encoding="utf-8")
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = site / "forsok" / "index.html"
    html = page.read_text(encoding="utf-8")
    for svg in svgs(page) + svgs(site / "forsok" / "ett-forsok" / "index.html") + svgs(site / "index.html"):
        for element in svg.iter():
            assert element.tag.split("}")[1] not in ("script", "svg") or element is svg
            assert not any(n.startswith("on") for n in element.attrib)
            assert "javascript" not in element.get("href", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    periods = svg_by_id(page, "hub-perioder")
    assert any(payload in title_of(a) for a in periods.iter(f"{SVG}a"))   # shown as typed


# --- in the browser -------------------------------------------------------------

#: A point inside the linked shape that a click really reaches (not a dot, label or the header).
_POINT_IN = """(href) => {
  const link = document.querySelector(`#hub-karta a[href="${href}"]`);
  link.scrollIntoView({block: "center"});
  const shape = link.querySelector("path, circle"), svg = shape.ownerSVGElement;
  const box = shape.getBBox(), matrix = shape.getScreenCTM();
  for (let i = 1; i < 24; i++) for (let j = 1; j < 24; j++) {
    const p = svg.createSVGPoint();
    p.x = box.x + box.width * i / 24; p.y = box.y + box.height * j / 24;
    if (!shape.isPointInFill(p)) continue;
    const s = p.matrixTransform(matrix), hit = document.elementFromPoint(s.x, s.y);
    if (hit && hit.closest("a") === link) return [s.x, s.y];
  }
  return null;
}"""


def _visible_titles(page) -> list[str]:
    return page.eval_on_selector_all(".hub-poster > li:not([hidden]) > a",
                                     "links => links.map(a => a.textContent)")


def test_clicking_a_county_opens_the_filtered_explorer(page, site_url, tmp_path):
    _, records = published()
    page.goto(site_url)
    shot = tmp_path / "startsida.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    page.goto(site_url + "utforska/")   # the large map is on the explorer's page
    box = page.locator("#hub-karta").bounding_box()
    assert box["width"] > 200 and box["height"] > 1.8 * box["width"]   # Sweden, drawn upright

    point = page.evaluate(_POINT_IN, "./?lan=kalmar-lan")
    assert point, "no clickable point inside Kalmar län"
    page.mouse.click(*point)
    page.wait_for_url("**/utforska/?lan=kalmar-lan")
    assert page.is_checked("input[name=lan][value=kalmar-lan]")
    expected = [r.title for r in records if r.get("län") == "Kalmar län"]
    assert sorted(_visible_titles(page)) == sorted(expected)

    # A municipality by keyboard: its link narrows the explorer to its county at least.
    page.goto(site_url + "utforska/")
    page.focus('#hub-karta .hub-orter a[href*="kommun=borlange"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**/utforska/?lan=dalarnas-lan*")
    assert sorted(_visible_titles(page)) == sorted(r.title for r in records
                                                   if r.get("län") == "Dalarnas län")


@pytest.mark.parametrize("path", ["", "utforska/", "forsok/", "om/tidslinje/", "forsok/borlange-kommun/"])
def test_pictures_fit_a_phone(browser, site_url, path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for box in page.eval_on_selector_all(
            ".hub-bild svg.hub-svg", "svgs => svgs.map(s => s.getBoundingClientRect().toJSON())"):
        assert 0 < box["width"] <= 360 and box["right"] <= 360
    # SVG text must stay readable: at least 10 CSS pixels once the picture is scaled down
    smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll('.hub-svg text')]
        .filter(t => t.getBBox().width > 0)
        .map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a))""")
    assert smallest >= 10 or path == "forsok/borlange-kommun/"   # the small map has no text
    context.close()


# axe-core on every page with a picture, light and dark, phone and desktop: test_accessibility.py.


# --- county names, tap targets, the way to the map (issue 30) ---------------------

#: Per county name on the map: its text box, and whether its centre is inside its own county.
_NAMES = """() => {
  const svg = document.querySelector("#hub-karta");
  const shapes = {};
  for (const el of svg.querySelectorAll(".hub-lanen > a, .hub-lanen > path")) {
    const title = el.querySelector("title").textContent;
    shapes[title.split(" län:")[0]] = el.tagName === "a" ? el.querySelector("path") : el;
  }
  return [...svg.querySelectorAll("text.hub-kartnamn, text.hub-kartantal")].map(t => {
    const box = t.getBBox(), p = svg.createSVGPoint();
    p.x = box.x + box.width / 2; p.y = box.y + box.height / 2;
    // a name in the sea: its line leads from beside it into its county
    const line = t.parentNode.classList.contains("hub-kartnamn-utanfor") && t.parentNode.querySelector("line");
    if (line) {
      p.x = +line.getAttribute("x2"); p.y = +line.getAttribute("y2");
      if (Math.abs(+line.getAttribute("y1") - +t.getAttribute("y")) > 0.01
          || +line.getAttribute("x1") > box.x) return {text: t.textContent, name: true, inside: false};
    }
    const own = Object.entries(shapes).filter(([name]) => name === t.textContent
      || name.slice(0, -1) === t.textContent || name === t.textContent + "s");
    return {text: t.textContent, name: t.classList.contains("hub-kartnamn"), outside: !!line,
            box: t.getBoundingClientRect().toJSON(),
            inside: own.length === 1 && own[0][1].isPointInFill(p),
            px: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a};
  });
}"""


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844), (360, 740)])
def test_the_map_names_its_counties(page, site_url, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(site_url + "utforska/#karta")
    labels = page.evaluate(_NAMES)
    names = [label for label in labels if label["name"]]
    # on the shipped records every county is named: in it, or beside it with a line into it
    catalog, _ = published()
    assert sorted(n["text"] for n in names) == sorted(short_name(c) for c in catalog.reference.counties)
    assert any(n["outside"] for n in names) and any(not n["outside"] for n in names)
    for label in names:
        assert label["inside"], label                    # in its own county, or its line ends there
        assert label["px"] >= 10, label                  # readable
    boxes = [label["box"] for label in labels]
    for i, a in enumerate(boxes):                        # no label covers another
        for b in boxes[i + 1:]:
            assert (a["right"] <= b["left"] or b["right"] <= a["left"]
                    or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]), (a, b)


#: Per municipality dot: which link a tap reaches at its centre and 11.5 CSS px around it.
_TAPS = """(map) => [...document.querySelectorAll(`${map} a.hub-ort`)].map(link => {
  const dot = link.querySelector("circle:not(.hub-traffyta)"), box = dot.getBoundingClientRect();
  const x = box.x + box.width / 2, y = box.y + box.height / 2, r = 11.5, d = r / Math.SQRT2;
  const reached = [[0, 0], [r, 0], [-r, 0], [0, r], [0, -r], [d, d], [d, -d], [-d, d], [-d, -d]]
    .map(([dx, dy]) => { const hit = document.elementFromPoint(x + dx, y + dy);
                         const a = hit && hit.closest("a"); return a ? a.getAttribute("href") : null; });
  return {href: link.getAttribute("href"), x, y, dot: box.width, reached};
})"""


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844), (360, 740)])
@pytest.mark.parametrize("path,selector", [("utforska/", "#hub-karta"),
                                           ("forsok/sundsvalls-kommun/", ".hub-liten-karta")])
def test_map_dots_are_tap_targets_of_at_least_24_px(browser, site_url, width, height, path, selector):
    """WCAG 2.2, 2.5.8: a dot drawn a few px across is a 24 px target."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE",
                                  is_mobile=width < 500, has_touch=width < 500)
    page = context.new_page()
    page.goto(site_url + path)
    page.eval_on_selector(selector, "map => map.scrollIntoView({block: 'center'})")
    box = page.locator(selector).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= height     # the whole map on the screen
    dots = page.evaluate(_TAPS, selector)
    assert dots and all(dot["dot"] < 12 for dot in dots)       # the drawn dot stays small
    for dot in dots:
        neighbours = [o for o in dots if o is not dot
                      and ((o["x"] - dot["x"]) ** 2 + (o["y"] - dot["y"]) ** 2) ** .5 < 24]
        assert dot["reached"][0] == dot["href"], dot
        if not neighbours:                              # the whole 24 px circle is this dot's
            assert set(dot["reached"]) == {dot["href"]}, dot
        else:                                           # shared only with the dots beside it
            assert set(dot["reached"]) <= {dot["href"]} | {o["href"] for o in neighbours}, dot
    context.close()


def test_the_start_page_and_utforska_lead_to_the_map_in_one_tap(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="sv-SE",
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url)
    shortcut = page.get_by_role("link", name="Karta över länen")
    box = shortcut.bounding_box()
    assert box["y"] + box["height"] <= 844                     # in the first screen
    assert box["height"] >= 24 or box["width"] >= 24
    shortcut.tap()
    page.wait_for_url("**/utforska/#karta")
    page.wait_for_timeout(300)
    heading = page.locator("h2#karta").bounding_box()
    assert 0 <= heading["y"] < 200, heading                      # the map's heading at the top
    the_map = page.locator("#hub-karta").bounding_box()
    assert the_map["y"] < 844, the_map                            # and the map in the same screen
    # on Utforska itself, the map is one tap from the first screen too
    page.goto(site_url + "utforska/")
    to_map = page.get_by_role("link", name="se posterna på kartan")
    assert to_map.bounding_box()["y"] < 844
    to_map.tap()
    page.wait_for_url("**/utforska/#karta")
    page.wait_for_timeout(300)
    assert 0 <= page.locator("h2#karta").bounding_box()["y"] < 200
    context.close()
