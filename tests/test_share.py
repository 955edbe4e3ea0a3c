"""What the places readers and crawlers come from read: share previews, robots.txt (issue #20)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import VALID_FORUM, VALID_PILOT, built_site, small_project


def _og(page: Path) -> dict[str, str]:
    text = page.read_text(encoding="utf-8")
    return {name: html.unescape(value) for name, value in
            re.findall(r'<meta property="og:([a-z_]+)" content="([^"]*)">', text)}


def test_a_record_page_has_a_share_preview(shipped_site):
    og = _og(shipped_site / "forsok/landstinget-i-kalmar-lan/index.html")
    assert og["type"] == "article" and og["locale"] == "sv_SE" and og["site_name"] == "Tillitsnavet"
    assert og["url"] == "https://tillitsnavet.se/forsok/landstinget-i-kalmar-lan/"
    assert og["title"] and og["description"].startswith("Ett av de tolv försöken")


def test_every_page_has_a_share_card_with_the_hubs_image(shipped_site):
    """og:image (a real 1200 × 630 PNG of the site), its alt text and size, and X's card kind."""
    import struct

    pages = sorted(shipped_site.rglob("*.html"))
    assert len(pages) >= 47 and shipped_site / "404.html" in pages
    images = set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        og = {name: html.unescape(value) for name, value in
              re.findall(r'<meta property="og:([a-z_:]+)" content="([^"]*)">', text)}
        where = page.relative_to(shipped_site)
        assert og.get("image", "").startswith("https://tillitsnavet.se/"), where
        assert og.get("image:alt", "").startswith("Tillitsnavet. Kunskapsnav"), where
        assert (og.get("image:width"), og.get("image:height"), og.get("image:type")) == \
            ("1200", "630", "image/png"), where
        assert og.get("title") and og.get("description"), where
        assert text.count('<meta name="twitter:card" content="summary_large_image">') == 1, where
        images.add(og["image"])
    assert len(images) == 1
    image = shipped_site / images.pop().removeprefix("https://tillitsnavet.se/")
    data = image.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)
    assert len(data) < 300_000  # what Facebook, LinkedIn and X all accept, and quick to fetch


def test_the_start_page_is_the_website(shipped_site):
    og = _og(shipped_site / "index.html")
    assert og["type"] == "website" and og["title"] == "Tillitsnavet"
    assert og["url"] == "https://tillitsnavet.se/"


#: Forums of the small hub whose structured data is no Event, each with why.
NO_EVENT = {"kommun-utan-dag": ("2017-06 och en kommun", ("typ: konferens", "typ: konferens\nperiod:\n"
                                                         "  start: 2017-06\nkommun: Malmö\nlän: Skåne län")),
            "dag-utan-plats": ("en dag men ingen plats",
                               ("typ: konferens", "typ: konferens\nperiod:\n  start: 2019-10-10"))}


@pytest.fixture(scope="module")
def share_site(tmp_path_factory) -> Path:
    """One build of the small hub with every record these tests read: ett-forum on a day at a
    place, the forums of NO_EVENT, one whose organisers are not confirmed, and two pilots whose
    text must be escaped in the share preview and the JSON-LD."""
    root = small_project(tmp_path_factory.mktemp("share") / "hub")
    forums = root / "data" / "forums"
    (forums / "ett-forum.yml").write_text(VALID_FORUM.replace(
        "typ: konferens", "typ: konferens\nperiod:\n  start: 2018-04-12\n  slut: 2018-04\n"
        "plats: Malmömässan\nkommun: Malmö\nlän: Skåne län").replace(
        "  - Tillitsdelegationen", "  - Tillitsdelegationen (värd)"), encoding="utf-8")
    for name, (_, (old, new)) in NO_EVENT.items():
        (forums / f"{name}.yml").write_text(VALID_FORUM.replace(old, new), encoding="utf-8")
    # The sources do not name the organiser: the list is marked obekräftat.
    (forums / "obekraftad-arrangor.yml").write_text(VALID_FORUM.replace(
        "typ: konferens", "typ: konferens\nperiod:\n  start: 2019-10-10\nlän: Stockholms län")
        + "obekräftat:\n  - arrangörer\n", encoding="utf-8")
    (root / "pilots" / "delning.yml").write_text(VALID_PILOT.replace(
        "titel: Ett försök", "titel: 'Tillit & \"styrning\" <b>'"), encoding="utf-8")
    (root / "pilots" / "skript.yml").write_text(VALID_PILOT.replace(
        "sammanfattning: Ett kort försök.", "sammanfattning: '</script><script>alert(1)</script>'"),
        encoding="utf-8")
    return built_site(root)


