"""The site's search index, built by Pagefind from the finished HTML.

Pagefind was chosen by measurement (docs/sok.md): Swedish stemming in both
directions, å/ä/ö found when typed without them, prefix matching while
typing, and an index split into chunks so a first search downloads a small
part of it. The binary comes from the ``pagefind_bin`` wheel on PyPI, so
nothing is fetched at build time.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path

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


def build_search_index(site_dir: Path) -> None:
    """Write ``site_dir/pagefind/`` for the pages in ``site_dir``.

    TILLITSNAVET_SOKINDEX=av skips it; only the search benchmark
    (bench/search_engines.py) uses that, to time builds without it.
    """
    if os.environ.get("TILLITSNAVET_SOKINDEX") == "av":
        return
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site_dir),
               "--output-subdir", "pagefind", "--force-language", "sv", "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, env={**ALLOCATOR, **os.environ})
    if result.returncode != 0:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {result.stderr or result.stdout}")
