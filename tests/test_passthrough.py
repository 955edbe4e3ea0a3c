"""Final HTML is held out of Markdown's way and put back unchanged (render/passthrough.py).

Record pages are almost all HTML the templates wrote; MkDocs' Markdown only
needs their headings. A block a template forgets to mark still works, but
Python-Markdown parses it again (half of a record page's time), so the first
test requires every HTML block of every record page to be marked.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import built_site, small_project
from tillitsnavet.records.catalog import load_catalog
from tillitsnavet.render.passthrough import hold, mark, release
from tillitsnavet.render.renderer import Renderer


def test_every_html_block_of_a_record_page_is_held(tmp_path: Path):
    root = small_project(tmp_path / "hub")
    catalog, problems = load_catalog(root)
    assert not problems
    renderer = Renderer(root / "macros", catalog)
    for record in catalog.all():
        markdown, blocks = hold(renderer.record_page(record).markdown)
        assert blocks, record.src_uri
        left = re.sub(r"<!--hub-html:\d+-->", "", markdown.split("\n---\n", 1)[-1])
        assert "<" not in left, f"{record.src_uri}: HTML not marked with |html:\n{left}"
        assert release(markdown, blocks).count("<dl>") == 1


def test_a_marked_block_comes_back_as_written_and_plain_text_is_escaped():
    page = "# T\n" + mark(Markup('<p class="a">x &amp; y</p>\n\n<pre><code>a\n\n# b</code></pre>'))
    markdown, blocks = hold(page)
    assert "<p" not in markdown and "# b" not in markdown  # one block, blank line and all
    assert release(markdown, blocks) == ('# T\n\n<p class="a">x &amp; y</p>\n\n'
                                         '<pre><code>a\n\n# b</code></pre>\n\n')
    assert mark("<b>") == "\n<!--hub-html-->\n&lt;b&gt;\n<!--/hub-html-->\n\n"
    assert mark("") == mark("\n\n") == ""


@pytest.fixture(scope="module")
def hand_written_site(tmp_path_factory) -> Path:
    """A small hub with hand-written pages that look like the hub's markers, built once."""
    root = small_project(tmp_path_factory.mktemp("passthrough") / "hub")
    page = root / "content" / "om" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!--hub-html:7-->\n\nSlut.\n",
                    encoding="utf-8")
    (root / "content" / "utan-rubrik.md").write_text(  # a placeholder's look in the <head>
        "---\ntitle: Sidan utan rubrik\ndescription: Om <!--hub-sidan--> i källkoden\n---\n\n"
        "Bara text.\n", encoding="utf-8")
    (root / "content" / "med-kommentar.md").write_text(
        "# Egen rubrik\n\n<!--hub-sidan <h1-->\n\n<!--hub-sidan-->\n\nSlut.\n", encoding="utf-8")
    built_site(root)
    return root


def test_a_placeholder_written_by_hand_stays_a_comment(hand_written_site: Path):
    html = (hand_written_site / "site" / "om" / "index.html").read_text(encoding="utf-8")
    assert "<!--hub-html:7-->" in html and "Slut." in html


def test_each_page_is_written_with_its_own_html_and_one_h1(hand_written_site: Path):
    # Material adds an <h1> only to a page without one; comments that look
    # like the hub's own markers stay comments.
    root = hand_written_site
    site = root / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<!--hub-sidan [0-9a-f]", text), page  # no placeholder left
        if page.name != "404.html" and "<article" in text:
            assert len(re.findall(r"<h1[\s>]", text)) == 1, page
    without = (site / "utan-rubrik" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Sidan utan rubrik</h1>" in without
    assert without.count("Bara text.") == 1 and without.index("<article") < without.index("Bara text.")
    written = (site / "med-kommentar" / "index.html").read_text(encoding="utf-8")
    assert written.count("<!--hub-sidan <h1-->") == written.count("<!--hub-sidan-->") == 1
    assert 'id="egen-rubrik"' in written and "Slut." in written
    catalog, _ = load_catalog(root)
    for record in catalog.published().all():  # every page its own HTML, none another's
        written = (site / record.src_uri[:-3] / "index.html").read_text(encoding="utf-8")
        assert f">{escape(record.title, quote=False)}<a class=\"headerlink\"" in written, record.src_uri
