"""The pages made from the records, as plain data for any site engine.

`record_pages` gives every record's page (drafts included and marked: the
engine publishes them only in its preview); `catalog_pages` the pages made
from all records together. The adapter adds them to MkDocs' files;
another engine would write them as Markdown files.
"""

from __future__ import annotations

from .renderer import TAG_PAGE, GeneratedPage, Renderer


def record_pages(renderer: Renderer) -> list[GeneratedPage]:
    """Every record's page, in catalog order."""
    return [renderer.record_page(record) for record in renderer.catalog.all()]


def catalog_pages(renderer: Renderer) -> dict[str, str]:
    """The pages made from all records together: page path → Markdown."""
    return {TAG_PAGE: renderer.tag_page()}
