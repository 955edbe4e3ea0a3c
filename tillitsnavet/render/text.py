"""Turning record text into page text that can never become markup.

Two kinds of text come from records:

* Plain text (titles, names, places): shown exactly as typed. `inline`
  HTML-escapes it and also writes every ASCII punctuation character as a
  numeric entity, so that neither Markdown nor any extension (attribute
  lists, snippets, tables, links) sees syntax in it. Entities are decoded
  by the browser and by the search indexer, so readers and search see the
  characters typed.
* Markdown fields (beskrivning, resultat, …): rendered here by a restricted
  Markdown instance with raw HTML and images switched off, links limited to
  http, https and mailto, and headings moved down below the page's own. The
  result is an HTML block the site's Markdown passes through untouched.
"""

from __future__ import annotations

import html
import re
import string
import xml.etree.ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_PUNCTUATION = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_SAFE_SCHEMES = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)


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


class _SafeTree(Treeprocessor):
    """Drop links to unsafe schemes and move headings below the page's h2."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, element in enumerate(list(parent)):
                if element.tag == "a":
                    href = element.get("href", "")
                    if not _SAFE_SCHEMES.match(href.strip()):
                        # keep the words, lose the link
                        span = etree.Element("span")
                        span.text, span.tail = element.text, element.tail
                        span.extend(list(element))
                        parent.remove(element)
                        parent.insert(index, span)
                    else:
                        element.set("rel", "noopener")
                elif re.fullmatch(r"h[1-6]", element.tag):
                    element.tag = f"h{min(6, int(element.tag[1]) + 2)}"


class _SafeMarkdown(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - API name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("image_link")
        md.inlinePatterns.deregister("image_reference")
        md.inlinePatterns.deregister("short_image_ref")
        md.treeprocessors.register(_SafeTree(md), "hub_safe", 0)


def _new_markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=[_SafeMarkdown(), "sane_lists"], output_format="html")


_md = _new_markdown()


def block(text: str, css_class: str = "hub-text") -> Markup:
    """A Markdown field as a self-contained, safe HTML block."""
    # Not memoised: a build converts each text once (a memo of the last
    # 1,024 was never hit at 1,000 records and held 1,024 texts and their HTML).
    _md.reset()
    body = _md.convert(str(text))
    # A line inside the block starting with the snippet marker or similar is
    # harmless here (the block is stashed whole), but keep it on one line per
    # element anyway so no outer Markdown rule can see a fresh line start.
    return Markup(f'<div class="{css_class}">\n{body}\n</div>')
