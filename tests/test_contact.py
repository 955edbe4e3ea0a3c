"""The one contact channel: set once in mkdocs.yml, shown in the footer, on Bidra and in
the accessibility statement, refused with a Swedish message when it is not an address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_cli, small_project

#: The pages the issue names: where feedback is asked for, and where the law requires it.
PAGES = ["bidra/index.html", "om-webbplatsen/tillganglighet/index.html",
         "om-webbplatsen/index.html"]


def set_contact(root: Path, lines: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"  kontakt:\n    namn: .*\n    adress:.*\n", lines, text)
    assert n == 1, "mkdocs.yml has one extra.kontakt setting"
    config.write_text(text, encoding="utf-8")


def footer(html: str) -> str:
    return html[html.index('class="md-copyright"'):]


def test_the_shipped_site_says_there_is_no_address_yet_rather_than_inventing_one(shipped_site):
    for page in PAGES + ["index.html", "forsok/index.html"]:
        html = (shipped_site / page).read_text(encoding="utf-8")
        assert "Tillitsnavets redaktion har ännu ingen egen adress" in html, page
        assert "mailto:" not in html, page


@pytest.fixture(scope="module")
def site_with_address(tmp_path_factory) -> Path:
    root = small_project(tmp_path_factory.mktemp("kontakt") / "hub")
    set_contact(root, '  kontakt:\n    namn: "Redaktionen <script>alert(1)</script>"\n'
                      '    adress: redaktion@example.org\n')
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_one_setting_reaches_the_footer_of_every_page_bidra_and_the_statement(site_with_address):
    pages = sorted(site_with_address.rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        if "redaktion/kvalitet" in str(page):
            continue
        html = page.read_text(encoding="utf-8")
        assert '<a href="mailto:redaktion@example.org">redaktion@example.org</a>' in footer(html), page
    for page in PAGES:
        body = (site_with_address / page).read_text(encoding="utf-8")
        body = body[:body.index('class="md-copyright"')]
        assert 'href="mailto:redaktion@example.org"' in body, f"{page} shows the contact in its text"


def test_the_name_is_escaped_everywhere(site_with_address):
    for page in PAGES:
        html = (site_with_address / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)" in html


@pytest.mark.parametrize("address", ["kontakt", "http://example.org/", "javascript:alert(1)"])
def test_an_address_that_is_not_one_stops_the_build_in_swedish(tmp_path, address):
    root = small_project(tmp_path / "hub")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("förra bygget", encoding="utf-8")
    (root / "site" / ".tillitsnavet-webbplats").write_text("", encoding="utf-8")  # a build's
    set_contact(root, f"  kontakt:\n    namn: Redaktionen\n    adress: '{address}'\n")
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert "extra.kontakt.adress i mkdocs.yml" in result.stderr + result.stdout
    assert "e-postadress" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "förra bygget"


def test_the_feeds_author_is_the_contact_with_its_address(site_with_address):
    import feedparser

    feed = feedparser.parse((site_with_address / "atom.xml").read_bytes())
    assert not feed.bozo
    for who in [feed.feed] + feed.entries:
        assert who.author_detail.name == "Redaktionen <script>alert(1)</script>"
        assert who.author_detail.email == "redaktion@example.org"
