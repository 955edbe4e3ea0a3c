"""Everything a build publishes besides the pages, for the site engine to write.

Open data (exports.py), the Atom feed (feed.py) and the redirect pages at old
addresses (redirects.py), as site-relative path → content. The MkDocs
adapter hands them to MkDocs as generated files, so the live preview serves
them too and links to them are checked; another engine would write them to
its output folder. The sitemap (sitemap.py) is written after the build,
since it lists the pages that were actually written.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from .catalog import Catalog
from .exports import open_data_makers
from .feed import FEED_FILE, atom_feed
from .redirects import redirect_pages

#: The editors' report page (quality.py, macros/kvalitet.md.j2): not in the nav, not indexed.
REPORT_PAGE = "redaktion/kvalitet.md"


def extra_files(catalog: Catalog, site_url: str, directory_urls: bool = True,
                site_name: str = "Tillitsnavet") -> dict[str, str | bytes]:
    return {path: make() for path, make in
            extra_file_makers(catalog, site_url, directory_urls, site_name).items()}


def extra_file_makers(catalog: Catalog, site_url: str, directory_urls: bool = True,
                      site_name: str = "Tillitsnavet") -> dict[str, Callable[[], str | bytes]]:
    """Path → what makes the content: the paths now, the contents when asked for."""
    makers = open_data_makers(catalog, site_url)
    makers[FEED_FILE] = partial(atom_feed, catalog, site_url, site_name)
    # small pages, made now: which there are depends on the records' old ids
    for path, content in redirect_pages(catalog, site_url, directory_urls).items():
        makers[path] = partial(str, content)
    return makers
