"""What the places readers and crawlers come from read: share previews, robots.txt (issue #20)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import run_cli


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


def test_text_in_a_share_preview_is_escaped_once(project):
    pilot = project / "pilots/ett-forsok.yml"
    pilot.write_text(pilot.read_text(encoding="utf-8").replace(
        "titel: Ett försök", "titel: 'Tillit & \"styrning\" <b>'"), encoding="utf-8")
    assert run_cli(project, "build").returncode == 0
    page = (project / "site/forsok/ett-forsok/index.html").read_text(encoding="utf-8")
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


def test_a_forum_with_a_date_is_an_event_with_place_and_organisers(project):
    forum = project / "data/forums/ett-forum.yml"
    forum.write_text(forum.read_text(encoding="utf-8").replace(
        "typ: konferens", "typ: konferens\nperiod:\n  start: 2018-04-12\nplats: Malmömässan"),
        encoding="utf-8")
    assert run_cli(project, "build").returncode == 0, "valid"
    data = _json_ld(project / "site/forum/ett-forum/index.html")
    assert data["@type"] == "Event" and data["startDate"] == "2018-04-12"
    assert data["location"] == {"@type": "Place", "name": "Malmömässan"}
    assert data["organizer"] == [{"@type": "Organization", "name": "Tillitsdelegationen"}]
    pilot = _json_ld(project / "site/forsok/ett-forsok/index.html")
    assert pilot["@type"] == "CreativeWork" and pilot["about"]["name"] == "Kalmar kommun"


def test_the_open_data_page_is_a_dataset_with_its_downloads(shipped_site):
    data = _json_ld(shipped_site / "oppna-data/index.html")
    assert data["@type"] == "Dataset" and data["license"].startswith("https://creativecommons.org/")
    urls = {d["contentUrl"] for d in data["distribution"]}
    assert "https://tillitsnavet.se/data/tillitsnavet.json" in urls
    assert "https://tillitsnavet.se/data/forsok.csv" in urls


def test_record_text_cannot_end_the_json_ld_script(project):
    pilot = project / "pilots/ett-forsok.yml"
    pilot.write_text(pilot.read_text(encoding="utf-8").replace(
        "sammanfattning: Ett kort försök.", "sammanfattning: '</script><script>alert(1)</script>'"),
        encoding="utf-8")
    assert run_cli(project, "build").returncode == 0
    data = _json_ld(project / "site/forsok/ett-forsok/index.html")
    assert data["description"] == "</script><script>alert(1)</script>"
