"""Everything a build publishes besides the hand-written and record pages, as site path → content.

`list_pages`: what lists all records (the tag page, the explorer's data
files, the shared map, the editors' report). `site_files`: open data, its
catalogue, the feed, redirects and robots.txt. The MkDocs adapter hands them
to MkDocs as generated files, so the preview serves them and links to them
are checked. The sitemap and the search index are made after the build,
from the pages actually written.
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
