"""The site's search index, built by Pagefind from the finished HTML.

Pagefind was chosen by measurement (docs/sok.md): Swedish stemming in both
directions, å/ä/ö found when typed without them, prefix matching while
typing, and an index split into chunks so a first search downloads a small
part of it. The binary comes from the ``pagefind_bin`` wheel on PyPI, so
nothing is fetched at build time.
"""

from __future__ import annotations

import contextlib
import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection
from functools import partial
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
#: peak at ≈ 820 MB each.
PAGES_PER_PART = 6000

#: A part alone would answer differently from the whole site: when no word
#: of a part starts with the word typed, Pagefind falls back, in that part,
#: to the longest indexed word the typed one starts with, so "Borlä" brought
#: pages about Borås from parts without Borlänge, ranked among the right
#: hits. Each part therefore also indexes one page (in its mirror only, never
#: on the site) holding every word of the site's searchable text, marked
#: with this filter, which the search box excludes: each part then knows
#: every word the site has, and finds the pages one index would find.
VOCABULARY_PAGE = "_tillitsnavet_ordlista/index.html"
VOCABULARY_FILTER = "ordlista"

#: The primary bundle; sok.js imports its pagefind.js.
BUNDLE = "pagefind"

#: In the primary bundle: the addresses of the other parts' bundles,
#: relative to it, for sok.js to merge, and the filter to search with.
#: Written for one part too, so a missing file is an error, not a silently
#: partial search.
PARTS_FILE = "delar.json"

_TAG = re.compile(rb"<[^>]*>")
#: Tags inside a line of text: Pagefind joins the text around them into one
#: word ("<a>SKR</a>:s" is "SKR:s"), so they are dropped without a space.
_INLINE_TAG = re.compile(rb"</?(?:a|abbr|b|code|em|i|kbd|mark|q|s|small|span|strong|sub|sup|u)"
                         rb"\b[^>]*>")
_WORD = re.compile(r"[^\W_]+")
_NOT_WORD = re.compile(r"\W+")


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
    try:
        _build(site_dir, pages_per_part)
    except OSError as error:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {error}") from None


def _build(site_dir: Path, pages_per_part: int) -> None:
    earlier = written_parts(site_dir)
    pages = html_pages(site_dir, earlier)
    parts = split_pages(pages, pages_per_part)
    vocabulary = vocabulary_page(site_words(site_dir, pages)) if len(parts) > 1 else None
    names = [bundle_name(number) for number in range(1, len(parts) + 1)]
    # Pagefind indexes a folder: each part is a mirror of the site holding only
    # its pages at the same paths (so the same addresses), hard links where
    # the file system allows, beside the site (never inside what is
    # published). The new bundles are made there too and moved into place
    # only when all are done, so a preview's readers search the old index
    # until then, and a failed run leaves the old one whole.
    with _work_folder(site_dir) as work:
        for name, part in zip(names, parts):
            mirror = work / "spegel"
            _mirror(site_dir, part, mirror)
            if vocabulary:
                page = mirror / VOCABULARY_PAGE
                page.parent.mkdir(parents=True, exist_ok=True)
                page.unlink(missing_ok=True)  # a site page of that name stays untouched
                page.write_text(vocabulary, encoding="utf-8")
            _run_pagefind(mirror, work / name)
            shutil.rmtree(mirror)
        manifest = {"delar": [f"../{name}/" for name in names[1:]],
                    "filter": {"not": {VOCABULARY_FILTER: "ja"}} if vocabulary else {}}
        (work / BUNDLE / PARTS_FILE).write_text(json.dumps(manifest), encoding="utf-8")
        for name in reversed(names):  # the primary, which names the others, last
            if (site_dir / name).exists():
                shutil.move(site_dir / name, work / f"gammal-{name}")
            shutil.move(work / name, site_dir / name)
    for name in earlier:
        if name not in names and (site_dir / name).is_dir():  # the site shrank
            shutil.rmtree(site_dir / name)


@contextlib.contextmanager
def _work_folder(site_dir: Path):
    """A temporary folder beside the site (hard links, a cheap move), else the system's."""
    try:
        folder = tempfile.mkdtemp(prefix=".sokindex-", dir=site_dir.parent)
    except OSError:  # a parent we may not write to
        folder = tempfile.mkdtemp(prefix="tillitsnavet-sokindex-")
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def written_parts(site_dir: Path) -> list[str]:
    """The index's folders as the last index of this site wrote them (none if there is none)."""
    try:
        manifest = json.loads((site_dir / BUNDLE / PARTS_FILE).read_text(encoding="utf-8"))
        others = [part.strip("./") for part in manifest["delar"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        others = []
    return [BUNDLE] + [name for name in others if name.startswith(f"{BUNDLE}-")]


def bundle_name(number: int) -> str:
    """The folder of part ``number`` (from 1) of the index."""
    return BUNDLE if number == 1 else f"{BUNDLE}-{number}"


def html_pages(site_dir: Path, index_folders: Collection[str] = (BUNDLE,)) -> list[str]:
    """Every HTML page of the site, relative and sorted, outside the index's own folders."""
    found = []
    for folder, subfolders, files in os.walk(site_dir):
        if folder == str(site_dir):
            subfolders[:] = [name for name in subfolders if name not in index_folders]
        relative = os.path.relpath(folder, site_dir)
        found += [name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
                  for name in files if name.endswith(".html")]
    return sorted(found)


def split_pages(pages: list[str], pages_per_part: int) -> list[list[str]]:
    """Pages dealt in turn into as few parts as the limit allows, all of about one size.

    Dealt, not cut in runs: each part then holds all kinds of pages in the
    same mix, so Pagefind's ranking (word frequencies per part) scores a hit
    about the same whichever part it is in, and merged results sort fairly.
    """
    count = max(1, math.ceil(len(pages) / pages_per_part))
    return [pages[start::count] for start in range(count)]


def site_words(site_dir: Path, pages: list[str], parallel: bool = True) -> set[str]:
    """Every word of the pages' searchable text, and a few more.

    A few more: the slice starts inside the body's own tag, and includes text
    Pagefind leaves out (data-pagefind-ignore, EXCLUDED). Such a word only
    keeps a part from falling back where one index would have; a word
    missing would bring that part's weak hits (VOCABULARY_PAGE).

    Only sites indexed in parts need it: ≈ 3.5 s of CPU for 10,000 pages,
    on every core (in shares of pages, so only each share's distinct tokens
    come back).
    """
    shares = [pages[start:start + 250] for start in range(0, len(pages), 250)]
    tokens = set().union(*forking.run_everywhere(partial(_page_tokens, site_dir), shares,
                                                 parallel=parallel and len(pages) >= 1000))
    words: set[str] = set()
    for token in tokens:
        text = html.unescape(token.decode("utf-8", "replace"))
        # Pagefind indexes a word both whole, its punctuation dropped
        # ("SOU 2019:43" is found as "201943"), and in its parts
        words.update(_WORD.findall(text))
        words.add(_NOT_WORD.sub("", text))
    words.discard("")
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
        text = _INLINE_TAG.sub(b"", data[start:end if end > 0 else len(data)])
        tokens.update(_TAG.sub(b" ", text).split())
    return tokens


def vocabulary_page(words: set[str]) -> str:
    body = " ".join(html.escape(word) for word in sorted(words))
    return (f'<!doctype html><html lang="sv"><head><title>Ordlista</title></head><body>'
            f'<div data-pagefind-body data-pagefind-filter="{VOCABULARY_FILTER}:ja">{body}</div>'
            f'</body></html>')


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
