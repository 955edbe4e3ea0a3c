"""The site's search index, built by Pagefind from the finished HTML.

Pagefind was chosen by measurement (docs/sok.md): Swedish stemming in both
directions, å/ä/ö found when typed without them, prefix matching while
typing, and an index split into chunks so a first search downloads a small
part of it. The binary comes from the ``pagefind_bin`` wheel on PyPI, so
nothing is fetched at build time.
"""

from __future__ import annotations

import html
import json
import math
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tillitsnavet import forking

#: Parts of a page that must not be searched: the permalink pilcrows, the
#: "senast granskad" line that every record shares, and the pictures
#: (tillitsnavet/pictures: maps, charts, the map's table, the principle
#: matrix), whose words are the records' own titles and places again. Lists of
#: records carry data-pagefind-ignore in the macros. Each record is found on
#: its own page; before, a search for a municipality also listed every page
#: that showed it in a map, chart or list (issue #7).
EXCLUDED = [".headerlink", ".hub-granskad", ".hub-bild", ".hub-karttabell", ".hub-matris"]

#: Pagefind's allocator (jemalloc) keeps freed memory for 10 s by default.
#: Pagefind holds every page's word map at once and then frees them while it
#: builds the index; handing freed pages back after 1 s lowers its peak by
#: about 200 MB at 10,000 records (issue #7), at no measurable cost
#: in time. Ignored by a Pagefind built without jemalloc; an explicit setting
#: in the environment wins.
ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:1000,muzzy_decay_ms:0"}


#: Pagefind holds every page it indexes in memory at once: 1.6 GB for the
#: 10,000 records of the benchmark, over the 1.5 GB target of issue #7. So a
#: big site is indexed in parts of at most this many pages, one Pagefind run
#: after another, each into its own bundle, and the browser merges them
#: (Pagefind's ``mergeIndex``, as its maintainers advise for big sites,
#: Pagefind/pagefind#256): at 10,000 records two parts of ≈ 5,000 pages
#: peak at ≈ 880 MB each. A part must hold pages marked
#: ``data-pagefind-body`` (searchable()): Pagefind indexes a run without any
#: whole; the few pages without it (404, the editors' report) are among
#: thousands that have it.
PAGES_PER_PART = 6000

#: A part alone would answer differently from the whole site: when no word
#: of a part starts with the word typed, Pagefind falls back, in that part,
#: to the longest indexed word the typed one starts with, so "Borlä" brought
#: pages about Borås from parts without Borlänge, ranked among the right
#: hits. Each part therefore also indexes one page (in its mirror only, never
#: on the site) holding every word of the site's searchable text, marked
#: with this filter, which the search box excludes: each part then knows
#: every word the site has, and answers as the one index would.
VOCABULARY_PAGE = "_ordlista/index.html"
VOCABULARY_FILTER = "ordlista"

#: The primary bundle; sok.js imports its pagefind.js.
BUNDLE = "pagefind"

#: In the primary bundle: the addresses of the other parts' bundles,
#: relative to it, for sok.js to merge. Written for one part too (an empty
#: list), so a missing file is an error, not a silently partial search.
PARTS_FILE = "delar.json"

_OTHER_BUNDLE = re.compile(rf"^{BUNDLE}-\d+$")
_TAG = re.compile(rb"<[^>]*>")
_WORD = re.compile(r"[^\W_]+")


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message is Pagefind's own output."""


def searchable(content_html: str, meta: dict[str, str]) -> str:
    """Mark a page's content as the part to index, with result metadata."""
    tags = "".join(
        f'<span data-pagefind-meta="{html.escape(key)}">{html.escape(value)}</span>'
        for key, value in meta.items() if value
    )
    hidden = f'<div hidden data-pagefind-ignore>{tags}</div>' if tags else ""
    return f"<div data-pagefind-body>{hidden}{content_html}</div>"