def test_text_in_a_share_preview_is_escaped_once(share_site):
    page = (share_site / "forsok/delning/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="Tillit &amp; &quot;styrning&quot; &lt;b&gt;">' in page


def test_robots_txt_names_the_sitemap(shipped_site):
    assert (shipped_site / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nAllow: /\nSitemap: https://tillitsnavet.se/sitemap.xml\n")


def test_the_public_bidra_page_has_no_link_to_a_local_address(shipped_site):
    page = (shipped_site / "bidra/index.html").read_text(encoding="utf-8")
    assert "<code>http://127.0.0.1:8000/</code>" in page
    assert 'href="http://127.0.0.1' not in page


def _json_ld(page: Path) -> dict:
    import json

    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                       page.read_text(encoding="utf-8"), re.S)
    assert len(found) == 1, found
    return json.loads(found[0])


def _graph(page: Path) -> dict[str, dict]:
    """A record page's JSON-LD graph by @type: the WebPage and the thing it is about."""
    data = _json_ld(page)
    assert data["@context"] == "https://schema.org"
    nodes = {node["@type"]: node for node in data["@graph"]}
    assert len(nodes) == len(data["@graph"]) == 2 and "WebPage" in nodes
    thing = next(node for kind, node in nodes.items() if kind != "WebPage")
    assert nodes["WebPage"]["mainEntity"] == {"@id": thing["@id"]}
    return nodes


def _google_event_problems(event: dict) -> list[str]:
    """What Google's event structured data requires and an Event of ours lacks.

    developers.google.com/search/docs/appearance/structured-data/event: required are name,
    startDate (ISO 8601) and location, a Place with an address (a PostalAddress); organizer
    is recommended, with the organiser's name.
    """
    problems = []
    if not event.get("name"):
        problems.append("name")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", event.get("startDate", "")):
        problems.append("startDate is no whole day")
    if "endDate" in event and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", event["endDate"]):
        problems.append("endDate is no whole day")
    location = event.get("location", {})
    address = location.get("address", {})
    if location.get("@type") != "Place" or not location.get("name"):
        problems.append("location is no named Place")
    if address.get("@type") != "PostalAddress" or address.get("addressCountry") != "SE":
        problems.append("location.address is no Swedish PostalAddress")
    for organiser in event.get("organizer", []):
        if organiser.get("@type") != "Organization" or not organiser.get("name") or \
                re.search(r"[:()]|anges inte|okänd", organiser["name"]):
            problems.append(f"organizer {organiser!r} is no name")
    if "dateModified" in event:
        problems.append("dateModified belongs to the page")
    return problems


def test_a_forum_with_a_day_and_a_place_is_an_event_with_an_address(share_site):
    nodes = _graph(share_site / "forum/ett-forum/index.html")
    event, page = nodes["Event"], nodes["WebPage"]
    assert _google_event_problems(event) == []
    assert event["startDate"] == "2018-04-12" and "endDate" not in event  # 2018-04 is no day
    assert event["location"] == {"@type": "Place", "name": "Malmömässan", "address": {
        "@type": "PostalAddress", "addressLocality": "Malmö", "addressRegion": "Skåne län",
        "addressCountry": "SE"}}
    assert event["organizer"] == [{"@type": "Organization", "name": "Tillitsdelegationen"}]
    assert page["dateModified"] == "2026-11-01" and page["url"] == event["url"]
    pilot = _graph(share_site / "forsok/ett-forsok/index.html")
    assert pilot["CreativeWork"]["about"]["name"] == "Kalmar kommun"
    assert "dateModified" not in pilot["CreativeWork"] and pilot["WebPage"]["dateModified"]


def test_a_forum_without_a_whole_day_or_a_place_or_a_named_organiser(share_site):
    for name, (why, _) in NO_EVENT.items():
        nodes = _graph(share_site / f"forum/{name}/index.html")
        assert "Event" not in nodes and "CreativeWork" in nodes, why
    # The sources do not name the organiser: the list is marked obekräftat, and the Event has none.
    event = _graph(share_site / "forum/obekraftad-arrangor/index.html")["Event"]
    assert "organizer" not in event and _google_event_problems(event) == []
    assert event["location"]["address"] == {"@type": "PostalAddress", "addressRegion": "Stockholms län",
                                            "addressCountry": "SE"}


def test_every_event_of_the_shipped_site_meets_googles_requirements(shipped_site):
    events = {}
    for page in sorted((shipped_site / "forum").glob("*/index.html")):
        nodes = _graph(page)
        assert "dateModified" in nodes["WebPage"], page
        if "Event" in nodes:
            events[page.parent.name] = nodes["Event"]
    assert {"studiebesok-i-enkoping", "studiebesok-i-lulea"} <= set(events)
    for name, event in events.items():
        assert _google_event_problems(event) == [], name
    assert events["studiebesok-i-lulea"]["location"]["address"] == {
        "@type": "PostalAddress", "addressLocality": "Luleå", "addressRegion": "Norrbottens län",
        "addressCountry": "SE"}


def test_atom_entries_are_written_by_the_hubs_editors(shipped_site):
    import feedparser

    feed = feedparser.parse((shipped_site / "atom.xml").read_bytes())
    assert feed.feed.author == "Tillitsnavets redaktion"
    assert feed.entries and {entry.author for entry in feed.entries} == {"Tillitsnavets redaktion"}


def test_the_open_data_page_is_a_dataset_with_its_downloads(shipped_site):
    data = _json_ld(shipped_site / "oppna-data/index.html")
    assert data["@type"] == "Dataset" and data["license"].startswith("https://creativecommons.org/")
    urls = {d["contentUrl"] for d in data["distribution"]}
    assert "https://tillitsnavet.se/data/tillitsnavet.json" in urls
    assert "https://tillitsnavet.se/data/forsok.csv" in urls


def test_record_text_cannot_end_the_json_ld_script(share_site):
    data = _graph(share_site / "forsok/skript/index.html")["CreativeWork"]
    assert data["description"] == "</script><script>alert(1)</script>"
