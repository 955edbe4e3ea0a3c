"""The pages made from the records, as plain data for any site engine.

`record_pages` gives every record's page (drafts included and marked: the
engine publishes them only in its preview); `catalog_pages` the pages and
files made from all records together (the tag page, the explorer's data
files) and the shared map of Sweden that record pages draw their place on.
The adapter adds them to MkDocs' files; another engine would write them as
files.
"""

from __future__ import annotations

from collections.abc import Iterator

from .renderer import TAG_PAGE, GeneratedPage, Renderer


def record_pages(renderer: Renderer) -> Iterator[GeneratedPage]:
    """Every record's page, in catalog order, one at a time.

    One at a time so an engine can keep each page in the form it needs (the
    MkDocs adapter: UTF-8 bytes) before the next is made: a list of them all
    as Python strings was most of a build's peak memory.
    """
    return (renderer.record_page(record) for record in renderer.catalog.all())


def catalog_pages(renderer: Renderer) -> dict[str, str]:
    """What is made from all records together: path → Markdown for pages, text for files."""
    return {TAG_PAGE: renderer.tag_page(), **renderer.explorer().files(),
            **renderer.env.globals["bilder"].files()}
