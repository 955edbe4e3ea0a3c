"""The pages made from the records, as plain data for any site engine."""

from __future__ import annotations

from collections.abc import Iterator

from .renderer import TAG_PAGE, GeneratedPage, Renderer


def record_pages(renderer: Renderer) -> Iterator[GeneratedPage]:
    """Every record's page (drafts marked), one at a time: a list of them all as str was
    most of a build's peak memory."""
    return (renderer.record_page(record) for record in renderer.catalog.all())


def catalog_pages(renderer: Renderer) -> dict[str, str]:
    """The tag page, the explorer's data files and the shared map: path → text."""
    return {TAG_PAGE: renderer.tag_page(), **renderer.explorer().files(),
            **renderer.env.globals["bilder"].files()}
