"""Everything a build publishes besides the pages, for the site engine to write.

Open data (exports.py), the Atom feed (feed.py) and the redirect pages at old
addresses (redirects.py), as site-relative path → content. The MkDocs
adapter hands them to MkDocs as generated files, so the live preview serves
them too and links to them are checked; another engine would write them to
its output folder. The sitemap (sitemap.py) is written after the build,
since it lists the pages that were actually written.
"""

from __future__ import annotations

from .catalog import Catalog
from .exports import open_data_files
from .feed import FEED_FILE, atom_feed
from .redirects import redirect_pages

#: The editors' report page (quality.py, macros/kvalitet.md.j2): not in the nav, not indexed.
REPORT_PAGE = "redaktion/kvalitet.md"


def extra_files(catalog: Catalog, site_url: str, directory_urls: bool = True,
                site_name: str = "Tillitsnavet") -> dict[str, str | bytes]:
    files = open_data_files(catalog, site_url)
    files[FEED_FILE] = atom_feed(catalog, site_url, site_name)
    files.update(redirect_pages(catalog, site_url, directory_urls))
    return files
