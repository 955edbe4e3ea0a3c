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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: Parts of a page that must not be searched: the permalink pilcrows, the
#: "senast granskad" line that every record shares, and the pictures
#: (tillitsnavet/render/pictures: maps, charts, the map's table, the
#: principle matrix), whose words are the records' own titles and places
#: again. Lists of records carry data-pagefind-ignore in the macros. Each
#: record is found on its own page; before, a search for a municipality also
#: listed every page that showed it in a map, chart or list (issue #7).
EXCLUDED = [".headerlink", ".hub-granskad", ".hub-bild", ".hub-karttabell", ".hub-matris"]

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
    return f"<div data-pagefind-body>{hidden}{content_html}</div>"


def build_search_index(site_dir: Path) -> None:
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
            _run_pagefind(site_dir, work / BUNDLE)
            if (site_dir / BUNDLE).exists():
                shutil.move(site_dir / BUNDLE, work / "gammal")
            shutil.move(work / BUNDLE, site_dir / BUNDLE)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except OSError as error:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {error}") from None


def _run_pagefind(site: Path, output: Path) -> None:
    command = [sys.executable, "-m", "pagefind_bin", "--site", str(site),
               "--output-path", str(output), "--force-language", "sv", "--quiet"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    result = subprocess.run(command, capture_output=True, text=True, env={**ALLOCATOR, **os.environ})
    if result.returncode != 0:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {result.stderr or result.stdout}")
