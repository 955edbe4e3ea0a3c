"""Final HTML in a Markdown page, handed past the site's Markdown instead of through it.

Python-Markdown reads every raw HTML block with ``html.parser`` twice (its own
preprocessor and MkDocs' anchor scan): about half of a record page's conversion
(docs/prestanda.md). So the templates mark such blocks (`mark`), the adapter takes them
out before the conversion (`hold`) and puts them back after (`release`). Record text
reaches a page only escaped, so it can never make or end a marked block.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

OPEN = "<!--hub-html-->"
CLOSE = "<!--/hub-html-->"
_MARKED = re.compile(rf"^{re.escape(OPEN)}\n(.*?)\n{re.escape(CLOSE)}$", re.MULTILINE | re.DOTALL)
_HELD = re.compile(r"<!--hub-html:(\d+)-->")


def mark(html: str) -> Markup:
    """The templates' ``html`` filter; blank lines keep it a block of its own."""
    html = str(escape(html)).strip("\n")  # Markup as it is; plain text escaped
    return Markup(f"\n{OPEN}\n{html}\n{CLOSE}\n\n") if html.strip() else Markup("")


def hold(markdown: str) -> tuple[str, list[str]]:
    """The page with each marked block replaced by a placeholder, and the blocks in order.

    The markers are comments, so any engine can convert a marked page, only slower.
    """
    blocks: list[str] = []

    def placeholder(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"<!--hub-html:{len(blocks) - 1}-->"

    return _MARKED.sub(placeholder, markdown), blocks


def release(html: str, blocks: list[str]) -> str:
    if not blocks:
        return html
    def block(match: re.Match) -> str:
        index = int(match.group(1))
        return blocks[index] if index < len(blocks) else match.group(0)

    return _HELD.sub(block, html)
