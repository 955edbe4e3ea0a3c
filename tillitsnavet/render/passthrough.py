"""Final HTML in a Markdown page, handed past the site's Markdown instead of through it.

Most of a record page is HTML the templates already wrote (the facts, the
cards, the map, the record's text fields made by text.py); only the
headings are Markdown, for the page's table of contents. Python-Markdown
reads every raw HTML block with ``html.parser`` twice (its own block
preprocessor and MkDocs' anchor scan), which cost about half of a record
page's conversion (docs/prestanda.md). So the templates mark such blocks
(the ``html`` filter: `mark`), the engine's adapter takes them out before the
conversion (`hold`: each becomes a one-line comment) and puts them back into
the converted page (`release`). What a reader gets is the same HTML.

Record text can never make or end a marked block: it reaches a page only
escaped (text.py, autoescape), so a ``<`` from a record is never a ``<``.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

OPEN = "<!--hub-html-->"
CLOSE = "<!--/hub-html-->"
_MARKED = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n{re.escape(CLOSE)}$", re.MULTILINE | re.DOTALL)
_HELD = re.compile(r"<!--hub-html:(\d+)-->")


def mark(html: str) -> Markup:
    """An HTML block the site's Markdown should pass on as it is (the templates' ``html`` filter).

    Blank lines around it keep it a block of its own; an empty block stays empty.
    """
    html = str(escape(html)).strip("\n")  # Markup as it is; plain text escaped
    return Markup(f"\n{OPEN}\n{html}\n{CLOSE}\n\n") if html.strip() else Markup("")


def hold(markdown: str) -> tuple[str, list[str]]:
    """The page with each marked block replaced by a placeholder, and the blocks in order.

    Without the adapter a marked page is still plain Markdown (the markers
    are comments), so any engine can convert it; it is only slower.
    """
    blocks: list[str] = []

    def placeholder(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"<!--hub-html:{len(blocks) - 1}-->"

    return _MARKED.sub(placeholder, markdown), blocks


def release(html: str, blocks: list[str]) -> str:
    """The converted page with the held blocks back in their places."""
    if not blocks:
        return html
    def block(match: re.Match) -> str:
        index = int(match.group(1))
        return blocks[index] if index < len(blocks) else match.group(0)

    return _HELD.sub(block, html)
