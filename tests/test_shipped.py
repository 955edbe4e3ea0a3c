"""The shipped records: they validate, they cite sources, and the built site has them all."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from conftest import REPO, run_cli
from test_build import article

from tillitsnavet.records.catalog import load_catalog
from tillitsnavet.records.kinds import KINDS


def test_shipped_records_have_zero_problems():
    catalog, problems = load_catalog(REPO)
    assert problems == []
    assert len(catalog.of_kind("forsok")) >= 4
    assert catalog.of_kind("forum") and catalog.of_kind("exempel")


def test_required_pilots_are_there():
    catalog, _ = load_catalog(REPO)
    organisations = {r.get("organisation") for r in catalog.of_kind("forsok")}
    for expected in ("Landstinget i Kalmar län", "Borlänge kommun", "Linköpings kommun",
                     "Sundsvalls kommun", "Karolinska Universitetssjukhuset"):
        assert expected in organisations
    # four of the twelve Försök Tillit pilots are confirmed by a primary source
    confirmed = {r.get("organisation") for r in catalog.of_kind("forsok")
                 if r.get("program") == "Försök Tillit" and r.confirmed("program")}
    assert {"Landstinget i Kalmar län", "Borlänge kommun", "Sundsvalls kommun",
            "Karolinska Universitetssjukhuset"} <= confirmed
    # Stockholm's home care was only mentioned as a possible example
    stockholm = [r for r in catalog.of_kind("forsok") if r.get("organisation") == "Stockholms stad"]
    assert stockholm and all(r.get("program") == "Nämnt som exempel" for r in stockholm)


def test_every_record_cites_a_source():
    catalog, _ = load_catalog(REPO)
    for record in catalog.all():
        assert record.get("källor"), record.path


def test_check_command_on_shipped_data():
    result = run_cli(REPO, "check")
    assert result.returncode == 0, result.stderr
    assert "Alla poster stämmer" in result.stdout


def test_built_site_has_a_page_for_every_record(shipped_site: Path):
    catalog, _ = load_catalog(REPO)
    for record in catalog.all():
        page = shipped_site / record.url / "index.html"
        if record.draft:
            assert not page.exists()
            continue
        text = "".join(article(page).text)
        assert record.title in text, record.path
        assert "Källor" in text and "Senast granskad" in text


def test_hand_written_pages_are_built(shipped_site: Path):
    for page in ("index.html", "om/index.html", "om/direktiv/index.html", "om/tidslinje/index.html",
                 "om/rapporter/index.html", "principer/index.html", "forsok/index.html",
                 "forum/index.html", "exempel/index.html"):
        assert (shipped_site / page).exists(), page
    reports = "".join(article(shipped_site / "om/rapporter/index.html").text)
    for number in ("SOU 2017:56", "SOU 2018:38", "SOU 2018:47", "SOU 2018:48", "SOU 2019:43", "SOU 2020:40"):
        assert number in reports
    principles = "".join(article(shipped_site / "principer/index.html").text)
    for name in ("Tillit", "Medborgarfokus", "Helhetssyn", "Handlingsutrymme", "Stöd", "Kunskap",
                 "Öppenhet", "Långsiktighet"):
        assert name in principles


def test_site_speaks_swedish_and_requests_nothing_external(shipped_site: Path):
    html = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in html
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    for page in shipped_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for marker in ('src="http', "src='http", '<link rel="stylesheet" href="http', "@import url(http"):
            assert marker not in text, (page, marker)


def _explorer_rows(site: Path) -> list:
    rows = []
    for part in sorted((site / "utforska/data").glob("rader-*.js")):
        text = part.read_text(encoding="utf-8")
        rows += json.loads(text[text.index("[", text.index(",", text.index(",") + 1)):text.rindex(")")])
    return rows


def test_a_record_mentioned_as_an_example_is_never_called_a_pilot(shipped_site: Path):
    """Issue 30: cards, lists, search meta, the explorer and open data agree with the page."""
    catalog, _ = load_catalog(REPO)
    mentioned = [r for r in catalog.all() if r.get("program") == "Nämnt som exempel" and not r.draft]
    assert mentioned
    data = json.loads((shipped_site / "data/tillitsnavet.json").read_text(encoding="utf-8"))
    labels = {(p["slag"], p["id"]): p["etikett"] for p in data["poster"]}
    rows = {row[0].split("/")[-2]: row[3][0][0] for row in _explorer_rows(shipped_site)}
    tag_page = (shipped_site / "taggar/index.html").read_text(encoding="utf-8")
    for record in mentioned:
        assert labels[("forsok", record.id)] == "Nämnt som exempel"
        assert rows[record.id] == "Nämnt som exempel"
        page = (shipped_site / record.url / "index.html").read_text(encoding="utf-8")
        assert '<span data-pagefind-meta="typ">Nämnt som exempel</span>' in page
        assert "Inte ett av delegationens försök" in page
        for kind in re.findall(rf'forsok/{record.id}/"[^>]*>[^<]*</a> \(([^)]*)\)', tag_page):
            assert kind == "nämnt som exempel"
    pilots = [r for r in catalog.all() if r.kind.key == "forsok" and r not in mentioned]
    assert all(labels[("forsok", r.id)] == "Försöksverksamhet" for r in pilots)


def _section(html: str, heading_id: str) -> str:
    match = re.search(rf'<h2 id="{heading_id}".*?</ul>', html, re.S)
    return match.group(0) if match else ""


def _record_links(html: str, catalog, here: str) -> set[str]:
    """The records a piece of page ``here`` ('forsok/x/') links to, as their addresses."""
    urls = {r.url for r in catalog.all()}
    found = set()
    for href in re.findall(r'href="([^"#?:]+)"', html):
        target = posixpath.normpath(posixpath.join(here, href)) + "/"
        if target in urls:
            found.add(target)
    return found


def test_no_record_is_an_island(shipped_site: Path):
    """Issue 30: every record page links to another record; "Liknande poster" says why
    for each and never lists the page itself; "Fler poster i …" never names it either."""
    catalog, _ = load_catalog(REPO)
    more_lines = 0
    for record in (r for r in catalog.all() if not r.draft):
        html = (shipped_site / record.url / "index.html").read_text(encoding="utf-8")
        body = html[html.index('<div data-pagefind-body>'):html.index('<h2 id="kallor"')]
        assert _record_links(body, catalog, record.url) - {record.url}, f"{record.url} links to no other record"
        alike = _section(html, "liknande-poster")
        assert alike, f"{record.url} has no Liknande poster"
        cards = re.findall(r"<li\b.*?</li>", alike, re.S)
        assert cards and all(re.search(r'class="hub-varfor">Samma [^<:]+: [^<]+<', c) for c in cards)
        assert record.url not in _record_links(alike, catalog, record.url)
        for caption in re.findall(r"<figcaption>(.*?)</figcaption>", html, re.S):
            for line in caption.split("<br>"):
                if line.startswith("Fler poster i"):
                    more_lines += 1
                    assert _record_links(line, catalog, record.url)
                    assert record.url not in _record_links(line, catalog, record.url), record.url
    assert more_lines  # the shipped hub has places with several records
