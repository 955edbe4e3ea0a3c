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

#: Parts of a page that must not be searched: the permalink pilcrows and the
#: "senast granskad" line that every record shares.
EXCLUDED = [".headerlink", ".hub-granskad"]


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
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Sökindexet kunde inte byggas: {result.stderr or result.stdout}")
