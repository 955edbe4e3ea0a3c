"""The site's search index, built by Pagefind from the finished HTML.

Pagefind was chosen by measurement (docs/sok.md): Swedish stemming in both
directions, å/ä/ö found when typed without them, prefix matching while
typing, and an index split into chunks so a first search downloads a small
part of it. The binary comes from the ``pagefind_bin`` wheel on PyPI, so
nothing is fetched at build time.

The index is one Pagefind bundle for the whole site. (An index in parts,
merged in the browser, was tried for memory at 10,000 records: it ranked
differently and worse on a suite of reader queries, so it was removed.)
"""

from __future__ import annotations

import html
import os
from html.parser import HTMLParser
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .search_aids import SLOT, SynonymGroup, Vocabulary, index_html, vocabulary_files

#: Parts of a page that must not be searched: the permalink pilcrows, the
#: "senast granskad" line that every record shares, and the pictures
#: (tillitsnavet/render/pictures: maps, charts, the map's table, the
#: principle matrix), whose words are the records' own titles and places
#: again. Lists of records carry data-pagefind-ignore in the macros. Each
#: record is found on its own page; before, a search for a municipality also
#: listed every page that showed it in a map, chart or list (issue #7).
EXCLUDED = [".headerlink", ".hub-granskad", ".hub-bild", ".hub-karttabell", ".hub-matris",
            # Example records and commands on Bidra and Öppna data (issue #19):
            # a reader searching "Kalmar" wants Kalmar's pages, not an example.
            "pre",
            # The fields and their allowed values on Öppna data and Bidra
            # (hub:falt): a list of every sector crowded everyday queries.
            ".hub-falt",
            # Forms (the explorer's filters): their labels are not what a page is about.
            "form"]

#: Pagefind's allocator (jemalloc) keeps freed memory for 10 s by default;
#: handing it back after 1 s lowered Pagefind's peak by about 200 MB at
#: 10,000 records, at no measurable cost in time. An explicit setting in the
#: environment wins.
ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:1000,muzzy_decay_ms:0"}

#: The bundle's folder below the site; sok.js imports its pagefind.js.
BUNDLE = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is Pagefind's own output."""


def searchable(content_html: str, meta: dict[str, str]) -> str:
    """Mark a page's content as the part to index, with result metadata."""
    tags = "".join(
        f'<span data-pagefind-meta="{html.escape(key)}">{html.escape(value)}</span>'
        for key, value in meta.items() if value
    )
    hidden = f'<div hidden data-pagefind-ignore>{tags}</div>' if tags else ""
    return f"<div data-pagefind-body>{hidden}{content_html}{SLOT}</div>"


def build_search_index(site_dir: Path, synonyms: list[SynonymGroup] = ()) -> None:
    """Write ``site_dir/pagefind/``, replacing the old bundle only when the new one is whole.

    The bundle is made beside the site and moved into place at the end, so
    a preview's readers search the old index until then, and a failed run
    leaves the old one as it was. TILLITSNAVET_SOKINDEX=av skips it (the
    benchmarks time builds without it).
    """
    if os.environ.get("TILLITSNAVET_SOKINDEX") == "av":
        return
    try:
        try:
            work = Path(tempfile.mkdtemp(prefix=".sokindex-", dir=site_dir.parent))
        except OSError:  # a parent we may not write to
            work = Path(tempfile.mkdtemp(prefix="tillitsnavet-sokindex-"))
        try:
            pages = work / "sidor"
            vocabulary = index_copy(site_dir, pages, list(synonyms))
            _run_pagefind(pages, work / BUNDLE)
            for name, content in vocabulary_files(vocabulary).items():
                (work / BUNDLE / name).parent.mkdir(parents=True, exist_ok=True)
                (work / BUNDLE / name).write_bytes(content)
            if (site_dir / BUNDLE).exists():
                shutil.move(site_dir / BUNDLE, work / "gammal")
            shutil.move(work / BUNDLE, site_dir / BUNDLE)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except OSError as error:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {error}") from None


def index_copy(site_dir: Path, target: Path, synonyms: list[SynonymGroup]) -> Vocabulary:
    """Copy the searchable pages to ``target`` with their index-only words (search_aids.py).

    The site's own pages are not changed: readers never download these
    words. Returns the vocabulary of the whole site.
    """
    pages: dict[Path, tuple[str, str]] = {}
    for path in sorted(site_dir.rglob("*.html")):
        if BUNDLE in path.relative_to(site_dir).parts[:1]:
            continue
        source = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in source:  # what Pagefind indexes (the rest it skips)
            pages[path.relative_to(site_dir)] = (source, searchable_text(source))
    vocabulary = Vocabulary.of(text for _, text in pages.values())
    for relative, (source, text) in pages.items():
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(index_html(source, text, vocabulary, synonyms),
                                       encoding="utf-8")
    return vocabulary


class _SearchableText(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside what it is told to skip."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}
    UNREAD = {"pre", "form", "script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0            # open elements
        self.body_at: int | None = None
        self.skip_at: int | None = None
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        self.depth += 1
        names = dict(attrs)
        classes = set((names.get("class") or "").split())
        if self.body_at is None and "data-pagefind-body" in names:
            self.body_at = self.depth
        elif self.skip_at is None and ("data-pagefind-ignore" in names or tag in self.UNREAD
                                       or classes & _EXCLUDED_CLASSES):
            self.skip_at = self.depth

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.skip_at == self.depth:
            self.skip_at = None
        if self.body_at == self.depth:
            self.body_at = None
        self.depth -= 1

    def handle_data(self, data):
        if self.body_at is not None and self.skip_at is None:
            self.parts.append(data)


_EXCLUDED_CLASSES = {selector[1:] for selector in EXCLUDED if selector.startswith(".")}


def searchable_text(page_html: str) -> str:
    # Only the searchable part is parsed (from its opening tag to the slot
    # searchable() leaves): the theme's header, navigation and footer are
    # most of a page and never indexed.
    start = page_html.rfind("<", 0, max(page_html.find("data-pagefind-body"), 0))
    end = page_html.find(SLOT)
    parser = _SearchableText()
    parser.feed(page_html[max(start, 0):end if end > 0 else len(page_html)])
    return " ".join(parser.parts)


def _run_pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site),
               "--output-path", str(output), "--force-language", "sv", "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, env={**ALLOCATOR, **os.environ})
    if result.returncode != 0:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {result.stderr or result.stdout}")
