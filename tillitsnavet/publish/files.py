"""Everything a build publishes besides the hand-written and record pages, for the site engine.

`list_pages`: what lists all records, remade after every change (the tag
page, the explorer's data files, the shared map of Sweden record pages draw
their place on, and the editors' report). `site_files`: open data
(exports.py) and its DCAT-AP-SE catalogue for dataportal.se (dcat.py), the
Atom feed (feed.py), the redirect pages at old addresses (redirects.py) and
robots.txt. Both as site-relative path → content. The MkDocs adapter hands
them to MkDocs as generated files, so the live preview serves them too and
links to them are checked; another engine would write them to its output
folder. The sitemap (sitemap.py) and the search index (search_index.py) are
made after the build, from the pages actually written.
"""

from __future__ import annotations

from pathlib import Path

from ..editors.quality import REPORT_PAGE, report_page
from ..records.catalog import Catalog
from ..records.kinds import Record
from ..render.contact import Contact
from ..render.renderer import TAG_PAGE, Renderer
from .dcat import CATALOGUE_FILE, catalogue_rdf
from .exports import open_data_files, record_files
from .feed import FEED_FILE, atom_feed
from .redirects import redirect_pages


def list_pages(renderer: Renderer, docs_dir: Path) -> dict[str, str]:
    """What is made from all records together: path → Markdown for pages, text for files."""
    return {TAG_PAGE: renderer.tag_page(), **renderer.explorer().files(),
            **renderer.env.globals["bilder"].files(), REPORT_PAGE: report_page(renderer, docs_dir)}


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


def own_files_followed(files: dict[str, str | bytes], before: dict[str, Record],
                       now: dict[str, Record], changed: set[str], site_url: str
                       ) -> dict[str, str | bytes]:
    """The last rebuild's files with each changed record's own open-data file made again.

    A record that is gone loses its file; the files made from all records
    stay as they were (the preview makes them once).
    """
    files = dict(files)
    for uri in changed:
        if uri in before:
            for path in record_files(before[uri], site_url):
                files.pop(path, None)
        if uri in now:
            files.update(record_files(now[uri], site_url))
    return files
