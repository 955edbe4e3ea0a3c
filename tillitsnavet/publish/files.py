"""Everything a build publishes besides the pages, for the site engine to write.

Open data (exports.py) and its DCAT-AP-SE catalogue for dataportal.se
(dcat.py), the Atom feed (feed.py) and the redirect pages at old addresses
(redirects.py), as site-relative path → content. The MkDocs adapter writes
them into the site and hands them to MkDocs as generated files, so the live
preview serves them too and links to them are checked; another engine would
write them to its output folder. The sitemap (sitemap.py) and the search
index (search_index.py) are made after the build, from the pages actually
written.
"""

from __future__ import annotations

from ..records.catalog import Catalog
from ..render.contact import Contact
from .dcat import CATALOGUE_FILE, catalogue_rdf
from .exports import open_data_files
from .feed import FEED_FILE, atom_feed
from .redirects import redirect_pages


def site_files(catalog: Catalog, site_url: str, contact: Contact, directory_urls: bool = True,
               site_name: str = "Tillitsnavet",
               site_description: str = "") -> dict[str, str | bytes]:
    """Every file made from the records that is not a page: site path → content.

    Raises:
        CatalogueError: without a site_url (the catalogue's addresses must be absolute).
    """
    files = open_data_files(catalog, site_url)
    files[CATALOGUE_FILE] = catalogue_rdf(catalog, files, site_url, site_name, site_description,
                                          contact)
    files[FEED_FILE] = atom_feed(catalog, site_url, site_name, contact)
    files.update(redirect_pages(catalog, site_url, directory_urls))
    files[ROBOTS_FILE] = robots_txt(site_url)
    return files


#: Where crawlers look first; it names the sitemap (publish/sitemap.py).
ROBOTS_FILE = "robots.txt"


def robots_txt(site_url: str) -> str:
    """Everything may be crawled (the report page says noindex itself); where the sitemap is."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
