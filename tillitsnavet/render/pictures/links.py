"""URLs for links inside raw HTML and SVG.

MkDocs rewrites ``.md`` links in Markdown, but not inside raw HTML, and it
never checks links that carry a query string. The pictures are raw HTML, so
they compute the final, page-relative URL themselves, the way MkDocs lays out
pages (records.kinds.page_url).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlencode

from ...records.kinds import page_url, suggest_id
from ..relpath import relative

#: The explorer page (content/utforska/index.md) and the filters it reads.
EXPLORER = "utforska/index.md"
FILTERS = ("lan", "kommun", "sektor", "princip", "typ", "organisationstyp", "status", "ar")


def href(target_src_uri: str, here: str, directory_urls: bool = True) -> str:
    """Relative URL from page ``here`` to page ``target_src_uri``, both as source paths."""
    target, base = page_url(target_src_uri, directory_urls), page_url(here, directory_urls)
    if not directory_urls:
        return relative(target, posixpath.dirname(base) or ".")
    path = relative(target.rstrip("/") or ".", base.rstrip("/") or ".")
    return "./" if path == "." else path + "/"


def file_href(target: str, here: str, directory_urls: bool = True) -> str:
    """Relative URL from page ``here`` to a file of the site (``assets/sverige.svg``)."""
    base = page_url(here, directory_urls)  # 'forsok/x/' or 'forsok/x.html'
    return relative(target, base.rstrip("/") if directory_urls else posixpath.dirname(base) or ".")


def explorer_href(here: str, directory_urls: bool = True, **filters: str) -> str:
    """Link to the explorer filtered by slugged values, e.g. ``lan='Kalmar län'`` → ?lan=kalmar-lan."""
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise ValueError(f"unknown explorer filter: {sorted(unknown)}")
    query = urlencode({key: suggest_id(value) for key, value in filters.items()})
    return f"{href(EXPLORER, here, directory_urls)}?{query}"


@dataclass(frozen=True)
class Links:
    """Links from one page, in the site's URL style; what every drawing gets instead of a path."""

    here: str
    directory_urls: bool = True

    def to(self, target_src_uri: str) -> str:
        return href(target_src_uri, self.here, self.directory_urls)

    def file(self, target: str) -> str:
        return file_href(target, self.here, self.directory_urls)

    def explorer(self, **filters: str) -> str:
        return explorer_href(self.here, self.directory_urls, **filters)
