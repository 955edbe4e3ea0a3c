"""Record text as page text that can never become markup.

Plain text (titles, names) goes through `inline`: every ASCII punctuation character as a
numeric entity, so neither Markdown nor any extension sees syntax in it (browsers and
the search indexer decode them). Markdown fields go through the restricted renderer of
records/markdown_field.py, whose drops `check` reports, into an HTML block.
"""

from __future__ import annotations

import html
import json
import string

from markupsafe import Markup

from ..records.markdown_field import render

_PUNCTUATION = {ord(c): f"&#{ord(c)};" for c in string.punctuation}


def inline(text: str) -> Markup:
    flat = " ".join(str(text).split())  # a newline could start a new Markdown block
    return Markup(flat.translate(_PUNCTUATION))


def attribute_text(text: str) -> str:
    """Escaped once whether or not it arrives escaped (record titles do, via `attribute`)."""
    return html.escape(html.unescape(" ".join(str(text).split())), quote=True)


def attribute(text: str) -> str:
    """Plain text for front matter that themes print unescaped (title, description)."""
    return html.escape(" ".join(str(text).split()), quote=True)


def script_json(data: object) -> str:
    """Compact JSON that is also safe inside any HTML or script context."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def block(text: str, css_class: str = "hub-text") -> Markup:
    body = render(str(text)).html  # the renderer `check` asked what it drops
    return Markup(f'<div class="{css_class}">\n{body}\n</div>')
