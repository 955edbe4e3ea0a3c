"""Pages at a renamed record's old addresses (``tidigare_id``) that lead to its page.

A meta refresh, a canonical link and a visible link: no JavaScript, no server, also from
disk. semantic.check_previous_ids makes sure an old id is never reused.
"""

from __future__ import annotations

import html

from ..records.catalog import Catalog
from ..records.kinds import page_file
from ..render.links import href
from .exports import absolute_url, in_order

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


def redirect_pages(catalog: Catalog, site_url: str, directory_urls: bool = True) -> dict[str, str]:
    """Site-relative file path of every old address → its HTML."""
    pages = {}
    for record in in_order(catalog):
        for old in record.get("tidigare_id", []):
            old_page = f"{record.kind.url_prefix}/{old}.md"
            link = href(record.src_uri, old_page, directory_urls)
            pages[page_file(old_page, directory_urls)] = _PAGE.format(
                title=html.escape(record.title), href=html.escape(link),
                canonical=html.escape(absolute_url(site_url, record.url)))
    return pages
