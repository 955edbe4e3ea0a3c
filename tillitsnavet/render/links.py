"""Relative links between the site's own pages and files.

MkDocs rewrites ``.md`` links in Markdown, but not inside raw HTML, and it
never checks links that carry a query string. The pictures, lists and
redirect pages are raw HTML, so they compute the final, page-relative URL
themselves, the way MkDocs lays out pages (records.kinds.page_url).

`relative` is ``posixpath.relpath`` for the site's clean paths (relative, no
``.`` or ``..`` parts): ``posixpath.relpath`` makes both paths absolute
against the working directory first, a real part of the time spent
rendering record pages with a dozen links each. tests/test_properties.py
checks it against ``posixpath.relpath`` on generated paths. Not memoised: a
memo saved next to nothing and held every pair of paths.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlencode

from ..records.kinds import page_url, suggest_id

#: The explorer page (content/utforska/index.md) and the filters it reads.
EXPLORER = "utforska/index.md"
FILTERS = ("lan", "kommun", "sektor", "princip", "typ", "organisationstyp", "status", "ar")


def relative(path: str, start: str = ".") -> str:
    """``posixpath.relpath(path, start)`` for clean site-relative paths."""
    to = [part for part in path.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, base):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) or "."


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