def build_search_index(site_dir: Path, pages_per_part: int = PAGES_PER_PART) -> None:
    """Write ``site_dir/pagefind/`` (and ``pagefind-2/``… for a big site).

    TILLITSNAVET_SOKINDEX=av skips it; only the search benchmark
    (bench/search_engines.py) uses that, to time builds without it.
    """
    if os.environ.get("TILLITSNAVET_SOKINDEX") == "av":
        return
    pages = html_pages(site_dir)
    parts = split_pages(pages, pages_per_part)
    vocabulary = vocabulary_page(site_words(site_dir, pages)) if len(parts) > 1 else None
    for old in site_dir.iterdir():  # a preview whose site shrank, or a build with --dirty
        if old.is_dir() and _OTHER_BUNDLE.match(old.name):
            shutil.rmtree(old)
    # Pagefind indexes a folder: each part is a mirror of the site holding only
    # its pages at the same paths (so the same addresses), hard links where
    # the file system allows. Beside the site, never inside what is published.
    with tempfile.TemporaryDirectory(prefix=".sokindex-", dir=site_dir.parent) as work:
        for number, part in enumerate(parts, start=1):
            mirror = Path(work) / str(number)
            _mirror(site_dir, part, mirror)
            if vocabulary:
                (mirror / VOCABULARY_PAGE).parent.mkdir(parents=True)
                (mirror / VOCABULARY_PAGE).write_text(vocabulary, encoding="utf-8")
            _run_pagefind(mirror, site_dir / bundle_name(number))
            shutil.rmtree(mirror)
    manifest = {"delar": [f"../{bundle_name(number)}/" for number in range(2, len(parts) + 1)],
                "filter": {"not": {VOCABULARY_FILTER: "ja"}} if vocabulary else {}}
    (site_dir / BUNDLE / PARTS_FILE).write_text(json.dumps(manifest), encoding="utf-8")


def site_words(site_dir: Path, pages: list[str]) -> set[str]:
    """Every word of the pages' searchable text (and a few from its markup, which is harmless).

    Only sites indexed in parts need it: ≈ 3.5 s of CPU for 10,000 pages,
    shared among forked processes (one per core) where forking is safe.
    """
    count = forking.cores() if forking.can_fork() and len(pages) >= 1000 else 1
    if count == 1:
        tokens = _page_tokens(site_dir, pages)
    else:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            tokens = set().union(*pool.starmap(
                _page_tokens, [(site_dir, pages[start::count]) for start in range(count)]))
    words: set[str] = set()
    for token in tokens:
        words.update(_WORD.findall(html.unescape(token.decode("utf-8", "replace"))))
    return words


def _page_tokens(site_dir: Path, pages: list[str]) -> set[bytes]:
    """The distinct tokens of the pages' searchable parts, tags dropped.

    The searchable part starts at the data-pagefind-body mark and ends with
    Material's article. Bytes, and only distinct tokens decoded later: 3×
    faster than a word pattern over all the text.
    """
    tokens: set[bytes] = set()
    for page in pages:
        with open(site_dir / page, "rb") as file:
            data = file.read()
        start = data.find(b"data-pagefind-body")
        if start < 0:
            continue
        end = data.find(b"</article>", start)
        tokens.update(_TAG.sub(b" ", data[start:end if end > 0 else len(data)]).split())
    return tokens


def vocabulary_page(words: set[str]) -> str:
    body = " ".join(html.escape(word) for word in sorted(words))
    return (f'<!doctype html><html lang="sv"><head><title>Ordlista</title></head><body>'
            f'<div data-pagefind-body data-pagefind-filter="{VOCABULARY_FILTER}:ja">{body}</div>'
            f'</body></html>')


def bundle_name(number: int) -> str:
    """The folder of part ``number`` (from 1) of the index."""
    return BUNDLE if number == 1 else f"{BUNDLE}-{number}"


def html_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the site, relative and sorted, outside the index's own folders."""
    found = []
    for folder, subfolders, files in os.walk(site_dir):
        if folder == str(site_dir):
            subfolders[:] = [name for name in subfolders
                             if name != BUNDLE and not _OTHER_BUNDLE.match(name)]
        relative = os.path.relpath(folder, site_dir)
        found += [name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
                  for name in files if name.endswith(".html")]
    return sorted(found)


def split_pages(pages: list[str], pages_per_part: int) -> list[list[str]]:
    """Pages dealt in turn into as few parts as the limit allows, all of about one size.

    Dealt, not cut in runs: each part then holds all kinds of pages in the
    same mix, so Pagefind's ranking (word frequencies per part) scores a hit
    the same whichever part it is in, and merged results sort fairly.
    """
    count = max(1, math.ceil(len(pages) / pages_per_part))
    return [pages[start::count] for start in range(count)]


def _mirror(site_dir: Path, pages: list[str], mirror: Path) -> None:
    for page in pages:
        target = mirror / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site_dir / page, target)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(site_dir / page, target)


def _run_pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site),
               "--output-path", str(output), "--force-language", "sv", "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, env={**ALLOCATOR, **os.environ})
    if result.returncode != 0:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {result.stderr or result.stdout}")
