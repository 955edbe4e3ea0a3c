"""Pages converted to HTML in the rendering worker (tillitsnavet/mkdocs_pages.py) are MkDocs' own.

MkDocs' conversion runs in the worker and what it set on the page goes
over to the build's page. These tests do both halves in one process, on a
real MkDocs configuration and file list; test_bench.py builds whole sites
with and without the worker and compares every byte.
"""

from __future__ import annotations

import logging

from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils import meta

from tillitsnavet.mkdocs_pages import Converted, convert_ahead, take_conversion

SOURCE = """---
title: Försök i Kalmar
---

# Försök i Kalmar

Läs om [principerna](../index.md#principer) och [hela navet](../index.md),
eller [längre ned](#lardomar).

## Lärdomar {#lardomar}

| Län | Sektor |
|---|---|
| Kalmar | Vård |
"""


def _build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Start\n\n## Principer {#principer}\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Prov\nmarkdown_extensions: [toc, attr_list, tables]\n"
        "validation:\n  anchors: warn\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    files = get_files(config)
    config.plugins._current_plugin = "tillitsnavet"  # as MkDocs sets it while a hook runs
    files.append(File.generated(config, "forsok/kalmar.md", content=""))
    return config, files


def _as_mkdocs_reads_it(config, files, source: str) -> Page:
    page = Page(None, files.get_file_from_path("forsok/kalmar.md"), config)
    page.markdown, page.meta = meta.get_data(source)
    return page


def _converting_here_fails(monkeypatch):
    def refuse(page, config, files):
        raise AssertionError("converted here, not taken from the worker")
    monkeypatch.setattr(Page, "render", refuse)


def test_a_page_converted_ahead_is_what_mkdocs_makes_of_it(tmp_path, monkeypatch):
    config, files = _build(tmp_path)
    converted = convert_ahead(config, files, ("sida", "forsok/kalmar.md"), SOURCE)
    assert isinstance(converted, Converted) and converted.source == SOURCE
    assert files.get_file_from_path("forsok/kalmar.md").page is None, "the worker keeps no page"

    own = _as_mkdocs_reads_it(config, files, SOURCE)
    own.render(config, files)
    taken = _as_mkdocs_reads_it(config, files, converted.source)
    take_conversion(taken, converted)
    with monkeypatch.context() as patch:
        _converting_here_fails(patch)
        taken.render(config, files)

    assert "render" not in vars(taken), "the page's own render() is back"
    assert taken.content == own.content and 'href="../../#principer"' in taken.content
    assert str(taken.toc) == str(own.toc) and taken.title == own.title == "Försök i Kalmar"
    assert taken.present_anchor_ids == own.present_anchor_ids == {"forsok-i-kalmar", "lardomar"}
    # links to other pages point to the build's own File objects, so MkDocs'
    # anchor check looks in the right page
    (linked,) = [file for file in taken.links_to_anchors if file.src_uri == "index.md"]
    assert linked is files.get_file_from_path("index.md")
    assert taken.links_to_anchors == own.links_to_anchors


class _Heard(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_a_page_whose_conversion_warns_is_converted_again_by_mkdocs(tmp_path):
    config, files = _build(tmp_path)
    broken = SOURCE.replace("../index.md#principer", "../saknas.md")
    heard = _Heard()  # where MkDocs' own output and strict-mode counter listen
    logging.getLogger("mkdocs").addHandler(heard)
    try:
        result = convert_ahead(config, files, ("sida", "forsok/kalmar.md"), broken)
        assert result == broken, "the source itself: MkDocs converts it and warns"
        assert heard.messages == [], "nothing is said from the worker"
        _as_mkdocs_reads_it(config, files, broken).render(config, files)
    finally:
        logging.getLogger("mkdocs").removeHandler(heard)
    assert len(heard.messages) == 1 and "saknas.md" in heard.messages[0]


def test_a_conversion_is_not_used_when_the_markdown_or_the_files_changed(tmp_path, monkeypatch):
    converted_here = []
    real = Page.render
    monkeypatch.setattr(Page, "render", lambda page, config, files: converted_here.append(
        page.file.src_uri) or real(page, config, files))
    config, files = _build(tmp_path)
    converted = convert_ahead(config, files, ("sida", "forsok/kalmar.md"), SOURCE)
    converted_here.clear()  # the worker's conversion above

    page = _as_mkdocs_reads_it(config, files, converted.source)
    page.markdown = page.markdown.replace("Lärdomar", "Erfarenheter")  # as a plugin might
    take_conversion(page, converted)
    page.render(config, files)
    assert "Erfarenheter" in page.content and "Lärdomar" not in page.content
    assert converted_here == ["forsok/kalmar.md"]

    # a plugin removes the page linked to after the worker was forked:
    # MkDocs converts the page again, and warns about the link
    files.remove(files.get_file_from_path("index.md"))
    page = _as_mkdocs_reads_it(config, files, converted.source)
    take_conversion(page, converted)
    page.render(config, files)
    assert converted_here == ["forsok/kalmar.md"] * 2 and 'href="../index.md"' in page.content


def test_only_generated_pages_are_converted(tmp_path):
    config, files = _build(tmp_path)
    assert convert_ahead(config, files, ("sida", "index.md"), "# Start\n") == "# Start\n"
    assert convert_ahead(config, files, ("kortkod", "lista", "", "index.md"), "x") == "x"
    assert convert_ahead(config, files, ("sida", "saknas.md"), "# X\n") == "# X\n"
