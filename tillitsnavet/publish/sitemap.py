"""The sitemap, with real last-modified dates (MkDocs dates every page by the build).

A record's page changed when the record was last reviewed; a hand-written page when git
last committed it, or when the newest record it lists (a ``<!-- hub:`` shortcode) was
reviewed; without git history, no date rather than a wrong one.

``sitemap.xml`` is only an index pointing to ``sitemap-sidor.xml``: Material's script
fetches ``sitemap.xml`` on every page load (to switch languages, which this site lacks),
and a full list there would make every reader download every address of the site.
"""

from __future__ import annotations

import gzip
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from ..records.catalog import Catalog
from ..records.kinds import page_file, page_url
from .exports import absolute_url, in_order, newest_review

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def git_dates(root: Path, folder: str) -> dict[str, str]:
    """Last commit date (ÅÅÅÅ-MM-DD) of each file below ``folder``; {} without git."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%cs", "--name-only", "--relative",
             "--", folder], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, str] = {}
    day = ""
    for line in result.stdout.splitlines():
        if line.startswith("\x00"):
            day = line[1:]
        elif line.strip():
            dates.setdefault(line.strip(), day)  # newest commit first
    return dates


def sitemap_entries(catalog: Catalog, root: Path, docs_dir: Path, site_dir: Path,
                    directory_urls: bool = True) -> list[tuple[str, str]]:
    """(site-relative URL, date or "") of every listed page, in a stable order."""
    records = in_order(catalog)
    newest = newest_review(records)
    inside = docs_dir.is_relative_to(root)
    committed = git_dates(root, docs_dir.relative_to(root).as_posix()) if inside else {}
    entries: dict[str, str] = {}
    for source in sorted(docs_dir.rglob("*.md")):
        src_uri = source.relative_to(docs_dir).as_posix()
        if not (site_dir / page_file(src_uri, directory_urls)).is_file():
            continue
        day = committed.get(source.relative_to(root).as_posix(), "") if inside else ""
        if "<!-- hub:" in source.read_text(encoding="utf-8"):
            day = max(day, newest)
        entries[page_url(src_uri, directory_urls)] = day
    for record in records:
        if (site_dir / page_file(record.src_uri, directory_urls)).is_file():
            entries[page_url(record.src_uri, directory_urls)] = record.get("senast_granskad", "")
    return sorted(entries.items())


PAGES_FILE = "sitemap-sidor.xml"
MAX_URLS = 50_000  # the protocol's limit per file; more go to sitemap-sidor-2.xml, …


def is_sitemap_file(path: str) -> bool:
    """Whether ``path`` of the site is one of the files `write_sitemap` writes."""
    return path in ("sitemap.xml", "sitemap.xml.gz") or (
        path.startswith(PAGES_FILE[:-4]) and path.endswith(".xml") and "/" not in path)


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def pages_files(count: int) -> list[str]:
    """Names of the files that list ``count`` pages (at least one, even when empty)."""
    parts = max(1, -(-count // MAX_URLS))
    return [PAGES_FILE] + [PAGES_FILE.replace(".xml", f"-{n}.xml") for n in range(2, parts + 1)]


def write_sitemap(site_dir: Path, site_url: str, entries: list[tuple[str, str]]) -> None:
    """Write the page lists, the index ``sitemap.xml`` and ``sitemap.xml.gz`` (else MkDocs' stays)."""
    ET.register_namespace("", NS)
    index = ET.Element(f"{{{NS}}}sitemapindex")
    for number, name in enumerate(pages_files(len(entries))):
        part = entries[number * MAX_URLS:(number + 1) * MAX_URLS]
        urlset = ET.Element(f"{{{NS}}}urlset")
        for url, day in part:
            item = ET.SubElement(urlset, f"{{{NS}}}url")
            ET.SubElement(item, f"{{{NS}}}loc").text = absolute_url(site_url, url)
            if day:
                ET.SubElement(item, f"{{{NS}}}lastmod").text = day
        (site_dir / name).write_bytes(_xml(urlset))
        item = ET.SubElement(index, f"{{{NS}}}sitemap")
        ET.SubElement(item, f"{{{NS}}}loc").text = absolute_url(site_url, name)
        newest = max((day for _, day in part if day), default="")
        if newest:
            ET.SubElement(item, f"{{{NS}}}lastmod").text = newest
    data = _xml(index)
    (site_dir / "sitemap.xml").write_bytes(data)
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
