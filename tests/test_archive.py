"""`python build_hub.py archive`: a zip that works unzipped, opened from disk in Chromium."""

from __future__ import annotations

import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import copy_project, run_cli
from tillitsnavet.records.catalog import load_catalog


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    """The real project archived through the CLI, then unzipped somewhere else."""
    root = copy_project(tmp_path_factory.mktemp("archive") / "hub")
    target = tmp_path_factory.mktemp("out") / "arkiv.zip"
    result = run_cli(root, "archive", "--fil", str(target))
    assert result.returncode == 0, result.stderr
    assert "Arkivet är skrivet" in result.stdout and "tillitsnavet/index.html" in result.stdout
    place = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        archive.extractall(place)
    assert not (root / "site").exists(), "the archive leaves the published site alone"
    return place / "tillitsnavet"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or name == "src"
                          or (tag == "link" and name == "href")):
                self.links.append(value)


def test_every_local_link_points_at_a_file(unzipped: Path):
    pages = sorted(unzipped.rglob("*.html"))
    assert (unzipped / "LASMIG.txt").is_file() and (unzipped / "index.html").is_file()
    for page in pages:
        if page.name == "404.html":
            continue  # served by a web server at any depth; not reachable from disk
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("#", "//")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(unzipped)}: {link} (a folder link needs a server)"


def menu(page, label: str):
    return page.locator("nav.md-nav--primary a", has_text=re.compile(rf"^\s*{label}\s*$"))


def test_open_from_disk_navigate_explore_and_search(unzipped: Path, browser):
    catalog, _ = load_catalog(Path(__file__).resolve().parent.parent)
    published = [r for r in catalog.all() if not r.draft]
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    start = (unzipped / "index.html").as_uri()

    # navigation: the menu, a list page, a record page
    page.goto(start)
    menu(page, "Försök").click()
    assert page.url.endswith("/forsok/index.html")
    pilot = next(r for r in published if r.kind.key == "forsok")
    page.click(f"article a[href$='{pilot.id}.html']")
    assert page.url.endswith(f"/forsok/{pilot.id}.html")
    assert pilot.title in page.text_content("article h1")

    # the explorer filters in the page
    menu(page, "Utforska").click()
    assert page.url.endswith("/utforska/index.html")
    assert page.text_content("#hub-traffar") == f"{len(published)} poster"
    page.check("input[name=typ][value=forum]")
    forums = [r for r in published if r.kind.key == "forum"]
    assert page.text_content("#hub-traffar") == f"{len(forums)} av {len(published)} poster visas"

    # search: from disk the box says so, and Enter filters the explorer by the words
    page.goto(start)
    page.fill("#hub-sok-falt", "Borlänge")
    page.wait_for_function(
        "document.getElementById('hub-sok-status').textContent.includes('webbserver')")
    page.press("#hub-sok-falt", "Enter")
    page.wait_for_url(re.compile(r".*/utforska/index\.html\?q=Borl"))
    assert page.input_value("#hub-filter-ord") == "Borlänge"
    shown = page.eval_on_selector_all(".hub-poster > li:not([hidden]) > a", "a => a.length")
    assert 0 < shown < len(published)

    # the open data, the feed and the report are in the archive too
    for path in ("data/tillitsnavet.json", "data/forsok.csv", "atom.xml", "schemas/forsok.schema.json",
                 "redaktion/kvalitet.html", "oppna-data/index.html"):
        assert (unzipped / path).is_file(), path

    assert requests and all(url.startswith(("file://", "data:", "blob:")) for url in requests), \
        [url for url in requests if not url.startswith(("file://", "data:", "blob:"))]
    context.close()
