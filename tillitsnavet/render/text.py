"""Turning record text into page text that can never become markup.

Two kinds of text come from records:

* Plain text (titles, names, places): shown exactly as typed. `inline`
  HTML-escapes it and also writes every ASCII punctuation character as a
  numeric entity, so that neither Markdown nor any extension (attribute
  lists, snippets, tables, links) sees syntax in it. Entities are decoded
  by the browser and by the search indexer, so readers and search see the
  characters typed.
* Markdown fields (beskrivning, resultat, …): rendered by the restricted
  Markdown of records/markdown_field.py (raw HTML shown as typed, links
  limited to http, https and mailto, no images, headings moved down below
  the page's own), whose drops `check` reports. The result is an HTML
  block the site's Markdown passes through untouched.
"""

from __future__ import annotations

import html
import string

from markupsafe import Markup

from ..records.markdown_field import render

_PUNCTUATION = {ord(c): f"&#{ord(c)};" for c in string.punctuation}


def inline(text: str) -> Markup:
    """Plain text for a Markdown or HTML context: every special character neutralised."""
    flat = " ".join(str(text).split())  # a newline could start a new Markdown block
    return Markup(flat.translate(_PUNCTUATION))


def attribute_text(text: str) -> str:
    """Text for an HTML attribute, escaped once whether or not it arrives escaped.

    Record titles arrive escaped (`attribute`, for the front matter), the
    titles of hand-written pages as written.
    """
    return html.escape(html.unescape(" ".join(str(text).split())), quote=True)


def attribute(text: str) -> str:
    """Plain text for front matter that themes print unescaped (title, description)."""
    return html.escape(" ".join(str(text).split()), quote=True)


def block(text: str, css_class: str = "hub-text") -> Markup:
    """A Markdown field as a self-contained, safe HTML block."""
    body = render(str(text)).html  # the renderer `check` asked what it drops
    # A line inside the block starting with the snippet marker or similar is
    # harmless here (the block is stashed whole), but keep it on one line per
    # element anyway so no outer Markdown rule can see a fresh line start.
    return Markup(f'<div class="{css_class}">\n{body}\n</div>')
