"""The records' pages, as plain data for any site engine.

`record_pages` gives every record's page (drafts included and marked: the
engine publishes them only in its preview); what lists all records is
publish/files.py's. The adapter adds them to MkDocs' files; another engine
would write them as files.
"""

from __future__ import annotations

from collections.abc import Iterator

from .renderer import GeneratedPage, Renderer


def record_pages(renderer: Renderer) -> Iterator[GeneratedPage]:
    """Every record's page (drafts marked), one at a time: a list of them all as str was
    most of a build's peak memory."""
    return (renderer.record_page(record) for record in renderer.catalog.all())

