"""The site's search index, built by Pagefind from the finished HTML.

Pagefind was chosen by measurement (docs/sok.md): Swedish stemming in both
directions, å/ä/ö found when typed without them, prefix matching while
typing, and an index split into chunks so a first search downloads a small
part of it. The binary comes from the ``pagefind_bin`` wheel on PyPI, so
nothing is fetched at build time.

The index is one Pagefind bundle for the whole site. (An index in parts,
merged in the browser, ranked differently and worse on a suite of reader
queries, so it was removed.)
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path

from .search_aids import SLOT, SynonymGroup, Vocabulary, english_groups, index_html
from .word_lists import vocabulary_files

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

#: The pages that lead to others or explain the site rather than tell of the
#: delegation's work: the start page, the lists, Utforska, the tag pages, Bidra,
#: Öppna data and Om webbplatsen (paths below the site; a folder ends in "/").
#: A reader searching "försöksverksamheterna" wants the pilots before the page
#: that explains how to add one: sok.js ranks these after the other pages with
#: the same words (search_aids.title_meta gives them the filter slag:sida).
GUIDES = ("index.html", "forsok/index.html", "forum/index.html", "exempel/index.html",
          "utforska/", "taggar/", "bidra/", "oppna-data/", "om-webbplatsen/")


def is_guide(relative: Path) -> bool:
    path = relative.as_posix()
    return any(path == guide or (guide.endswith("/") and path.startswith(guide))
               for guide in GUIDES)


#: Pagefind's allocator (jemalloc) keeps freed memory for 10 s by default;
#: handing it back after 1 s lowers Pagefind's peak at large sizes at no
#: measurable cost in time. An explicit setting in the environment wins.
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
            vocabulary = index_copy(site_dir, pages, [*synonyms, *english_groups()])
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
    words. A copy keeps the page's searchable part only (searchable_part):
    the rest of a page Pagefind skips anyway, so it makes the very same
    index from it with less CPU. Returns the vocabulary of the whole site.
    """
    # Two passes, the pages read twice: the words of every page first (the
    # compounds are split against the whole site's), then each copy. Between
    # them only where each page's text is is kept, not every page's text.
    offsets: dict[Path, array] = {}  # each page's spans, flat: 4 bytes an offset

    def texts() -> Iterator[str]:
        for relative, part in _searchable_parts(site_dir):
            spans = searchable_spans(part)
            offsets[relative] = array("I", [offset for span in spans for offset in span])
            yield _text(part, spans)

    vocabulary = Vocabulary.of(texts())
    for relative, part in _searchable_parts(site_dir):
        flat = offsets.pop(relative)
        spans = list(zip(flat[::2], flat[1::2]))
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text(
            index_html(part, _text(part, spans), vocabulary, synonyms, spans, is_guide(relative)),
            encoding="utf-8")
    return vocabulary


def _searchable_parts(site_dir: Path) -> Iterator[tuple[Path, str]]:
    """(path below the site, searchable_part) of every page Pagefind indexes, in path order."""
    for path in sorted(site_dir.rglob("*.html")):
        if BUNDLE in path.relative_to(site_dir).parts[:1]:
            continue
        part = searchable_part(path.read_text(encoding="utf-8"))
        if part is not None:  # pages without it Pagefind skips
            yield path.relative_to(site_dir), part


def searchable_part(page_html: str) -> str | None:
    """The page cut to what Pagefind reads: the element searchable() made.

    None for a page Pagefind does not index; a page with data-pagefind-body
    that searchable() did not make (an HTML file of content/) whole. The
    head is left out: Pagefind takes nothing from it (the language is forced).
    """
    body = page_html.find("data-pagefind-body")
    if body < 0:
        return None
    slot = page_html.find(SLOT, body)
    if slot < 0:
        return page_html
    start = page_html.rfind("<", 0, body)
    end = slot + len(SLOT) + len("</div>")  # searchable() closes its element right after the slot
    return f"<html><body>{page_html[start:end]}</body></html>"


#: A comment, an element that holds raw text (skipped whole), a tag, or a
#: ``<`` that begins none of them, with the whitespace after it. Whatever lies
#: between two of these is text.
_MARKUP = re.compile(r"(?:<!--.*?-->|<(script|style|template)\b.*?</\1\s*>"
                     r"|<(/?)([a-zA-Z][^\s/>]*)([^>]*)>|<)\s*", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s=/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
#: Elements whose text is not searched: example code and forms (EXCLUDED).
_UNREAD = {"pre", "form"}
_EXCLUDED_CLASSES = {selector[1:] for selector in EXCLUDED if selector.startswith(".")}


def _skipped(tag: str, attributes: str) -> bool:
    """Whether Pagefind skips this element's text (data-pagefind-ignore, EXCLUDED)."""
    if tag in _UNREAD:
        return True
    if "data-pagefind-ignore" not in attributes and "class" not in attributes:
        return False  # most tags: no need to read the attributes
    for match in _ATTRIBUTE.finditer(attributes):
        name = match.group(1).lower()
        if name == "data-pagefind-ignore":
            return True
        if name == "class":
            value = match.group(2) or match.group(3) or match.group(4) or ""
            if _EXCLUDED_CLASSES & set(html.unescape(value).split()):
                return True
    return False


def searchable_text(page_html: str) -> str:
    """The words Pagefind indexes on a page: inside data-pagefind-body, outside what it skips."""
    return _text(page_html, searchable_spans(page_html))


def _text(page_html: str, spans: list[tuple[int, int]]) -> str:
    return html.unescape(" ".join(page_html[a:b] for a, b in spans))


def searchable_spans(page_html: str) -> list[tuple[int, int]]:
    """Where the text is that Pagefind indexes: (start, end) of each run of it, in order.

    The page's HTML is read with one pattern rather than html.parser (which
    cost far more of the search index's time): the site's pages are
    HTML that Python-Markdown, Jinja and the theme wrote, with quoted
    attributes and ``>`` escaped in their values.
    """
    start = page_html.find("data-pagefind-body")
    if start < 0:
        return []
    depth = 0            # open elements below the searchable one
    skip_at: int | None = None
    spans: list[tuple[int, int]] = []
    # Only the markup is matched, the text is the gap before each match: half
    # the matches of one pattern for text and tags alike, and the same spans.
    text_at = page_html.rfind("<", 0, start)
    for match in _MARKUP.finditer(page_html, text_at):
        if match.start() > text_at and skip_at is None and depth > 0:
            spans.append((text_at, match.start()))
        text_at = match.end()
        tag = match.group(3)
        if tag is None:  # a comment, script or style, or a lone "<"
            continue
        tag = tag.lower()
        if tag in _VOID or match.group(4).endswith("/"):  # no content (<br>, SVG's <path/>)
            continue
        if match.group(2):  # an end tag
            if skip_at == depth:
                skip_at = None
            depth -= 1
            if depth == 0:
                return spans  # the end of the searchable element
        else:
            depth += 1
            if skip_at is None and _skipped(tag, match.group(4)):
                skip_at = depth
    if len(page_html) > text_at and skip_at is None and depth > 0:
        spans.append((text_at, len(page_html)))  # an element never closed: text to the end
    return spans


def _run_pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site),
               "--output-path", str(output), "--force-language", "sv", "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, env={**ALLOCATOR, **os.environ})
    if result.returncode != 0:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {result.stderr or result.stdout}")
