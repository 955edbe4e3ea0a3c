"""Pages at a renamed record's old addresses (``tidigare_id``) that lead to its page.

A meta refresh, a canonical link and a visible link: no JavaScript, no server, also from
disk. semantic.check_previous_ids makes sure an old id is never reused.
"""

from __future__ import annotations

import html
import posixpath

from ..records.catalog import Catalog
from ..records.kinds import Record
from .exports import absolute_url, published

_PAGE = """<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>Sidan har flyttat: {title}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={href}">
<link rel="canonical" href="{canonical}">
</head>
<body>
<h1>Sidan har flyttat</h1>
<p>Sidan om {title} har en ny adress: <a href="{href}">{canonical}</a>.</p>
<p>Uppdatera gärna bokmärken och länkar.</p>
</body>
</html>
"""


def _paths(record: Record, record_id: str, directory_urls: bool) -> str:
    prefix = record.kind.url_prefix
    return f"{prefix}/{record_id}/index.html" if directory_urls else f"{prefix}/{record_id}.html"


def redirect_pages(catalog: Catalog, site_url: str, directory_urls: bool = True) -> dict[str, str]:
    """Site-relative file path of every old address → its HTML."""
    pages = {}
    for record in published(catalog):
        target = _paths(record, record.id, directory_urls)
        for old in record.get("tidigare_id", []):
            path = _paths(record, old, directory_urls)
            href = posixpath.relpath(target, posixpath.dirname(path))
            if directory_urls:
                href = href.removesuffix("index.html")
            pages[path] = _PAGE.format(title=html.escape(record.title), href=html.escape(href),
                                       canonical=html.escape(absolute_url(site_url, record.url)))
    return pages
