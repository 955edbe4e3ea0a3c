"""Everything a build publishes besides the pages, as site path → content.

The MkDocs adapter hands them to MkDocs as generated files, so the preview serves them
and links to them are checked. The sitemap and the search index are made after the
build, from the pages actually written.
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
    """Open data, its catalogue, the feed, redirects and robots.txt; CatalogueError without a site_url."""
    files = open_data_files(catalog, site_url)
    files[CATALOGUE_FILE] = catalogue_rdf(catalog, files, site_url, site_name, site_description,
                                          contact)
    files[FEED_FILE] = atom_feed(catalog, site_url, site_name, contact)
    files.update(redirect_pages(catalog, site_url, directory_urls))
    files[ROBOTS_FILE] = robots_txt(site_url)
    return files


ROBOTS_FILE = "robots.txt"


def robots_txt(site_url: str) -> str:
    """Everything may be crawled (the report page says noindex itself); where the sitemap is."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
